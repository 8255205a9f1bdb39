import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, type Caller, checkAbilitiesAgree } from '../../../test/actions.ts';
import { buildTestApp, insertTwoDistricts, insertUser, type TestApp, testCrypto } from '../../../test/app.ts';
import { insertMember } from '../members/index.ts';
import { pointsRequestActions } from './points.actions.ts';

/** Points approvals on their action table: abilities agree with the routes for every state and caller. */
let t: TestApp;
let tree: Awaited<ReturnType<typeof insertTwoDistricts>>;
let callers: Record<string, Caller>;
let alice: number;

async function caller(name: string, username: string, orgId: number, role: string): Promise<Caller> {
  const id = await insertUser(t.db, { username, orgId, role: role as 'member' });
  return { name, client: await t.login(username), actor: await actorOf(t.db, id) };
}

beforeAll(async () => {
  t = await buildTestApp({
    security: { mfaRequiredForAdmins: false, sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 },
  });
  tree = await insertTwoDistricts(t.db);
  t.clock.set('2026-11-21T09:00:00+08:00');
  callers = {
    sec: await caller('branch secretary', 'pa_sec', tree.b1.id, 'branch_secretary'),
    community: await caller('community', 'pa_comm', tree.c1.id, 'community_secretary'),
    street: await caller('street', 'pa_street', tree.s1.id, 'street_secretary'),
    member: await caller('member', 'pa_mem', tree.b1.id, 'member'),
    far: await caller('other district', 'pa_far', tree.d2.id, 'district_admin'),
  };
  alice = await insertMember(t.db, testCrypto, tree.b1.id, { name: '爱丽' });
});

afterAll(async () => {
  await t?.close();
});

describe('points request action table', () => {
  it('abilities agree with the routes for every action, state and caller', async () => {
    const asked = async () => {
      const res = await callers.sec.client({
        method: 'POST',
        url: `/api/v1/orgs/${tree.b1.id}/points/requests`,
        payload: { memberId: alice, ruleCode: 'manual.award', points: 2, reason: '协助社区防汛' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().data.id as number;
    };
    const decided = (verb: 'approve' | 'reject') => async () => {
      const id = await asked();
      const res = await callers.community.client({
        method: 'POST',
        url: `/api/v1/points/requests/${id}/${verb}`,
        payload: verb === 'reject' ? { comment: '材料不全' } : {},
      });
      expect(res.statusCode, res.body).toBe(200);
      return id;
    };
    const counts = await checkAbilitiesAgree(t.db, pointsRequestActions, {
      callers: Object.values(callers),
      fixtures: [
        { state: 'pending', make: async () => ({ id: await asked() }) },
        { state: 'approved', make: async () => ({ id: await decided('approve')() }) },
        { state: 'rejected', make: async () => ({ id: await decided('reject')() }) },
      ],
      bodies: { approve: { comment: '同意' }, reject: { comment: '不符合规则' } },
    });
    expect(counts.succeeded).toBeGreaterThan(2);
    expect(counts.refused).toBeGreaterThan(5);
    expect(counts.hidden).toBeGreaterThan(2);

    // Another district's administrator neither approves nor rejects: the request does not exist for them.
    const pendingId = await asked();
    for (const url of [
      `/api/v1/points/requests/${pendingId}/approve`,
      `/api/v1/points/requests/${pendingId}/reject`,
    ]) {
      const res = await callers.far.client({ method: 'POST', url, payload: { comment: '越权' } });
      expect(res.statusCode, `${url} ${res.body}`).toBe(404);
    }
  }, 600_000);

  it('the list carries the same abilities: the branch sees no approve button, the level above does', async () => {
    const res = await callers.sec.client({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/points/requests`,
      payload: { memberId: alice, ruleCode: 'manual.award', points: 1, reason: '志愿服务' },
    });
    const id = res.json().data.id;
    const list = async (who: Caller) => {
      const r = await who.client({
        method: 'GET',
        url: '/api/v1/points/requests',
        query: { orgId: String(who === callers.sec ? tree.b1.id : tree.c1.id) },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().data.find((x: { id: number }) => x.id === id);
    };
    expect((await list(callers.sec)).abilities).toEqual({ approve: false, reject: false });
    expect((await list(callers.community)).abilities).toEqual({ approve: true, reject: true });
    const outside = await callers.far.client({
      method: 'POST',
      url: `/api/v1/points/requests/${id}/approve`,
      payload: {},
    });
    expect(outside.statusCode).toBe(404);
  });
});
