import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertUser, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole, runCrossScopeMatrix } from '../../../test/scope.ts';
import { insertMember } from '../members/index.ts';
import { awardPoints, reverseEntry } from './index.ts';

const { t, tree, sec, community } = serverKit({
  sec: { org: 'b1', role: 'branch_secretary' },
  community: { org: 'c1', role: 'community_secretary' },
});
let mem: Client;
let alice: number;
let bob: number;
let memberUser: number;

beforeAll(async () => {
  memberUser = await insertUser(t.db, { username: 'mem', orgId: tree.b1.id, role: 'member' });
  alice = await insertMember(t.db, testCrypto, tree.b1.id, { name: '爱丽', userId: memberUser });
  bob = await insertMember(t.db, testCrypto, tree.b1.id, { name: '鲍勃' });
  await insertMember(t.db, testCrypto, tree.b1.id, { name: '陈三' });
  mem = await t.login('mem');
});

const award = (memberId: number, sourceId: number, ruleCode = 'org_life.attend', on = '2026-03-01') =>
  t.db.transaction().execute((trx) =>
    awardPoints(trx, {
      memberId,
      orgId: tree.b1.id,
      ruleCode,
      sourceType: 'test',
      sourceId,
      on,
      at: t.clock.now(),
      authorId: null,
    }),
  );

describe('ledger', () => {
  it('books rule points once per source, caps them per year, and skips unverified rules', async () => {
    expect(await award(alice, 1)).toMatchObject({ points: 3 });
    expect(await award(alice, 1)).toMatchObject({ points: 0, note: '该来源已记分' });
    for (const id of [2, 3, 4]) await award(alice, id);
    // 4 × 3 = 12 reaches the yearly cap of the default rule set.
    expect(await award(alice, 5)).toMatchObject({ entryId: null, points: 0 });
    expect((await award(alice, 5, 'org_life.attend', '2027-01-05')).points).toBe(3);
    const deduction = await award(bob, 6, 'org_life.absent_unexcused');
    expect(deduction).toMatchObject({ entryId: null, points: 0 });
    expect(deduction.note).toContain('尚未经本地细则确认');
    expect(deduction.note).not.toMatch(/（U）/);
  });

  it('corrects by reversal entries, never by edits', async () => {
    const { entryId } = await award(bob, 10);
    const reversal = await t.db
      .transaction()
      .execute((trx) =>
        reverseEntry(trx, entryId!, { reason: '登记错误', at: t.clock.now(), authorId: null }),
      );
    const rows = await t.db
      .selectFrom('pointsEntries')
      .select(['id', 'points', 'reversesId'])
      .where('memberId', '=', bob)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => Number(r.points))).toEqual([3, -3]);
    expect(Number(rows[1].id)).toBe(reversal);
    await expect(
      t.db
        .transaction()
        .execute((trx) => reverseEntry(trx, entryId!, { reason: '再冲', at: t.clock.now(), authorId: null })),
    ).rejects.toThrow('已经冲正');
    await expect(
      sql`update points_entries set points = 100 where id = ${entryId}`.execute(t.db),
    ).rejects.toThrow('只能追加');
    await expect(sql`delete from points_entries where id = ${entryId}`.execute(t.db)).rejects.toThrow(
      '只能追加',
    );
    // After the reversal the same source can be booked again.
    expect((await award(bob, 10)).points).toBe(3);
  });
});

describe('manual awards approved by the level above', () => {
  it('a secretary requests, the branch cannot approve its own, the community approves', async () => {
    const req = await sec({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/points/requests`,
      payload: { memberId: bob, ruleCode: 'manual.award', points: 5, reason: '志愿服务表现突出' },
    });
    expect(req.statusCode, req.body).toBe(201);
    const tooMuch = await sec({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/points/requests`,
      payload: { memberId: bob, ruleCode: 'manual.award', points: 50, reason: '过多' },
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.fields.points).toContain('0.5 至 10');
    const id = req.json().data.id;
    expect(
      (
        await sec({
          method: 'POST',
          url: `/api/v1/points/requests/${id}/decision`,
          payload: { decision: 'approved' },
        })
      ).statusCode,
    ).toBe(403);
    const list = await community({
      method: 'GET',
      url: '/api/v1/points/requests',
      query: { orgId: String(tree.c1.id), status: 'pending' },
    });
    expect(list.json().data[0]).toMatchObject({
      id,
      memberName: '鲍勃',
      abilities: { approve: true, reject: true },
    });
    const ok = await community({
      method: 'POST',
      url: `/api/v1/points/requests/${id}/decision`,
      payload: { decision: 'approved' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data.entryId).toBeGreaterThan(0);
    const again = await community({
      method: 'POST',
      url: `/api/v1/points/requests/${id}/decision`,
      payload: { decision: 'approved' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('shows rankings and yearly totals to the secretary, and own points and rank to the member', async () => {
    const rank = await sec({
      method: 'GET',
      url: `/api/v1/orgs/${tree.b1.id}/points/ranking`,
      query: { year: '2026' },
    });
    expect(rank.statusCode, rank.body).toBe(200);
    const r = rank.json().data;
    expect(
      r.ranking.map((x: { name: string; total: number; rank: number }) => [x.name, x.total, x.rank]),
    ).toEqual([
      ['爱丽', 12, 1],
      ['鲍勃', 8, 2],
      ['陈三', 0, 3],
    ]);
    expect(r.yearTotals.find((y: { year: number }) => y.year === 2027).total).toBe(3);
    const me = await mem({ method: 'GET', url: '/api/v1/points/me', query: { year: '2026' } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().data[0]).toMatchObject({ name: '爱丽', total: 12, rank: 1, rankOf: 3 });
    expect(me.json().data[0].entries).toHaveLength(4);
    expect((await mem({ method: 'GET', url: `/api/v1/points/members/${alice}/entries` })).statusCode).toBe(
      200,
    );
    expect((await mem({ method: 'GET', url: `/api/v1/points/members/${bob}/entries` })).statusCode).toBe(403);
    expect((await mem({ method: 'GET', url: `/api/v1/orgs/${tree.b1.id}/points/ranking` })).statusCode).toBe(
      403,
    );
    const csv = await sec({
      method: 'GET',
      url: `/api/v1/orgs/${tree.b1.id}/points/ranking.csv`,
      query: { year: '2026' },
    });
    expect(csv.body).toContain('1,爱丽');
  });
});

describe('scope', () => {
  it('rankings and histories: same and parent only', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      home: 'b1',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/orgs/:id/points/ranking' },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      home: 'b1',
      create: async (orgId) => insertMember(t.db, testCrypto, orgId, {}),
      read: { route: 'GET /api/v1/points/members/:id/entries' },
    });
  });

  it('reversal: the branch that owns the entry, 404 from elsewhere', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'branch_secretary',
      home: 'b1',
      create: async (orgId) => {
        const m = await insertMember(t.db, testCrypto, orgId, {});
        const r = await t.db.transaction().execute((trx) =>
          awardPoints(trx, {
            memberId: m,
            orgId,
            ruleCode: 'org_life.attend',
            sourceType: 'test',
            sourceId: m,
            on: '2026-05-01',
            at: t.clock.now(),
            authorId: null,
          }),
        );
        return r.entryId!;
      },
      update: { route: 'POST /api/v1/points/entries/:id/reverse', payload: { reason: '登记错误' } },
    });
  });

  it('approval: only strictly above the member organization (same org 403, outside 404)', async () => {
    const request = async (orgId: number) => {
      const m = await insertMember(t.db, testCrypto, orgId, {});
      const { id } = await t.db
        .insertInto('pointsRequests')
        .values({
          memberId: m,
          orgId,
          ruleCode: 'manual.award',
          points: 1,
          reason: '测试',
          requestedBy: 1,
          requestedAt: t.clock.now(),
          decidedBy: null,
          decidedAt: null,
          decisionComment: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    };
    const decide = (client: Client, id: number) =>
      client({
        method: 'POST',
        url: `/api/v1/points/requests/${id}/decision`,
        payload: { decision: 'approved' },
      });
    const cases: [Client, number][] = [
      [await clientWithRole(t, 'community_secretary', tree.c1.id), 403],
      [await clientWithRole(t, 'community_secretary', tree.c2.id), 404],
      [await clientWithRole(t, 'community_secretary', tree.b1.id), 404],
      [await clientWithRole(t, 'district_admin', tree.d2.id), 404],
      [await clientWithRole(t, 'street_secretary', tree.s1.id), 200],
      [await clientWithRole(t, 'district_admin', tree.d1.id), 200],
    ];
    for (const [client, status] of cases) {
      const id = await request(tree.c1.id);
      expect((await decide(client, id)).statusCode).toBe(status);
      const row = await t.db
        .selectFrom('pointsRequests')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe(status === 200 ? 'approved' : 'pending');
    }
  });
});
