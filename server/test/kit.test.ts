import { describe, expect, it } from 'vitest';
import { expectNotFoundFor, serverKit } from './kit.ts';
import { lateBound } from './late-bound.ts';

// The kit itself: accounts really hold their roles, late-bound values are the real ones, and the
// scope helper fails when a route answers anything but 404.
const { t, tree, district, branch, userIds } = serverKit({
  district: { org: 'd1', role: 'district_admin', username: 'kit_district' },
  branch: { org: 'b1', role: 'branch_secretary' },
});

describe('serverKit', () => {
  it('signs each account in with its role on its organization', async () => {
    const me = await district({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().data.user.username).toBe('kit_district');
    const grants = await t.db
      .selectFrom('roleGrants')
      .select(['role', 'orgId'])
      .where('userId', '=', userIds.branch)
      .execute();
    expect(grants).toEqual([{ role: 'branch_secretary', orgId: tree.b1.id }]);
    expect(branch.cookie).toMatch(/=/);
    expect(Object.keys(tree)).toEqual(['d1', 's1', 's2', 'c1', 'c2', 'b1', 'd2', 's3', 'c3']);
  });

  it('refuses a late-bound value used before it is set', () => {
    const later = lateBound<{ x: number }>('later', () => undefined);
    expect(() => later.x).toThrow(/later is used before/);
  });
});

describe('expectNotFoundFor', () => {
  it('passes when every outsider gets 404 from every route', async () => {
    await expectNotFoundFor(branch, ['GET /api/v1/orgs/:id', 'GET /api/v1/orgs/:id/history'], tree.c3.id);
  });

  it('fails when a route answers the caller', async () => {
    await expect(expectNotFoundFor([branch, district], ['GET /api/v1/orgs/:id'], tree.c1.id)).rejects.toThrow(
      /GET \/api\/v1\/orgs\/:id/,
    );
  });
});
