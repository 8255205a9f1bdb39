import { beforeAll, describe, expect, it } from 'vitest';
import { callerWith, checkAbilitiesAgree, postOk } from '../../../test/actions.ts';
import { testCrypto } from '../../../test/app.ts';
import { expectNotFoundFor, serverKit } from '../../../test/kit.ts';
import { insertMember } from '../members/index.ts';
import { declarationActions } from './dues.actions.ts';

const SESSIONS = { security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } };
const { t, tree, userIds, district, community, branch, member, farDistrict } = serverKit(
  {
    district: { org: 'd1', role: 'district_admin' },
    community: { org: 'c1', role: 'community_secretary' },
    branch: { org: 'b1', role: 'branch_secretary' },
    member: { org: 'b1', role: 'member' },
    farDistrict: { org: 'd2', role: 'district_admin' },
  },
  SESSIONS,
);

let alice: number;
let bob: number;
let carol: number;

const get = async (client: typeof district, url: string) => {
  const res = await client({ method: 'GET', url: `/api/v1${url}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
};

beforeAll(async () => {
  t.clock.set('2026-01-05T09:00:00+08:00');
  alice = await insertMember(t.db, testCrypto, tree.b1.id, { name: '张红', userId: userIds.member });
  bob = await insertMember(t.db, testCrypto, tree.b1.id, { name: '李明' });
  carol = await insertMember(t.db, testCrypto, tree.b1.id, {
    name: '王芳',
    joinedOn: '2026-03-15',
    status: 'probationary',
  });
});

describe('the calculator contract', () => {
  it('answers amount, rate and the rule exactly', async () => {
    const res = await branch({
      method: 'GET',
      url: '/api/v1/dues/calculate?base=5400&category=employed&on=2026-01-05',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body.data).sort()).toEqual(['amount', 'rate', 'rule']);
    expect(body.data.amount).toBe(81);
    expect(body.data.rate).toBe(0.015);
    expect(Object.keys(body.data.rule).sort()).toEqual(['source', 'version']);
    expect(body.data.rule.version).toBe('2008.1');
    expect(body.data.rule.source).not.toMatch(/\[P|\bV\b/);
  });

  it('brackets and categories through the route', async () => {
    const calc = async (q: string) =>
      (await get(member, `/dues/calculate?${q}`)) as { amount: number; rate: number };
    expect((await calc('base=3000&category=employed')).amount).toBe(15);
    expect((await calc('base=3000.01&category=employed')).amount).toBe(30);
    expect((await calc('base=6000&category=retired')).amount).toBe(60);
    expect((await calc('base=12000&category=annual_salary')).amount).toBe(240);
    expect((await calc('base=500&category=farmer')).amount).toBe(1);
    expect((await calc('base=6000&category=student')).rate).toBeNull();
  });

  it('refuses a bad category or base with the field named, and another district with 404', async () => {
    const bad = await branch({ method: 'GET', url: '/api/v1/dues/calculate?base=-1&category=employed' });
    expect(bad.statusCode).toBe(400);
    const cat = await branch({ method: 'GET', url: '/api/v1/dues/calculate?base=100&category=robot' });
    expect(cat.statusCode).toBe(400);
    expect(cat.body).toContain('党员类别');
    await expectNotFoundFor(
      farDistrict,
      [`GET /api/v1/dues/calculate?base=1&category=employed&orgId=${tree.b1.id}`],
      0,
    );
  });
});

describe('declarations, payments, ledger, arrears', () => {
  it('a declaration waits for the level above; the branch cannot approve its own', async () => {
    const d = await postOk(branch, `/orgs/${tree.b1.id}/dues/declarations`, {
      memberId: alice,
      year: 2026,
      category: 'employed',
      base: 5400,
    });
    expect(d).toMatchObject({ monthly: 81, status: 'submitted', abilities: { approve: false } });
    const own = await branch({
      method: 'POST',
      url: `/api/v1/dues/declarations/${d.id}/approve`,
      payload: {},
    });
    expect(own.statusCode).toBe(403);
    const ok = await postOk(community, `/dues/declarations/${d.id}/approve`, {});
    expect(ok.status).toBe('approved');
    await expectNotFoundFor(
      farDistrict,
      [
        { route: 'POST /api/v1/dues/declarations/:id/approve', payload: {} },
        { route: 'POST /api/v1/dues/declarations/:id/reject', payload: { reason: '基数有误' } },
      ],
      d.id,
    );
    const again = await community({
      method: 'POST',
      url: `/api/v1/dues/declarations/${d.id}/approve`,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    const b = await postOk(branch, `/orgs/${tree.b1.id}/dues/declarations`, {
      memberId: bob,
      year: 2026,
      category: 'retired',
      base: 4000,
    });
    await postOk(community, `/dues/declarations/${b.id}/approve`, {});
    const c = await postOk(branch, `/orgs/${tree.b1.id}/dues/declarations`, {
      memberId: carol,
      year: 2026,
      category: 'student',
      base: 0,
    });
    await postOk(community, `/dues/declarations/${c.id}/approve`, {});
    const list = await get(branch, `/dues/declarations?orgId=${tree.b1.id}&year=2026`);
    expect(list).toHaveLength(3);
  });

  it('records on-time, advance and late payments; refuses more than six months ahead and a month twice', async () => {
    const pay = (months: string[], paidOn: string, memberId = alice) =>
      branch({
        method: 'POST',
        url: `/api/v1/orgs/${tree.b1.id}/dues/payments`,
        payload: { memberId, months, paidOn, channel: 'wechat', receiptNo: 'R-001' },
      });
    const first = await pay(['2026-01'], '2026-01-05');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().data.total).toBe(81);
    const far = await pay(['2026-08'], '2026-01-05');
    expect(far.statusCode).toBe(422);
    expect(far.body).toContain('6个月');
    expect((await pay(['2026-01'], '2026-01-05')).statusCode).toBe(409);
    expect((await pay(['2026-02', '2026-03'], '2026-01-05')).statusCode).toBe(201); // advance
    const future = await pay(['2026-04'], '2026-02-01');
    expect(future.statusCode).toBe(422); // paid on after today
    const outsider = await insertMember(t.db, testCrypto, tree.c2.id, { name: '外支部' });
    expect((await pay(['2026-01'], '2026-01-05', outsider)).statusCode).toBe(404);
    await expectNotFoundFor(
      farDistrict,
      [
        {
          route: 'POST /api/v1/orgs/:id/dues/payments',
          payload: { memberId: alice, months: ['2026-04'], paidOn: '2026-01-05', channel: 'cash' },
        },
        {
          route: 'POST /api/v1/orgs/:id/dues/declarations',
          payload: { memberId: alice, year: 2026, category: 'employed', base: 1 },
        },
        {
          route: 'POST /api/v1/orgs/:id/dues/reasons',
          payload: { memberId: alice, fromMonth: '2026-01', toMonth: '2026-02', reason: '生病住院' },
        },
        {
          route: 'POST /api/v1/orgs/:id/dues/movements',
          payload: { kind: 'collected', amount: 10, onDate: '2026-01-05' },
        },
        'GET /api/v1/orgs/:id/dues/ledger?year=2026',
        'GET /api/v1/orgs/:id/dues/ledger.xlsx?year=2026',
      ],
      tree.b1.id,
    );
  });

  it('arrears across the year boundary, the six-month flag and a reason that clears it', async () => {
    // Bob pays January to March late in April; nothing after. Alice paid to March, then July onwards.
    t.clock.set('2026-04-20T09:00:00+08:00');
    await postOk(branch, `/orgs/${tree.b1.id}/dues/payments`, {
      memberId: bob,
      months: ['2026-01', '2026-02', '2026-03'],
      paidOn: '2026-04-20',
      channel: 'cash',
    });
    t.clock.set('2026-07-10T09:00:00+08:00');
    await postOk(branch, `/orgs/${tree.b1.id}/dues/payments`, {
      memberId: alice,
      months: ['2026-04', '2026-05', '2026-06', '2026-07'],
      paidOn: '2026-07-10',
      channel: 'cash',
    });
    t.clock.set('2027-01-15T09:00:00+08:00');
    const arrears = (await get(branch, `/dues/arrears?orgId=${tree.b1.id}`)) as {
      memberId: number;
      monthsUnpaid: number;
      lastPaidMonth: string | null;
      flagged: boolean;
    }[];
    for (const a of arrears)
      expect(Object.keys(a).sort()).toEqual(['flagged', 'lastPaidMonth', 'memberId', 'monthsUnpaid']);
    const byId = new Map(arrears.map((a) => [a.memberId, a]));
    // Alice: Aug–Dec unpaid (5 months): not flagged.
    expect(byId.get(alice)).toEqual({
      memberId: alice,
      monthsUnpaid: 5,
      lastPaidMonth: '2026-07',
      flagged: false,
    });
    // Bob: Apr–Dec unpaid (9 months): flagged.
    expect(byId.get(bob)).toEqual({
      memberId: bob,
      monthsUnpaid: 9,
      lastPaidMonth: '2026-03',
      flagged: true,
    });
    // Carol joined in March: owes March to December (10), nothing paid.
    expect(byId.get(carol)).toMatchObject({ monthsUnpaid: 10, lastPaidMonth: null, flagged: true });
    // A month later Alice crosses six months.
    t.clock.set('2027-02-01T09:00:00+08:00');
    const feb = (await get(branch, `/dues/arrears?orgId=${tree.b1.id}`)) as {
      memberId: number;
      flagged: boolean;
    }[];
    expect(feb.find((a) => a.memberId === alice)).toMatchObject({ monthsUnpaid: 6, flagged: true });
    await postOk(branch, `/orgs/${tree.b1.id}/dues/reasons`, {
      memberId: bob,
      fromMonth: '2026-05',
      toMonth: '2026-12',
      reason: '长期住院，经支部同意暂缓交纳',
    });
    const after = (await get(branch, `/dues/arrears?orgId=${tree.b1.id}`)) as {
      memberId: number;
      flagged: boolean;
    }[];
    expect(after.find((a) => a.memberId === bob)?.flagged).toBe(false);
    // The member stays in the register.
    const still = await t.db
      .selectFrom('members')
      .select('status')
      .where('id', '=', bob)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('full');
    await expectNotFoundFor(
      farDistrict,
      [
        'GET /api/v1/dues/arrears?orgId=:id',
        'GET /api/v1/dues/movements?orgId=:id',
        'GET /api/v1/dues/declarations?orgId=:id',
      ],
      tree.b1.id,
    );
    await expectNotFoundFor(branch, ['GET /api/v1/dues/arrears?orgId=:id'], tree.c2.id);
  });

  it('the ledger shows due, paid, channel and receipt; the export is audited', async () => {
    const ledger = await get(branch, `/orgs/${tree.b1.id}/dues/ledger?year=2026`);
    const a = ledger.rows.find((r: { memberId: number }) => r.memberId === alice);
    expect(a.months[0]).toMatchObject({
      month: '2026-01',
      due: 81,
      paid: 81,
      channel: 'wechat',
      receiptNo: 'R-001',
      status: 'on_time',
    });
    expect(a.months[1].status).toBe('advance');
    expect(a.months[4].status).toBe('late');
    expect(a.months[9].status).toBe('unpaid');
    // Carol joined in March: January and February are not owed.
    const c = ledger.rows.find((r: { memberId: number }) => r.memberId === carol);
    expect(c.months.slice(0, 3).map((m: { status: string }) => m.status)).toEqual([
      'not_yet',
      'not_yet',
      'unpaid',
    ]);
    const xlsx = await branch({
      method: 'GET',
      url: `/api/v1/orgs/${tree.b1.id}/dues/ledger.xlsx?year=2026`,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'dues.export')
      .execute();
    expect(audit.length).toBe(1);
  });

  it('fund movements: collection, remittance to the parent, returns only downward', async () => {
    await postOk(community, `/orgs/${tree.c1.id}/dues/movements`, {
      kind: 'collected',
      amount: 500,
      onDate: '2027-01-31',
    });
    await postOk(community, `/orgs/${tree.c1.id}/dues/movements`, {
      kind: 'remitted',
      amount: 500,
      onDate: '2027-01-31',
    });
    await postOk(district, `/orgs/${tree.d1.id}/dues/movements`, {
      kind: 'returned',
      amount: 20000,
      counterpartOrgId: tree.b1.id,
      onDate: '2027-01-31',
    });
    const up = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/dues/movements`,
      payload: { kind: 'returned', amount: 1, counterpartOrgId: tree.s1.id, onDate: '2027-01-31' },
    });
    expect(up.statusCode).toBe(422);
    const list = await get(district, `/dues/movements?orgId=${tree.d1.id}`);
    expect(list.map((m: { kind: string }) => m.kind).sort()).toEqual(['collected', 'remitted', 'returned']);
    expect(list.find((m: { kind: string }) => m.kind === 'remitted').counterpartOrgName).toBeTruthy();
  });

  it('a member sees their own dues only', async () => {
    const res = await member({ method: 'GET', url: '/api/v1/dues/mine' });
    const mine = res.json().data;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ memberId: alice, declaration: { monthly: 81 } });
    const ledger = await member({ method: 'GET', url: `/api/v1/orgs/${tree.b1.id}/dues/ledger?year=2026` });
    expect(ledger.statusCode).toBe(403);
    const rules = (await district({ method: 'GET', url: '/api/v1/dues/rules' })).json().data;
    expect(rules[0].version).toBe('2008.1');
  });
});

describe('district scope (no member cap)', () => {
  it('the district reads the whole ledger, arrears and figures per child organization; paging; 404 outside', async () => {
    t.clock.set('2027-02-01T09:00:00+08:00');
    const before = (await get(district, `/dues/arrears?orgId=${tree.d1.id}`)) as unknown[];
    const stored = await get(district, `/dues/summary?orgId=${tree.d1.id}`);
    expect(stored.owing).toBe(before.length);
    // More members, in another community of the district.
    for (let i = 0; i < 12; i++) await insertMember(t.db, testCrypto, tree.c2.id, { name: `成员${i}` });
    const all = (await get(district, `/dues/arrears?orgId=${tree.d1.id}`)) as {
      memberId: number;
      monthsUnpaid: number;
      flagged: boolean;
    }[];
    // The new members owe January 2027 (no declaration: January of this year onward).
    expect(all.length).toBe(before.length + 12);
    const res = await district({
      method: 'GET',
      url: `/api/v1/dues/arrears?orgId=${tree.d1.id}&pageSize=5&page=2`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().page).toEqual({ page: 2, pageSize: 5, total: all.length });
    expect(res.json().data.map((a: { memberId: number }) => a.memberId)).toEqual(
      all.slice(5, 10).map((a) => a.memberId),
    );
    const summary = await get(district, `/dues/summary?orgId=${tree.d1.id}`);
    expect(summary.owing).toBe(all.length);
    expect(summary.flagged).toBe(all.filter((a) => a.flagged).length);
    expect(summary.monthsUnpaid).toBe(all.reduce((n, a) => n + a.monthsUnpaid, 0));
    expect(summary.members).toBeGreaterThanOrEqual(all.length);
    const kids = summary.children as { orgId: number; owing: number; members: number }[];
    expect(kids.reduce((n, k) => n + k.owing, 0)).toBe(all.length);
    const s1 = kids.find((k) => k.orgId === tree.s1.id);
    expect(s1?.owing).toBe(all.length);
    const ledger = await district({
      method: 'GET',
      url: `/api/v1/orgs/${tree.d1.id}/dues/ledger?year=2027&pageSize=10`,
    });
    expect(ledger.statusCode, ledger.body).toBe(200);
    expect(ledger.json().page.total).toBe(summary.members);
    expect(ledger.json().data.rows).toHaveLength(10);
    expect(ledger.json().data.rows[0].months).toHaveLength(12);
    // A dues write refreshes its organization's stored figures: a reason clears Alice's flag.
    expect(all.find((a) => a.memberId === alice)?.flagged).toBe(true);
    await postOk(branch, `/orgs/${tree.b1.id}/dues/reasons`, {
      memberId: alice,
      fromMonth: '2026-08',
      toMonth: '2027-01',
      reason: '外出务工，经支部同意补交',
    });
    expect((await get(district, `/dues/summary?orgId=${tree.d1.id}`)).flagged).toBe(summary.flagged - 1);
    // A new month: the stored figures are recomputed (every debtor owes one more month).
    t.clock.set('2027-03-02T09:00:00+08:00');
    const march = (await get(district, `/dues/arrears?orgId=${tree.d1.id}`)) as { monthsUnpaid: number }[];
    const next = await get(district, `/dues/summary?orgId=${tree.d1.id}`);
    expect(next.monthsUnpaid).toBe(march.reduce((n, a) => n + a.monthsUnpaid, 0));
    expect(next.monthsUnpaid).toBe(summary.monthsUnpaid + all.length);
    await expectNotFoundFor(
      farDistrict,
      ['GET /api/v1/dues/summary?orgId=:id', 'GET /api/v1/orgs/:id/dues/ledger?year=2027'],
      tree.d1.id,
    );
    await expectNotFoundFor(branch, ['GET /api/v1/dues/summary?orgId=:id'], tree.c2.id);
  });
});

describe('declaration action table', () => {
  it('abilities agree with the routes', async () => {
    const callers = [
      await callerWith(t, 'district', 'dz_district', { orgId: tree.d1.id, role: 'district_admin' }),
      await callerWith(t, 'community', 'dz_comm', { orgId: tree.c1.id, role: 'community_secretary' }),
      await callerWith(t, 'branch', 'dz_branch', { orgId: tree.b1.id, role: 'branch_secretary' }),
      await callerWith(t, 'sibling', 'dz_sib', { orgId: tree.c2.id, role: 'community_secretary' }),
      await callerWith(t, 'far', 'dz_far', { orgId: tree.d2.id, role: 'district_admin' }),
    ];
    let year = 2030;
    const submitted = async () => {
      year += 1;
      return {
        id: (
          await postOk(branch, `/orgs/${tree.b1.id}/dues/declarations`, {
            memberId: bob,
            year,
            category: 'employed',
            base: 4000,
          })
        ).id,
      };
    };
    const decided = async () => {
      const { id } = await submitted();
      await postOk(community, `/dues/declarations/${id}/approve`, {});
      return { id };
    };
    const counts = await checkAbilitiesAgree(t.db, declarationActions, {
      callers,
      fixtures: [
        { state: 'submitted', make: submitted },
        { state: 'approved', make: decided },
      ],
      bodies: { approve: {}, reject: { reason: '基数有误' } },
    });
    expect(counts.succeeded).toBeGreaterThanOrEqual(2);
    expect(counts.hidden).toBeGreaterThan(0);
  }, 300_000);
});
