import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertOrg, insertUser } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';

const { t } = serverKit({}, { tree: false });
let street: Client;
let community: Client;
let other: Client;
let branchId: number;

/** A real-looking tree: 示范区委 / 中山街道党工委 / 朝阳社区党委 / 朝阳社区第一网格党支部, and a second street. */
beforeAll(async () => {
  const named = async (code: string, name: string, shortName: string | null, parentId?: number) => {
    const org = await insertOrg(t.db, { code, name, parentId, kind: 'committee' });
    if (shortName) await t.db.updateTable('orgs').set({ shortName }).where('id', '=', org.id).execute();
    return org;
  };
  const district = await named('SD', '示范区委', null);
  const zs = await named('SD-ZS', '中山街道党工委', '中山街道', district.id);
  const cy = await named('SD-ZS-CY', '朝阳社区党委', '朝阳社区', zs.id);
  const branch = await named('SD-ZS-CY-1', '朝阳社区第一网格党支部', '第一网格党支部', cy.id);
  branchId = branch.id;
  await named('SD-ZS-CY-2', '朝阳社区第二网格党支部', null, cy.id);
  await named('SD-ZS-HP', '和平社区党委', '和平社区', zs.id);
  const yq = await named('SD-YQ', '运河街道党工委', '运河街道', district.id);
  await named('SD-YQ-CY', '朝阳村党总支', null, yq.id);
  await insertUser(t.db, { username: 'street_zs', orgId: zs.id, role: 'street_secretary' });
  await insertUser(t.db, { username: 'community_cy', orgId: cy.id, role: 'community_secretary' });
  await insertUser(t.db, { username: 'street_yq', orgId: yq.id, role: 'street_secretary' });
  street = await t.login('street_zs');
  community = await t.login('community_cy');
  other = await t.login('street_yq');
});

const search = (client: Client, q: string, limit?: number) =>
  client({
    method: 'GET',
    url: '/api/v1/orgs/search',
    query: limit ? { q, limit: String(limit) } : { q },
  });

describe('GET /api/v1/orgs/search', () => {
  it('finds a grid branch three levels down by its full name, with the path label from the caller down', async () => {
    const res = await search(street, '朝阳社区第一网格');
    expect(res.statusCode).toBe(200);
    // Only the hit's public fields: no materialized path or depth.
    expect(Object.keys(res.json().data[0]).sort()).toEqual(
      ['code', 'id', 'kind', 'level', 'name', 'pathLabel', 'shortName'].sort(),
    );
    expect(res.json().data).toEqual([
      expect.objectContaining({
        id: branchId,
        name: '朝阳社区第一网格党支部',
        pathLabel: '中山街道 / 朝阳社区 / 朝阳社区第一网格党支部',
      }),
    ]);
  });

  it('matches short names and words spread over the ancestors', async () => {
    const short = await search(street, '第一网格党支部');
    expect(short.json().data.map((h: { id: number }) => h.id)).toEqual([branchId]);
    const spread = await search(street, '中山 第二网格');
    expect(spread.json().data.map((h: { name: string }) => h.name)).toEqual(['朝阳社区第二网格党支部']);
    const byAncestorShortName = await search(street, '朝阳社区');
    expect(byAncestorShortName.json().data.map((h: { name: string }) => h.name)).toEqual([
      '朝阳社区党委',
      '朝阳社区第一网格党支部',
      '朝阳社区第二网格党支部',
    ]);
  });

  it('stays in the caller subtree: another street never sees them, the label starts at the caller', async () => {
    const res = await search(other, '朝阳');
    expect(res.json().data.map((h: { name: string; pathLabel: string }) => [h.name, h.pathLabel])).toEqual([
      ['朝阳村党总支', '运河街道 / 朝阳村党总支'],
    ]);
    const none = await search(other, '朝阳社区第一网格');
    expect(none.statusCode).toBe(200);
    expect(none.json().data).toEqual([]);
    const fromCommunity = await search(community, '第一网格');
    expect(fromCommunity.json().data.map((h: { pathLabel: string }) => h.pathLabel)).toEqual([
      '朝阳社区 / 朝阳社区第一网格党支部',
    ]);
  });

  it('limits the answer and names the field of a bad query in Chinese', async () => {
    const limited = await search(street, '社区', 2);
    expect(limited.json().data).toHaveLength(2);
    const empty = await search(street, '  ');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('搜索词');
    const tooMany = await search(street, '社区', 500);
    expect(tooMany.statusCode).toBe(400);
  });

  it('requires a signed-in caller', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orgs/search', query: { q: '朝阳' } });
    expect(res.statusCode).toBe(401);
  });
});
