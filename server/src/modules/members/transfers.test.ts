import { describe, expect, it } from 'vitest';
import { insertOrg, insertUser, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';
import { upcomingPartyBirthdays } from './members.queries.ts';
import { insertMember } from './members.testkit.ts';

const { t, tree, fromBranch, toCommunity } = serverKit({
  fromBranch: { org: 'b1', role: 'branch_secretary', username: 't_from' },
  toCommunity: { org: 'c3', role: 'community_secretary', username: 't_to' },
});

const orgOf = async (id: number) =>
  await t.db.selectFrom('members').select(['orgId', 'status']).where('id', '=', id).executeTakeFirstOrThrow();

describe('transfers (组织关系转接)', () => {
  it('the member stays until the receiving organization accepts', async () => {
    const id = await insertMember(t.db, testCrypto, tree.b1.id, {});
    const res = await fromBranch({
      method: 'POST',
      url: `/api/v1/members/${id}/transfers`,
      payload: { toOrgCode: 'D2-S1-C1', reason: '工作调动', duesPaidUntil: '2026-10' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const transfer = res.json().data;
    expect(transfer.status).toBe('pending');
    expect((await orgOf(id)).orgId).toBe(tree.b1.id);
    const second = await fromBranch({
      method: 'POST',
      url: `/api/v1/members/${id}/transfers`,
      payload: { toOrgCode: 'D1-S1-C2', reason: '再次转出' },
    });
    expect(second.statusCode).toBe(422);
    // The sender cannot accept for the receiver; the receiver sees it as incoming.
    expect(
      (
        await fromBranch({
          method: 'POST',
          url: `/api/v1/member-transfers/${transfer.id}/accept`,
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
    const incoming = await toCommunity({
      method: 'GET',
      url: '/api/v1/member-transfers',
      query: { direction: 'incoming' },
    });
    expect(incoming.json().data.map((x: { id: number }) => x.id)).toContain(transfer.id);
    const accepted = await toCommunity({
      method: 'POST',
      url: `/api/v1/member-transfers/${transfer.id}/accept`,
      payload: {},
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().data.status).toBe('accepted');
    expect((await orgOf(id)).orgId).toBe(tree.c3.id);
    expect((await fromBranch({ method: 'GET', url: `/api/v1/members/${id}` })).statusCode).toBe(404);
    expect(
      (
        await toCommunity({
          method: 'POST',
          url: `/api/v1/member-transfers/${transfer.id}/refuse`,
          payload: { reason: '重复' },
        })
      ).statusCode,
    ).toBe(422);
  });

  it('refusal keeps the member, with the reason; the sender may cancel a pending one', async () => {
    const id = await insertMember(t.db, testCrypto, tree.b1.id, {});
    const tr = (
      await fromBranch({
        method: 'POST',
        url: `/api/v1/members/${id}/transfers`,
        payload: { toOrgCode: 'D2-S1-C1', reason: '居住地变更' },
      })
    ).json().data;
    expect(
      (await toCommunity({ method: 'POST', url: `/api/v1/member-transfers/${tr.id}/refuse`, payload: {} }))
        .statusCode,
    ).toBe(400);
    const refused = await toCommunity({
      method: 'POST',
      url: `/api/v1/member-transfers/${tr.id}/refuse`,
      payload: { reason: '本人不在本社区居住' },
    });
    expect(refused.json().data).toMatchObject({ status: 'refused', decisionReason: '本人不在本社区居住' });
    expect((await orgOf(id)).orgId).toBe(tree.b1.id);
    const again = (
      await fromBranch({
        method: 'POST',
        url: `/api/v1/members/${id}/transfers`,
        payload: { toOrgCode: 'D2-S1-C1', reason: '重新转出' },
      })
    ).json().data;
    const cancelled = await fromBranch({
      method: 'POST',
      url: `/api/v1/member-transfers/${again.id}/cancel`,
      payload: { reason: '本人申请撤回' },
    });
    expect(cancelled.json().data.status).toBe('cancelled');
  });

  it('an expired letter cannot be accepted', async () => {
    const id = await insertMember(t.db, testCrypto, tree.b1.id, {});
    const tr = (
      await fromBranch({
        method: 'POST',
        url: `/api/v1/members/${id}/transfers`,
        payload: { toOrgCode: 'D2-S1-C1', reason: '工作调动' },
      })
    ).json().data;
    // 30 days later (the configured validity) the letter has expired.
    await t.db
      .updateTable('memberTransfers')
      .set({ validUntil: '2026-11-20' })
      .where('id', '=', tr.id)
      .execute();
    const res = await toCommunity({
      method: 'POST',
      url: `/api/v1/member-transfers/${tr.id}/accept`,
      payload: {},
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('有效期');
  });

  it('a transfer outside the system completes at once and prints a letter', async () => {
    const id = await insertMember(t.db, testCrypto, tree.b1.id, { name: '<script>张</script>' });
    const res = await fromBranch({
      method: 'POST',
      url: `/api/v1/members/${id}/transfers`,
      payload: { outsideOrgName: '某省某市某区委组织部', reason: '跨省工作调动' },
    });
    expect(res.json().data.status).toBe('completed');
    expect((await orgOf(id)).status).toBe('transferred_out');
    const letter = await fromBranch({
      method: 'GET',
      url: `/api/v1/member-transfers/${res.json().data.id}/print`,
    });
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toContain('text/html');
    expect(letter.body).toContain('党员组织关系介绍信');
    expect(letter.body).toContain('某省某市某区委组织部');
    expect(letter.body).not.toContain('<script>');
    expect(letter.body).toMatch(/\d{3}\*{14}[\dX]/);
    // The letter is the audited print route (the old unaudited /letter route is gone).
    const printed = await t.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'members.print_transfer_letter')
      .where('objectId', '=', String(res.json().data.id))
      .executeTakeFirst();
    expect(printed).toBeDefined();
  });

  it('transfer routes follow the subtree', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: (orgId) => insertMember(t.db, testCrypto, orgId, {}),
      update: {
        route: 'POST /api/v1/members/:id/transfers',
        payload: { toOrgCode: 'D2-S1-C1', reason: '工作调动' },
      },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => {
        const id = await insertMember(t.db, testCrypto, orgId, {});
        const row = await t.db
          .insertInto('memberTransfers')
          .values({
            memberId: id,
            fromOrgId: orgId,
            toOrgId: tree.d2.id,
            outsideOrgName: null,
            status: 'pending',
            reason: 'x',
            duesPaidUntil: null,
            letterNo: `L${id}`,
            validUntil: '2099-01-01',
            decisionReason: null,
            requestedBy: null,
            requestedAt: new Date(),
            decidedBy: null,
            decidedAt: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      },
      read: { route: 'GET /api/v1/member-transfers/:id' },
      update: { route: 'POST /api/v1/member-transfers/:id/cancel', payload: { reason: '撤回测试' } },
    });
  });
});

describe('party birthdays (政治生日)', () => {
  it('lists upcoming anniversaries per branch and sends one notice per year', async () => {
    const userId = await insertUser(t.db, { username: 't_bday', orgId: tree.b1.id, role: 'member' });
    // The fake clock is 2026-11-21.
    const soon = await insertMember(t.db, testCrypto, tree.b1.id, {
      joinedOn: '2000-11-25',
      fullOn: '2001-11-25',
      userId,
    });
    await insertMember(t.db, testCrypto, tree.b1.id, { joinedOn: '2000-03-01', fullOn: '2001-03-01' });
    const res = await fromBranch({
      method: 'GET',
      url: `/api/v1/orgs/${tree.b1.id}/party-birthdays`,
      query: { days: '10' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().data;
    expect(items.map((i: { memberId: number }) => i.memberId)).toContain(soon);
    expect(items.find((i: { memberId: number }) => i.memberId === soon)).toMatchObject({
      date: '2026-11-25',
      years: 26,
    });
    expect(items.every((i: { date: string }) => i.date >= '2026-11-21' && i.date <= '2026-12-01')).toBe(true);
    const sent = await fromBranch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/party-birthdays/notices`,
      payload: { days: 10 },
    });
    expect(sent.json().data.created).toBeGreaterThanOrEqual(1);
    const twice = await fromBranch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/party-birthdays/notices`,
      payload: { days: 10 },
    });
    expect(twice.json().data.created).toBe(0);
    const me = await t.login('t_bday');
    const notices = await me({ method: 'GET', url: '/api/v1/members/me/notices' });
    expect(notices.json().data[0].body).toContain('26 周年');
  });

  it('orders soonest first across the new year, returns `limit` items and counts them all', async () => {
    const org = await insertOrg(t.db, {
      code: 'BDAY-WRAP',
      kind: 'branch',
      level: 'grid',
      parentId: tree.b1.id,
    });
    const ids: Record<string, number> = {};
    for (const [key, joinedOn, status] of [
      ['jan5', '2001-01-05', 'full'],
      ['dec25', '2003-12-25', 'full'],
      ['dec21', '2002-12-21', 'probationary'],
      ['dec21b', '2005-12-21', 'full'],
      ['jan25', '2004-01-25', 'full'],
      ['gone', '2006-12-22', 'transferred_out'],
    ] as const) {
      ids[key] = await insertMember(t.db, testCrypto, org.id, { joinedOn, fullOn: null, status });
    }
    const all = await upcomingPartyBirthdays(t.db, org, 'joined', '2026-12-20', 30, 10);
    expect(all.items.map((i) => i.memberId)).toEqual([ids.dec21, ids.dec21b, ids.dec25, ids.jan5]);
    expect(all.items.map((i) => i.date)).toEqual(['2026-12-21', '2026-12-21', '2026-12-25', '2027-01-05']);
    expect(all.items[3].years).toBe(26);
    expect(all.total).toBe(4);
    const two = await upcomingPartyBirthdays(t.db, org, 'joined', '2026-12-20', 30, 2);
    expect(two.items.map((i) => i.memberId)).toEqual([ids.dec21, ids.dec21b]);
    expect(two.total).toBe(4);
    const none = await upcomingPartyBirthdays(t.db, org, 'full', '2026-12-20', 30, 2);
    expect(none).toEqual({ total: 0, items: [] });
  });
});
