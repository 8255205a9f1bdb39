import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole, runCrossScopeMatrix } from '../../../test/scope.ts';
import { publishTestTimeRule } from './service-requests.testkit.ts';

const { t, tree, resident, otherResident, district } = serverKit(
  {
    resident: { org: 'c1', role: 'resident', username: 'res1' },
    otherResident: { org: 'c1', role: 'resident', username: 'res2' },
    district: { org: 'd1', role: 'district_admin' },
  },
  {
    // The clock jumps weeks ahead: keep sessions alive, session expiry is tested in accounts.
    security: { mfaRequiredForAdmins: false, sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 },
  },
);
let community: Client;
let street: Client;
let categoryId: number;

const submit = (client: Client, orgId: number, extra: Record<string, unknown> = {}) =>
  client({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/service-requests`,
    payload: {
      categoryId,
      title: '楼道灯不亮',
      description: '3号楼2单元楼道灯坏了一周',
      location: '3号楼',
      ...extra,
    },
  });
const act = (client: Client, id: number, verb: string, payload: Record<string, unknown> = {}) =>
  client({ method: 'POST', url: `/api/v1/service-requests/${id}/${verb}`, payload });
const get = (client: Client, id: number) => client({ method: 'GET', url: `/api/v1/service-requests/${id}` });

beforeAll(async () => {
  community = await clientWithRole(t, 'community_secretary', tree.c1.id);
  street = await clientWithRole(t, 'street_secretary', tree.s1.id);
  const cats = await resident({ method: 'GET', url: '/api/v1/service-request-categories' });
  categoryId = cats.json().data[0].id;
  // The per-level clock is configuration: publish a rule version effective before the test dates.
  await publishTestTimeRule(district, { grid: 3, community: 5, street: 10, district: 15 });
});

describe('request workflow with working-day clocks', () => {
  it('escalates across a weekend with a make-up workday and the Mid-Autumn and National Day holidays', async () => {
    t.clock.set('2026-09-18T10:00:00+08:00'); // Friday
    const res = await submit(resident, tree.b1.id, { photo: { mime: 'image/png', data: 'iVBORw0KGgo=' } });
    expect(res.statusCode, res.body).toBe(201);
    const req = res.json().data;
    expect(req).toMatchObject({ handlingLevel: 'grid', source: 'resident', ruleVersion: 'test-2026.9' });
    // Sat 19 rest, Sun 20 make-up workday (1), Mon 21 (2), Tue 22 (3).
    expect(req.dueOn).toBe('2026-09-22');

    t.clock.set('2026-09-22T18:00:00+08:00');
    expect((await get(community, req.id)).json().data.isOverdue).toBe(false);
    t.clock.set('2026-09-23T09:00:00+08:00');
    expect((await get(community, req.id)).json().data.isOverdue).toBe(true);
    const overdueList = await community({ method: 'GET', url: '/api/v1/service-requests?overdue=true' });
    expect(overdueList.json().data.map((r: { id: number }) => r.id)).toContain(req.id);

    // Overdue detection moves it to the community automatically, with who, why and the next route.
    const sweep = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/service-requests/escalate-overdue`,
    });
    expect(sweep.json().data.escalated).toBe(1);
    const atCommunity = (await get(community, req.id)).json().data;
    expect(atCommunity).toMatchObject({
      handlingLevel: 'community',
      handlingOrgId: tree.c1.id,
      isOverdue: false,
    });
    // Thu 24 (1); 25–27 中秋; Mon 28 (2), 29 (3), 30 (4); 1–7 国庆; Thu Oct 8 (5).
    expect(atCommunity.dueOn).toBe('2026-10-08');
    const auto = atCommunity.events.find((e: { kind: string }) => e.kind === 'escalated');
    expect(auto).toMatchObject({ isAutomatic: true, fromLevel: 'grid', toLevel: 'community' });
    expect(auto.reason).toContain('2026-09-22');

    // The community hands it up to the street: a new 10-day clock that counts Sat Oct 10 (调休).
    // The next level is found from the tree: no free-text destination is asked for.
    expect((await act(community, req.id, 'escalate', { nextRoute: '街道' })).statusCode).toBe(400);
    const up = await act(community, req.id, 'escalate', { note: '涉及供电线路改造' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().data).toMatchObject({
      handlingLevel: 'street',
      dueOn: '2026-10-14',
      escalationCount: 2,
      nextRoute: '上报组织D1-S1',
    });

    // The community can still see it but no longer act on it (403); the street completes it.
    expect((await act(community, req.id, 'complete', { resolution: '已修好' })).statusCode).toBe(403);
    t.clock.set('2026-10-09T15:00:00+08:00');
    const done = await act(street, req.id, 'complete', { resolution: '供电所更换线路，楼道灯已恢复' });
    expect(done.json().data).toMatchObject({
      status: 'resolved',
      resolvedLevel: 'street',
      disposition: 'transferred',
    });

    // The resident is not satisfied and reopens: back to the street with a fresh clock.
    expect((await act(otherResident, req.id, 'reopen', { reason: '不亮' })).statusCode).toBe(404);
    const reopened = await act(resident, req.id, 'reopen', { reason: '晚上仍然不亮' });
    expect(reopened.json().data).toMatchObject({ status: 'open', handlingLevel: 'street', reopenCount: 1 });
    // Sat Oct 10 (调休) counts: Oct 10, 12–16, 19–22 → ten working days.
    expect(reopened.json().data.dueOn).toBe('2026-10-22');
    await act(street, req.id, 'complete', { resolution: '更换声控开关，已复查' });
    expect((await act(resident, req.id, 'confirm', { comment: '满意' })).statusCode).toBe(400);
    const confirmed = await act(resident, req.id, 'confirm', { rating: 'satisfied', comment: '满意' });
    expect(confirmed.json().data.status).toBe('closed');

    const detail = (await get(resident, req.id)).json().data;
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'submitted',
      'escalated',
      'escalated',
      'completed',
      'reopened',
      'completed',
      'confirmed',
    ]);
    expect(detail.hasPhoto).toBe(true);
    const photo = await resident({ method: 'GET', url: `/api/v1/service-requests/${req.id}/photo` });
    expect(photo.headers['content-type']).toBe('image/png');

    // Every step reached the resident's phone page.
    const notes = (await resident({ method: 'GET', url: '/api/v1/service-request-notifications' })).json();
    expect(notes.data.filter((n: { requestId: number }) => n.requestId === req.id)).toHaveLength(7);
    expect(notes.unread).toBeGreaterThanOrEqual(7);
    await resident({ method: 'POST', url: '/api/v1/service-request-notifications/read', payload: {} });
    expect(
      (await resident({ method: 'GET', url: '/api/v1/service-request-notifications' })).json().unread,
    ).toBe(0);
    expect(
      (await otherResident({ method: 'GET', url: '/api/v1/service-request-notifications' })).json().data,
    ).toHaveLength(0);
  });

  it('records desk entries with a masked phone, solves on the spot and transfers', async () => {
    t.clock.set('2026-11-02T09:00:00+08:00');
    const desk = await submit(community, tree.c1.id, {
      source: 'service_desk',
      contactName: '王阿姨',
      contactPhone: '13912345678',
    });
    expect(desk.statusCode, desk.body).toBe(201);
    expect(desk.json().data).toMatchObject({ source: 'service_desk', contactPhone: '139****5678' });
    expect(desk.body).not.toContain('13912345678');
    const spot = await act(community, desk.json().data.id, 'resolve-on-spot', { resolution: '现场开具证明' });
    expect(spot.json().data).toMatchObject({
      status: 'resolved',
      disposition: 'on_spot',
      resolvedLevel: 'community',
    });
    // Without a resident account the desk records the callback.
    const callback = await act(community, desk.json().data.id, 'confirm', { rating: 'basically_satisfied' });
    expect(callback.json().data).toMatchObject({
      status: 'closed',
      visit: { rating: 'basically_satisfied' },
    });

    const second = (await submit(resident, tree.c1.id)).json().data;
    const transferred = await act(community, second.id, 'transfer', {
      reason: '需物业维修',
      nextRoute: '转物业公司',
    });
    expect(transferred.json().data).toMatchObject({ disposition: 'transferred', nextRoute: '转物业公司' });
    expect((await act(community, second.id, 'resolve-on-spot', { resolution: '好了' })).statusCode).toBe(422);
    // A resident may not choose the source or act as the desk.
    expect((await submit(resident, tree.c1.id, { source: 'service_desk' })).statusCode).toBe(422);
    expect((await act(resident, second.id, 'complete', { resolution: '自己修好了' })).statusCode).toBe(403);
    // Bodies never carry placement or status.
    expect((await submit(resident, tree.c1.id, { orgId: tree.c3.id })).statusCode).toBe(400);
  });

  it('computes the figures per scope and period in SQL', async () => {
    t.clock.set('2026-11-10T09:00:00+08:00');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submit(resident, tree.c1.id)).json().data.id);
    await act(community, ids[0], 'resolve-on-spot', { resolution: '当场解决' });
    await act(community, ids[1], 'resolve-on-spot', { resolution: '当场解决' });
    await act(community, ids[2], 'transfer', { reason: '登记', nextRoute: '转网格员' });
    await act(community, ids[2], 'complete', { resolution: '已办结' });
    await act(community, ids[3], 'escalate', {});
    const sibling = await clientWithRole(t, 'community_secretary', tree.c2.id);
    await submit(sibling, tree.c2.id, { source: 'grid_worker', contactName: '李' });
    t.clock.set('2026-11-30T09:00:00+08:00'); // ids[3] (street, 10 days) and ids[4] (community, 5) are overdue

    const stats = await street({
      method: 'GET',
      url: '/api/v1/service-requests/stats?from=2026-11-10&to=2026-11-10',
    });
    expect(stats.statusCode, stats.body).toBe(200);
    const data = stats.json().data;
    expect(data.org.id).toBe(tree.s1.id);
    expect(data.totals).toMatchObject({
      received: 6,
      resolvedOnSpot: 2,
      transferred: 2,
      completed: 1,
      completionRate: 0.5,
      resolved: 3,
      resolvedAtLowestLevel: 3,
      lowestLevelShare: 1,
      overdue: 3,
      open: 3,
    });
    const c1Row = data.byOrg.find((r: { orgId: number }) => r.orgId === tree.c1.id);
    expect(c1Row.received).toBe(5);
    expect(data.byOrg.find((r: { orgId: number }) => r.orgId === tree.c2.id).received).toBe(1);

    const c1Stats = await community({
      method: 'GET',
      url: `/api/v1/service-requests/stats?orgId=${tree.c1.id}&from=2026-11-01&to=2026-11-30`,
    });
    expect(c1Stats.json().data.totals.received).toBe(7);
    const outside = await sibling({
      method: 'GET',
      url: `/api/v1/service-requests/stats?orgId=${tree.c1.id}&from=2026-11-01&to=2026-11-30`,
    });
    expect(outside.statusCode).toBe(404);
    expect(
      (await resident({ method: 'GET', url: '/api/v1/service-requests/stats?from=2026-11-01&to=2026-11-30' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('scope', () => {
  it('a resident sees only their own requests', async () => {
    t.clock.set('2026-11-12T09:00:00+08:00');
    const mine = (await submit(resident, tree.c1.id)).json().data;
    const list = (
      await otherResident({ method: 'GET', url: '/api/v1/service-requests?pageSize=200' })
    ).json();
    expect(list.data.map((r: { id: number }) => r.id)).not.toContain(mine.id);
    expect((await get(otherResident, mine.id)).statusCode).toBe(404);
    expect(
      (await otherResident({ method: 'GET', url: `/api/v1/service-requests/${mine.id}/history` })).statusCode,
    ).toBe(404);
    const own = (await resident({ method: 'GET', url: '/api/v1/service-requests?pageSize=200' })).json();
    expect(own.data.every((r: { contactName: string }) => r.contactName === 'res1')).toBe(true);
    // A resident of another district cannot file into this community.
    const far = await clientWithRole(t, 'resident', tree.c3.id);
    expect((await submit(far, tree.c1.id)).statusCode).toBe(404);
  });

  it('满意度回访: rating, correction within the window, "not solved" reopens, figures and drill list', async () => {
    t.clock.set('2026-11-16T09:00:00+08:00');
    const done = async () => {
      const id = (await submit(resident, tree.c1.id)).json().data.id as number;
      await act(community, id, 'resolve-on-spot', { resolution: '已修好' });
      return id;
    };
    // A rating is one of three answers.
    const a = await done();
    expect((await act(resident, a, 'confirm', { rating: 'great' })).statusCode).toBe(400);
    const rated = await act(resident, a, 'confirm', { rating: 'unsatisfied', comment: '太慢' });
    expect(rated.json().data).toMatchObject({
      status: 'closed',
      visit: { rating: 'unsatisfied', solved: true, comment: '太慢', corrected: false },
    });
    // Within the rule's 24 hours the resident corrects it; the neighbour cannot.
    let detail = (await get(resident, a)).json().data;
    expect(detail.abilities).toMatchObject({ correctRating: true, reopen: true, confirm: false });
    expect(detail.visit.finalAt).toBe('2026-11-17T01:00:00.000Z');
    expect((await act(otherResident, a, 'rating', { rating: 'satisfied' })).statusCode).toBe(404);
    expect((await act(community, a, 'rating', { rating: 'satisfied' })).statusCode).toBe(403);
    const fixed = await act(resident, a, 'rating', { rating: 'basically_satisfied', comment: '还可以' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().data.visit).toMatchObject({ rating: 'basically_satisfied', corrected: true });
    // After the window the rating is final: no correction, no reopening.
    t.clock.advanceMinutes(24 * 60 + 1);
    detail = (await get(resident, a)).json().data;
    expect(detail.abilities).toMatchObject({ correctRating: false, reopen: false });
    const late = await act(resident, a, 'rating', { rating: 'satisfied' });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.fields.rating).toBe('评价已确定，不能再修改');
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'submitted',
      'resolved_on_spot',
      'confirmed',
      'rating_corrected',
    ]);

    // "Not solved" right after rating it solved: the request is open again, with its history.
    const b = await done();
    await act(resident, b, 'confirm', { rating: 'satisfied' });
    const back = await act(resident, b, 'reopen', { reason: '晚上又不亮了' });
    expect(back.json().data).toMatchObject({
      status: 'open',
      reopenCount: 1,
      visit: { solved: false, rating: 'unsatisfied' },
    });
    const events = (await get(community, b)).json().data.events.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(['submitted', 'resolved_on_spot', 'confirmed', 'reopened']);
    await act(community, b, 'complete', { resolution: '更换线路' });
    await act(resident, b, 'confirm', { rating: 'satisfied' });

    // The figures count every visit of the period: a basically-satisfied, a not-solved, a satisfied.
    const stats = (
      await street({ method: 'GET', url: '/api/v1/service-requests/stats?from=2026-11-16&to=2026-11-17' })
    ).json().data;
    expect(stats.totals).toMatchObject({
      rated: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      unsatisfied: 0,
      notSolved: 1,
      satisfactionRate: 0.667,
    });
    const c1Row = stats.byOrg.find((r: { orgId: number }) => r.orgId === tree.c1.id);
    expect(c1Row).toMatchObject({ rated: 3, notSolved: 1 });
    const cockpit = (await district({ method: 'GET', url: `/api/v1/cockpit?orgId=${tree.s1.id}` })).json()
      .data;
    const figures = Object.fromEntries(
      cockpit.figures.map((f: { key: string; value: number; drill: unknown }) => [f.key, f]),
    );
    // This month also holds the desk's callback (基本满意) from an earlier test: 3 of 4.
    expect(figures['service_requests.satisfaction'].value).toBe(75);
    expect(figures['service_requests.dissatisfied'].value).toBe(1);
    // Its drill-down lists exactly the request with the negative visit.
    const drill = figures['service_requests.dissatisfied'].drill as { query: Record<string, string> };
    const list = await street({
      method: 'GET',
      url: `/api/v1/service-requests?${new URLSearchParams(drill.query).toString()}`,
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data.map((r: { id: number }) => r.id)).toEqual([b]);
    // A drill-down to an organization outside the caller's scope is 404.
    const far = await street({ method: 'GET', url: `/api/v1/service-requests?orgId=${tree.d2.id}` });
    expect(far.statusCode).toBe(404);
  });

  it('exports the requests ledger with its handling history and clocks, audited and scoped', async () => {
    const res = await street({
      method: 'GET',
      url: `/api/v1/service-requests/ledger.xlsx?orgId=${tree.c1.id}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ledger = wb.getWorksheet('诉求台账')!;
    const header = (ledger.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(
      expect.arrayContaining(['编号', '办理时限', '受理至办结（小时）', '上报次数', '满意度回访']),
    );
    const total = await t.db
      .selectFrom('serviceRequests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('orgPath', 'like', `${tree.c1.path}%`)
      .executeTakeFirstOrThrow();
    expect(ledger.rowCount - 1).toBe(Number(total.n));
    // The first request of the file went grid → community → street and back: every step is a row.
    const steps = wb.getWorksheet('办理过程')!;
    const kinds = new Set<string>();
    steps.eachRow((row, n) => {
      if (n > 1) kinds.add(String(row.getCell(3).value));
    });
    expect([...kinds]).toEqual(expect.arrayContaining(['受理', '上报', '办结', '重新办理', '满意度回访']));
    // No contact's name or phone goes out.
    expect(JSON.stringify(ledger.getSheetValues())).not.toContain('139');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'orgPath'])
      .where('action', '=', 'service_requests.export')
      .execute();
    expect(audit).toEqual([{ action: 'service_requests.export', orgPath: tree.c1.path }]);
    // Out of scope: 404; a resident has no desk: 403.
    const far = await street({
      method: 'GET',
      url: `/api/v1/service-requests/ledger.xlsx?orgId=${tree.c3.id}`,
    });
    expect(far.statusCode).toBe(404);
    expect((await resident({ method: 'GET', url: '/api/v1/service-requests/ledger.xlsx' })).statusCode).toBe(
      403,
    );
  });

  it('officials: same and parent see and act; sibling, child and other district get 404', async () => {
    t.clock.set('2026-11-12T09:00:00+08:00');
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => (await submit(resident, orgId)).json().data.id,
      read: { route: 'GET /api/v1/service-requests/:id' },
      update: {
        route: 'POST /api/v1/service-requests/:id/transfer',
        payload: { reason: '登记转办', nextRoute: '转物业' },
      },
      delete: {
        route: 'POST /api/v1/service-requests/:id/escalate',
        payload: { note: '上报处理' },
      },
      unchanged: async (id) => {
        const row = await t.db
          .selectFrom('serviceRequests')
          .select(['disposition', 'handlingLevel'])
          .where('id', '=', Number(id))
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ disposition: null, handlingLevel: 'community' });
      },
    });
    // Every other route on a request, called from another district: 404, nothing changes.
    const calls: [(id: number) => string, Record<string, unknown> | undefined][] = [
      [(id) => `/api/v1/service-requests/${id}/photo`, undefined],
      [(id) => `/api/v1/service-requests/${id}/history`, undefined],
      [(id) => `/api/v1/service-requests/${id}/resolve-on-spot`, { resolution: '已处理' }],
      [(id) => `/api/v1/service-requests/${id}/complete`, { resolution: '已处理' }],
      [(id) => `/api/v1/service-requests/${id}/confirm`, { rating: 'satisfied' }],
      [(id) => `/api/v1/service-requests/${id}/rating`, { rating: 'satisfied' }],
      [(id) => `/api/v1/service-requests/${id}/reopen`, { reason: '理由充分' }],
      [(id) => `/api/v1/service-requests/${id}/promote`, {}],
    ];
    const stranger = await clientWithRole(t, 'community_secretary', tree.c3.id);
    const id = (
      await submit(resident, tree.c1.id, { photo: { mime: 'image/png', data: 'iVBORw0KGgo=' } })
    ).json().data.id;
    for (const [url, payload] of calls) {
      const res = await stranger({ method: payload ? 'POST' : 'GET', url: url(id), payload });
      expect(res.statusCode, url(id)).toBe(404);
    }
    const untouched = (await get(community, id)).json().data;
    expect(untouched).toMatchObject({ status: 'open', disposition: null, proposalId: null });
    expect(untouched.events).toHaveLength(1);
  });

  it('only the configuration role edits categories', async () => {
    const cats = (await resident({ method: 'GET', url: '/api/v1/service-request-categories' })).json().data;
    const last = cats.at(-1);
    const rename = (client: Client, id: number) =>
      client({
        method: 'PATCH',
        url: `/api/v1/service-request-categories/${id}`,
        payload: { name: `${last.name}（调整）` },
      });
    expect((await rename(community, last.id)).statusCode).toBe(403);
    expect((await rename(resident, last.id)).statusCode).toBe(403);
    const renamed = await rename(district, last.id);
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().data.name).toBe(`${last.name}（调整）`);
    expect((await rename(district, 999_999)).statusCode).toBe(404);
    await district({
      method: 'PATCH',
      url: `/api/v1/service-request-categories/${last.id}`,
      payload: { name: last.name },
    });
  });
});

describe('promotion to a proposal', () => {
  it('turns a request into a community proposal that points back to the whole request history', async () => {
    t.clock.set('2026-11-16T09:00:00+08:00');
    const req = (
      await submit(resident, tree.c1.id, {
        title: '小区加装电动车充电桩',
        description: '楼下电动车飞线充电，建议在小区加装充电桩',
        location: '5号楼北侧',
      })
    ).json().data;
    await act(community, req.id, 'transfer', { reason: '需居民议事', nextRoute: '提交居民议事会协商' });
    // Promotion needs the desk role on the handling level: the resident and the sibling cannot.
    expect((await act(resident, req.id, 'promote')).statusCode).toBe(403);
    const promoted = await act(community, req.id, 'promote');
    expect(promoted.statusCode, promoted.body).toBe(200);
    const proposalId = promoted.json().data.proposalId;
    expect(proposalId).toEqual(expect.any(Number));
    // Once only.
    expect((await act(community, req.id, 'promote')).statusCode).toBe(409);

    // The proposal: a community proposal on the resident's behalf, from the request channel.
    const proposal = (await community({ method: 'GET', url: `/api/v1/proposals/${proposalId}` })).json().data;
    expect(proposal).toMatchObject({
      orgId: tree.c1.id,
      title: '小区加装电动车充电桩',
      status: 'proposal',
      channel: 'request',
      sourceType: 'service_request',
      sourceId: req.id,
    });
    expect(proposal.content).toContain('5号楼北侧');
    expect(proposal.content).toContain(req.code);
    // From the proposal's source the desk opens the request's full history, ending with the promotion.
    const history = (
      await community({ method: 'GET', url: `/api/v1/service-requests/${proposal.sourceId}/history` })
    ).json().data;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'transferred', 'promoted']);
    expect(history[1]).toMatchObject({ reason: '需居民议事', nextRoute: '提交居民议事会协商' });
    expect(history[2].note).toContain(String(proposalId));

    // The resident sees the proposal as theirs and was told of the promotion; the request stays open
    // on the desk with its link to the proposal.
    const mine = await resident({ method: 'GET', url: `/api/v1/proposals/${proposalId}` });
    expect(mine.statusCode, mine.body).toBe(200);
    const notes = (await resident({ method: 'GET', url: '/api/v1/service-request-notifications' })).json()
      .data;
    expect(
      notes.some(
        (n: { requestId: number; message: string }) => n.requestId === req.id && n.message.includes('提案'),
      ),
    ).toBe(true);
    const after = (await get(community, req.id)).json().data;
    expect(after).toMatchObject({ status: 'open', proposalId });
    expect(after.abilities.promote).toBe(false);
    // Another resident of the community does not see an unpublished proposal.
    expect((await otherResident({ method: 'GET', url: `/api/v1/proposals/${proposalId}` })).statusCode).toBe(
      404,
    );
  });
});
