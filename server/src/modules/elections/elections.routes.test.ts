import { describe, expect, it } from 'vitest';
import { callerWith, checkAbilitiesAgree, postOk } from '../../../test/actions.ts';
import { expectNotFoundFor, serverKit } from '../../../test/kit.ts';
import { adjustmentActions, electionActions } from './elections.actions.ts';

const SESSIONS = { security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } };
const { t, tree, street, community, branch, farDistrict } = serverKit(
  {
    street: { org: 's1', role: 'street_secretary' },
    community: { org: 'c1', role: 'community_secretary' },
    branch: { org: 'b1', role: 'branch_secretary' },
    farDistrict: { org: 'd2', role: 'district_admin' },
  },
  SESSIONS,
);

const term = async (client: typeof branch, orgId: number) => {
  const res = await client({ method: 'GET', url: `/api/v1/orgs/${orgId}/term` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
};

describe('terms', () => {
  it('the term contract: none, ok, due six months before, overdue after', async () => {
    t.clock.set('2026-06-01T09:00:00+08:00');
    const none = await term(branch, tree.b1.id);
    expect(none).toMatchObject({ startedOn: null, endsOn: null, remindFrom: null, status: 'none' });
    expect(Object.keys(none).sort()).toEqual(['endsOn', 'remindFrom', 'rule', 'startedOn', 'status']);
    expect(none.rule.version).toBe('2021.1');
    const created = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/terms`,
      payload: { startedOn: '2024-02-29' },
    });
    expect(created.statusCode, created.body).toBe(201);
    // A grid branch: 3 years, the leap day clamped.
    expect(created.json().data).toMatchObject({
      startedOn: '2024-02-29',
      endsOn: '2027-02-28',
      remindFrom: '2026-08-28',
      status: 'ok',
    });
    t.clock.set('2026-08-27T23:00:00+08:00');
    expect((await term(branch, tree.b1.id)).status).toBe('ok');
    t.clock.set('2026-08-28T09:00:00+08:00');
    expect((await term(branch, tree.b1.id)).status).toBe('due');
    t.clock.set('2027-02-28T20:00:00+08:00');
    expect((await term(branch, tree.b1.id)).status).toBe('due');
    t.clock.set('2027-03-01T09:00:00+08:00');
    expect((await term(branch, tree.b1.id)).status).toBe('overdue');
    // A community committee: 5 years.
    await postOk(street, `/orgs/${tree.c1.id}/terms`, { startedOn: '2022-03-01' });
    expect((await term(street, tree.c1.id)).endsOn).toBe('2027-03-01');
    const due = await street({
      method: 'GET',
      url: `/api/v1/elections/terms?orgId=${tree.s1.id}&status=due`,
    });
    expect(due.json().data.map((r: { orgId: number }) => r.orgId)).toEqual([tree.c1.id]);
    const overdue = await street({
      method: 'GET',
      url: `/api/v1/elections/terms?orgId=${tree.s1.id}&status=overdue`,
    });
    expect(overdue.json().data.map((r: { orgId: number }) => r.orgId)).toEqual([tree.b1.id]);
    await expectNotFoundFor(
      farDistrict,
      [
        'GET /api/v1/orgs/:id/term',
        'GET /api/v1/elections/terms?orgId=:id',
        'GET /api/v1/elections?orgId=:id',
        'GET /api/v1/elections/adjustments?orgId=:id',
        { route: 'POST /api/v1/orgs/:id/terms', payload: { startedOn: '2026-01-01' } },
        {
          route: 'POST /api/v1/orgs/:id/term/adjustments',
          payload: { kind: 'postpone', months: 3, reason: '疫情' },
        },
        { route: 'POST /api/v1/orgs/:id/elections', payload: { seats: 3 } },
      ],
      tree.b1.id,
    );
    await expectNotFoundFor(branch, ['GET /api/v1/orgs/:id/term'], tree.c2.id);
  });

  it('postponement at most a year, approved by the level above with a reason', async () => {
    const tooLong = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/term/adjustments`,
      payload: { kind: 'postpone', months: 13, reason: '重大任务' },
    });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('12个月');
    const req = await postOk(branch, `/orgs/${tree.b1.id}/term/adjustments`, {
      kind: 'postpone',
      months: 6,
      reason: '承担重大专项任务',
    });
    expect(req).toMatchObject({
      newEndsOn: '2027-08-28',
      status: 'requested',
      abilities: { approve: false },
    });
    const own = await branch({
      method: 'POST',
      url: `/api/v1/elections/adjustments/${req.id}/approve`,
      payload: {},
    });
    expect(own.statusCode).toBe(403);
    await expectNotFoundFor(
      farDistrict,
      [
        { route: 'POST /api/v1/elections/adjustments/:id/approve', payload: {} },
        { route: 'POST /api/v1/elections/adjustments/:id/reject', payload: { reason: '不同意' } },
      ],
      req.id,
    );
    const ok = await postOk(community, `/elections/adjustments/${req.id}/approve`, { reason: '同意' });
    expect(ok.status).toBe('approved');
    expect(await term(branch, tree.b1.id)).toMatchObject({ endsOn: '2027-08-28', status: 'due' });
  });
});

describe('an election from the request to the new term', () => {
  it('margin, quorum, threshold, first meeting, approval', async () => {
    t.clock.set('2027-05-10T09:00:00+08:00');
    const e = await postOk(branch, `/orgs/${tree.b1.id}/elections`, { seats: 5, reason: '任期届满' });
    expect(e).toMatchObject({ status: 'requested', minCandidates: 6 });
    const twice = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/elections`,
      payload: { seats: 5 },
    });
    expect(twice.statusCode).toBe(409);
    const url = (step: string) => `/api/v1/elections/${e.id}/${step}`;
    await expectNotFoundFor(
      farDistrict,
      [
        'GET /api/v1/elections/:id',
        { route: 'POST /api/v1/elections/:id/approve', payload: {} },
        { route: 'POST /api/v1/elections/:id/reject', payload: { reason: 'x' } },
        { route: 'POST /api/v1/elections/:id/checklist', payload: { survey: true } },
        { route: 'POST /api/v1/elections/:id/candidates', payload: { candidates: [{ name: 'a' }] } },
        { route: 'POST /api/v1/elections/:id/review', payload: {} },
        {
          route: 'POST /api/v1/elections/:id/vote',
          payload: { votedOn: '2027-05-10', entitled: 1, present: 1, votes: {} },
        },
        { route: 'POST /api/v1/elections/:id/officers', payload: { secretary: 'a' } },
        { route: 'POST /api/v1/elections/:id/confirm', payload: {} },
      ],
      e.id,
    );
    expect((await branch({ method: 'POST', url: url('approve'), payload: {} })).statusCode).toBe(403);
    await postOk(community, `/elections/${e.id}/approve`, {});
    await postOk(branch, `/elections/${e.id}/checklist`, { survey: true, talks: true });
    const five = ['甲', '乙', '丙', '丁', '戊'].map((name) => ({ name }));
    const few = await branch({ method: 'POST', url: url('candidates'), payload: { candidates: five } });
    expect(few.statusCode).toBe(422);
    expect(few.body).toContain('候选人不少于6人');
    await postOk(branch, `/elections/${e.id}/candidates`, { candidates: [...five, { name: '己' }] });
    await postOk(community, `/elections/${e.id}/review`, {});
    const vote = (present: number, votes: Record<string, number>) =>
      branch({
        method: 'POST',
        url: url('vote'),
        payload: { votedOn: '2027-05-10', entitled: 50, present, votes },
      });
    const noQuorum = await vote(40, { 甲: 40 });
    expect(noQuorum.statusCode).toBe(422);
    expect(noQuorum.body).toContain('五分之四');
    const tie = await vote(41, { 甲: 41, 乙: 40, 丙: 39, 丁: 30, 戊: 25, 己: 25 });
    expect(tie.statusCode).toBe(422);
    expect(tie.body).toContain('再次投票');
    // 21 of 41 is more than half: elected; 20 is not.
    const voted = await vote(41, { 甲: 41, 乙: 40, 丙: 39, 丁: 21, 戊: 20, 己: 5 });
    expect(voted.statusCode, voted.body).toBe(200);
    expect(voted.json().data.elected).toEqual(['甲', '乙', '丙', '丁']);
    const wrong = await branch({ method: 'POST', url: url('officers'), payload: { secretary: '戊' } });
    expect(wrong.statusCode).toBe(422);
    await postOk(branch, `/elections/${e.id}/officers`, { secretary: '甲', deputy: '乙' });
    await postOk(community, `/elections/${e.id}/confirm`, {});
    expect(await term(branch, tree.b1.id)).toMatchObject({
      startedOn: '2027-05-10',
      endsOn: '2030-05-10',
      status: 'ok',
    });
    const detail = await branch({ method: 'GET', url: `/api/v1/elections/${e.id}` });
    expect(detail.json().data).toMatchObject({
      status: 'confirmed',
      secretary: '甲',
      checklist: { survey: true },
    });
  });
});

describe('election and adjustment action tables', () => {
  it('abilities agree with the routes', async () => {
    const callers = [
      await callerWith(t, 'street', 'el_street', { orgId: tree.s1.id, role: 'street_secretary' }),
      await callerWith(t, 'community', 'el_comm', { orgId: tree.c1.id, role: 'community_secretary' }),
      await callerWith(t, 'branch', 'el_branch', { orgId: tree.b1.id, role: 'branch_secretary' }),
      await callerWith(t, 'sibling', 'el_sib', { orgId: tree.c2.id, role: 'community_secretary' }),
      await callerWith(t, 'far', 'el_far', { orgId: tree.d2.id, role: 'district_admin' }),
    ];
    const requested = async () => {
      await t.db
        .updateTable('elections')
        .set({ status: 'rejected' })
        .where('orgId', '=', tree.b1.id)
        .where('status', '<>', 'confirmed')
        .execute();
      return { id: (await postOk(branch, `/orgs/${tree.b1.id}/elections`, { seats: 1 })).id };
    };
    const approved = async () => {
      const { id } = await requested();
      await postOk(community, `/elections/${id}/approve`, {});
      return { id };
    };
    const elections = await checkAbilitiesAgree(t.db, electionActions, {
      callers,
      fixtures: [
        { state: 'requested', make: requested },
        { state: 'approved', make: approved },
      ],
      bodies: {
        approve: {},
        reject: { reason: '条件不成熟' },
        prepare: { risk: true },
        nominate: { candidates: [{ name: '甲' }, { name: '乙' }] },
        review: {},
        vote: { votedOn: '2027-05-10', entitled: 5, present: 5, votes: { 甲: 5 } },
        officers: { secretary: '甲' },
        confirm: {},
      },
    });
    expect(elections.succeeded).toBeGreaterThanOrEqual(3);
    expect(elections.hidden).toBeGreaterThan(0);
    const pending = async () => {
      await t.db
        .updateTable('termAdjustments')
        .set({ status: 'rejected' })
        .where('status', '=', 'requested')
        .execute();
      return {
        id: (
          await postOk(branch, `/orgs/${tree.b1.id}/term/adjustments`, {
            kind: 'early',
            months: 2,
            reason: '班子调整',
          })
        ).id,
      };
    };
    const adjustments = await checkAbilitiesAgree(t.db, adjustmentActions, {
      callers,
      fixtures: [{ state: 'requested', make: pending }],
      bodies: { approve: {}, reject: { reason: '不同意' } },
    });
    expect(adjustments.succeeded).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
