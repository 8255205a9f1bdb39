import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole, runCrossScopeMatrix } from '../../../test/scope.ts';

const { t, tree, resident, neighbour, secretary } = serverKit({
  resident: { org: 'c1', role: 'resident', username: 'res1' },
  neighbour: { org: 'c1', role: 'resident', username: 'res2' },
  secretary: { org: 'c1', role: 'community_secretary', username: 'sec1' },
});

beforeAll(async () => {
  // A local rule version for street S1: two seconders, more than half of the expected voters.
  const street = await clientWithRole(t, 'street_secretary', tree.s1.id);
  const rule = await street({
    method: 'POST',
    url: `/api/v1/orgs/${tree.s1.id}/proposal-rules`,
    payload: {
      version: 'S1-2026',
      supportThreshold: 2,
      passNumerator: 1,
      passDenominator: 2,
      effectiveFrom: '2026-01-01',
      source: '街道议事规则（2026）',
    },
  });
  expect(rule.statusCode, rule.body).toBe(201);
});

async function submit(client: Client, orgId = tree.c1.id, extra: object = {}) {
  const res = await client({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/proposals`,
    payload: { title: '增设充电桩', content: '楼道充电隐患大', category: 'safety', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: number; status: string; channel: string; isPublic: boolean };
}

const post = (client: Client, id: number, step: string, payload: object = {}) =>
  client({ method: 'POST', url: `/api/v1/proposals/${id}/${step}`, payload });

describe('five steps', () => {
  it('runs 提案 → 协商 → 决策 → 执行 → 监督 → 办结, with threshold, vote and 两公开', async () => {
    const p = await submit(resident);
    expect(p).toMatchObject({ status: 'proposal', channel: 'online', isPublic: false });
    // Not public yet: the neighbour does not see it.
    expect((await neighbour({ method: 'GET', url: `/api/v1/proposals/${p.id}` })).statusCode).toBe(404);

    const accepted = await post(secretary, p.id, 'accept');
    expect(accepted.json().data).toMatchObject({
      status: 'deliberation',
      supportThreshold: 2,
      ruleVersion: 'S1-2026',
    });

    // Threshold not reached and no meeting: refused, both named.
    const early = await post(secretary, p.id, 'submit-for-decision');
    expect(early.statusCode).toBe(422);
    expect(Object.keys(early.json().error.fields)).toEqual(['meetings', 'supportCount']);

    expect((await post(resident, p.id, 'support')).statusCode).toBe(200);
    expect((await post(neighbour, p.id, 'support')).statusCode).toBe(200);
    expect((await post(neighbour, p.id, 'support')).statusCode).toBe(409);
    expect((await post(neighbour, p.id, 'comments', { body: '赞成，东门空地合适' })).statusCode).toBe(200);
    const meeting = await post(secretary, p.id, 'meetings', {
      kind: 'council',
      heldOn: '2026-11-20',
      attendees: 15,
      minutes: '党群议事会协商，形成方案',
    });
    expect(meeting.statusCode, meeting.body).toBe(200);
    const toDecision = await post(secretary, p.id, 'submit-for-decision');
    expect(toDecision.json().data.status).toBe('decision');

    // 12 of 25 expected is not more than half: rejected → 监督.
    const bad = await post(secretary, p.id, 'decision', {
      decisionBody: 'council',
      expectedVoters: 25,
      votesFor: 30,
      votesAgainst: 0,
      votesAbstain: 0,
      resolution: 'x',
    });
    expect(bad.statusCode).toBe(422);
    const decided = await post(secretary, p.id, 'decision', {
      decisionBody: 'council',
      expectedVoters: 25,
      votesFor: 13,
      votesAgainst: 5,
      votesAbstain: 2,
      resolution: '在东门建设充电棚',
    });
    expect(decided.json().data).toMatchObject({
      status: 'execution',
      decision: { result: 'adopted', votesFor: 13 },
    });

    // Result cannot be disclosed before the decision, nor with open tasks.
    const noTasks = await post(secretary, p.id, 'disclosures', { kind: 'result', text: '已建成' });
    expect(noTasks.statusCode).toBe(422);
    expect(Object.keys(noTasks.json().error.fields)).toEqual(['kind', 'tasks']);
    const withTask = await post(secretary, p.id, 'tasks', {
      title: '施工',
      ownerName: '物业 周经理',
      dueOn: '2026-11-30',
    });
    const taskId = withTask.json().data.tasks[0].id;
    expect((await post(secretary, p.id, 'disclosures', { kind: 'decision' })).statusCode).toBe(200);
    expect((await post(secretary, p.id, 'disclosures', { kind: 'result', text: '已建成' })).statusCode).toBe(
      422,
    );
    const progress = await secretary({
      method: 'PATCH',
      url: `/api/v1/proposals/${p.id}/tasks/${taskId}`,
      payload: { progress: 100, note: '已验收' },
    });
    expect(progress.statusCode, progress.body).toBe(200);
    const disclosed = await post(secretary, p.id, 'disclosures', {
      kind: 'result',
      text: '充电棚已建成投用',
    });
    expect(disclosed.json().data.status).toBe('supervision');

    // A resident reopens with a reason → back to execution; reason is required.
    expect((await post(neighbour, p.id, 'feedback', { verdict: 'reopen' })).statusCode).toBe(422);
    const reopened = await post(neighbour, p.id, 'feedback', { verdict: 'reopen', reason: '充电桩数量不够' });
    expect(reopened.json().data.status).toBe('execution');
    const late = (await secretary({ method: 'GET', url: `/api/v1/proposals/${p.id}` })).json().data;
    expect(late.tasks[0].overdue).toBe(false);
    await post(secretary, p.id, 'tasks', {
      title: '增加充电桩',
      ownerName: '物业 周经理',
      dueOn: '2026-11-20',
    });
    const overdue = (await secretary({ method: 'GET', url: `/api/v1/proposals/${p.id}` })).json().data;
    expect(overdue.tasks[1].overdue).toBe(true);
    await secretary({
      method: 'PATCH',
      url: `/api/v1/proposals/${p.id}/tasks/${overdue.tasks[1].id}`,
      payload: { progress: 100 },
    });
    await post(secretary, p.id, 'disclosures', { kind: 'result', text: '已增加 10 个充电桩' });
    const closed = await post(resident, p.id, 'feedback', { verdict: 'confirm' });
    expect(closed.json().data.status).toBe('closed');

    const detail = closed.json().data;
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'submitted',
      'accepted',
      'supported',
      'supported',
      'commented',
      'meeting_recorded',
      'submitted_for_decision',
      'decided',
      'task_added',
      'decision_disclosed',
      'task_progress',
      'result_disclosed',
      'reopened',
      'task_added',
      'task_progress',
      'result_disclosed',
      'confirmed',
    ]);
    // Closed: no more returns.
    expect(
      (await post(secretary, p.id, 'return', { toStatus: 'execution', reason: '再议' })).statusCode,
    ).toBe(409);
  });

  it('goes back only with a recorded reason, and only to an earlier step', async () => {
    const p = await submit(resident);
    await post(secretary, p.id, 'accept');
    expect((await post(secretary, p.id, 'return', { toStatus: 'proposal' })).statusCode).toBe(400);
    expect(
      (await post(secretary, p.id, 'return', { toStatus: 'execution', reason: '跳步' })).statusCode,
    ).toBe(422);
    const back = await post(secretary, p.id, 'return', {
      toStatus: 'proposal',
      reason: '材料不全，请补充位置',
    });
    expect(back.json().data.status).toBe('proposal');
    const ev = back.json().data.events.at(-1);
    expect(ev).toMatchObject({
      kind: 'returned',
      fromStatus: 'deliberation',
      toStatus: 'proposal',
      reason: '材料不全，请补充位置',
    });
    // Residents cannot move steps.
    expect((await post(resident, p.id, 'accept')).statusCode).toBe(403);
  });

  it('rejected vote goes to 监督; reopening sends it back to the vote', async () => {
    const p = await submit(resident);
    await post(secretary, p.id, 'accept');
    await post(resident, p.id, 'support');
    await post(neighbour, p.id, 'support');
    await post(secretary, p.id, 'meetings', {
      kind: 'analysis',
      heldOn: '2026-11-21',
      attendees: 9,
      minutes: '分析',
    });
    await post(secretary, p.id, 'submit-for-decision');
    // Exactly half is not more than half.
    const r = await post(secretary, p.id, 'decision', {
      decisionBody: 'representatives',
      expectedVoters: 20,
      votesFor: 10,
      votesAgainst: 8,
      votesAbstain: 0,
      resolution: '暂不实施',
    });
    expect(r.json().data).toMatchObject({ status: 'supervision', decision: { result: 'rejected' } });
    expect((await post(resident, p.id, 'feedback', { verdict: 'confirm' })).statusCode).toBe(409);
    await post(secretary, p.id, 'disclosures', { kind: 'decision' });
    const reopened = await post(resident, p.id, 'feedback', {
      verdict: 'reopen',
      reason: '表决前未征求楼栋意见',
    });
    expect(reopened.json().data).toMatchObject({ status: 'decision', decision: null });
  });

  it('desk staff enter a proposal on a resident’s behalf; body cannot carry placement', async () => {
    const missing = await secretary({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/proposals`,
      payload: { title: '路灯', content: '路灯坏了', category: 'facilities' },
    });
    expect(missing.statusCode).toBe(422);
    const p = await submit(secretary, tree.c1.id, { onBehalfOf: { proposerName: '王桂兰' } });
    expect(p).toMatchObject({ channel: 'desk' });
    const extra = await resident({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/proposals`,
      payload: { title: 'a', content: 'b', category: 'other', orgId: tree.c3.id, status: 'closed' },
    });
    expect(extra.statusCode).toBe(400);
    // A resident cannot enter for someone else.
    const asDesk = await resident({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/proposals`,
      payload: { title: 'a', content: 'b', category: 'other', onBehalfOf: { proposerName: '某人' } },
    });
    expect(asDesk.statusCode).toBe(403);
  });
});

describe('scope', () => {
  it('a resident sees only their own and the public proposals of their community', async () => {
    const own = await submit(resident);
    const other = await submit(neighbour);
    const published = await submit(neighbour);
    await post(secretary, published.id, 'accept');
    const list = await resident({ method: 'GET', url: '/api/v1/proposals?pageSize=200' });
    const ids = list.json().data.map((p: { id: number }) => p.id);
    expect(ids).toContain(own.id);
    expect(ids).toContain(published.id);
    expect(ids).not.toContain(other.id);
    const seen = (await resident({ method: 'GET', url: `/api/v1/proposals/${published.id}` })).json().data;
    expect(seen.proposer).toBe('r**');
    expect((await resident({ method: 'GET', url: `/api/v1/proposals/${other.id}` })).statusCode).toBe(404);
    // A resident of another community cannot submit here nor see the public one.
    const far = await clientWithRole(t, 'resident', tree.c2.id);
    expect((await far({ method: 'GET', url: `/api/v1/proposals/${published.id}` })).statusCode).toBe(404);
    const submitFar = await far({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/proposals`,
      payload: { title: 'a', content: 'b', category: 'other' },
    });
    expect(submitFar.statusCode).toBe(404);
  });

  const create = async (orgId: number) => {
    const now = t.clock.now();
    const { id } = await t.db
      .insertInto('proposals')
      .values({
        orgId,
        title: '矩阵',
        content: '矩阵',
        category: 'other',
        channel: 'desk',
        submittedBy: null,
        proposerUserId: null,
        proposerName: '某居民',
        publishedAt: null,
        ruleId: null,
        supportThreshold: null,
        decisionBody: null,
        expectedVoters: null,
        votesFor: null,
        votesAgainst: null,
        votesAbstain: null,
        decisionResult: null,
        decisionText: null,
        decidedAt: null,
        decisionDisclosedAt: null,
        resultText: null,
        resultDisclosedAt: null,
        closedAt: null,
        sourceType: null,
        sourceId: null,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };
  const unchanged = async (id: number | string) => {
    const row = await t.db
      .selectFrom('proposals')
      .select('status')
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('proposal');
  };

  it('cross-scope matrix for officials: GET /api/v1/proposals/:id, POST accept, POST decline', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create,
      read: { route: 'GET /api/v1/proposals/:id' },
      update: { route: 'POST /api/v1/proposals/:id/accept', payload: {} },
      delete: { route: 'POST /api/v1/proposals/:id/decline', payload: { reason: '不属于社区事务' } },
      unchanged,
    });
  });

  it('cross-scope matrix for every other step route, with valid bodies', async () => {
    const yesterday = new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    const routes: [string, object][] = [
      ['POST /api/v1/proposals/:id/support', {}],
      ['POST /api/v1/proposals/:id/comments', { body: '同意，建议尽快实施' }],
      [
        'POST /api/v1/proposals/:id/meetings',
        { kind: 'analysis', heldOn: yesterday, attendees: 12, minutes: '民情分析会纪要' },
      ],
      ['POST /api/v1/proposals/:id/submit-for-decision', {}],
      [
        'POST /api/v1/proposals/:id/decision',
        {
          decisionBody: 'council',
          expectedVoters: 11,
          votesFor: 8,
          votesAgainst: 2,
          votesAbstain: 1,
          resolution: '同意实施',
        },
      ],
      ['POST /api/v1/proposals/:id/tasks', { title: '制定方案', ownerName: '张三', dueOn: '2026-12-31' }],
      ['PATCH /api/v1/proposals/:id/tasks/:taskId', { progress: 50, note: '进行中' }],
      ['POST /api/v1/proposals/:id/disclosures', { kind: 'decision' }],
      ['POST /api/v1/proposals/:id/feedback', { verdict: 'confirm' }],
      ['POST /api/v1/proposals/:id/return', { toStatus: 'proposal', reason: '需要重新协商' }],
    ];
    const outsiders = await Promise.all(
      [tree.c2.id, tree.b1.id, tree.c3.id].map((org) => clientWithRole(t, 'community_secretary', org)),
    );
    const insider = await clientWithRole(t, 'community_secretary', tree.c1.id);
    for (const [route, payload] of routes) {
      const id = await create(tree.c1.id);
      const [method, pattern] = route.split(' ');
      const url = pattern.replace(':id', String(id)).replace(':taskId', '1');
      // The body is valid: in scope it reaches the workflow (never a 400 and never a 404) …
      const inside = await insider({ method: method as 'POST', url, payload });
      expect([400, 404], `${route} in scope: ${inside.body}`).not.toContain(inside.statusCode);
      // … and out of scope the answer is exactly 404, with the proposal untouched.
      for (const c of outsiders) {
        const res = await c({ method: method as 'POST', url, payload });
        expect(res.statusCode, `${route}: ${res.body}`).toBe(404);
      }
      await unchanged(id);
    }
  });

  it('lists and stats stay in scope: GET /api/v1/proposals, GET /api/v1/proposals/stats', async () => {
    const id = await create(tree.c3.id);
    const c = await clientWithRole(t, 'street_secretary', tree.s1.id);
    const list = await c({ method: 'GET', url: '/api/v1/proposals?pageSize=200' });
    expect(list.json().data.map((p: { id: number }) => p.id)).not.toContain(id);
    const stats = (await c({ method: 'GET', url: '/api/v1/proposals/stats' })).json().data;
    const other = (
      await (
        await clientWithRole(t, 'street_secretary', tree.s3.id)
      )({
        method: 'GET',
        url: '/api/v1/proposals/stats',
      })
    ).json().data;
    expect(stats.total).toBeGreaterThan(0);
    expect(other.total).toBe(1);
    expect((await c({ method: 'GET', url: `/api/v1/proposals?orgId=${tree.c3.id}` })).statusCode).toBe(404);
  });

  it('rule routes: GET /api/v1/orgs/:id/proposal-rule, POST /api/v1/orgs/:id/proposal-rules', async () => {
    const rule = (await secretary({ method: 'GET', url: `/api/v1/orgs/${tree.c1.id}/proposal-rule` })).json()
      .data;
    expect(rule.version).toBe('S1-2026');
    const def = (
      await (
        await clientWithRole(t, 'community_secretary', tree.c3.id)
      )({
        method: 'GET',
        url: `/api/v1/orgs/${tree.c3.id}/proposal-rule`,
      })
    ).json().data;
    expect(def.version).toBe('default-2026');
    expect(
      (await secretary({ method: 'GET', url: `/api/v1/orgs/${tree.c3.id}/proposal-rule` })).statusCode,
    ).toBe(404);
    const s3 = await clientWithRole(t, 'street_secretary', tree.s3.id);
    const far = await s3({
      method: 'POST',
      url: `/api/v1/orgs/${tree.s1.id}/proposal-rules`,
      payload: {
        version: 'x',
        supportThreshold: 1,
        passNumerator: 1,
        passDenominator: 2,
        effectiveFrom: '2026-01-01',
        source: 'x',
      },
    });
    expect(far.statusCode).toBe(404);
    const community = await secretary({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/proposal-rules`,
      payload: {
        version: 'x',
        supportThreshold: 1,
        passNumerator: 1,
        passDenominator: 2,
        effectiveFrom: '2026-01-01',
        source: 'x',
      },
    });
    expect(community.statusCode).toBe(403);
  });
});

describe('idempotent submission (REL-04)', () => {
  const body = { title: '单元门禁维修', content: '2 单元门禁坏了一周', category: 'safety' };
  const send = (client: Client, key: string, payload: object = body, orgId = tree.c1.id) =>
    client({
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/proposals`,
      headers: { 'idempotency-key': key },
      payload,
    });
  const countTitled = async (title: string) =>
    Number(
      (
        await t.db
          .selectFrom('proposals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('title', '=', title)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('POST /api/v1/orgs/:id/proposals: a retry with the same key creates one proposal', async () => {
    const first = await send(resident, 'retry-0001');
    expect(first.statusCode, first.body).toBe(201);
    const again = await send(resident, 'retry-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().data.id).toBe(first.json().data.id);
    expect(await countTitled(body.title)).toBe(1);

    // The same key with a different request is refused; nothing is created.
    const changed = await send(resident, 'retry-0001', { ...body, content: '改了内容' });
    expect(changed.statusCode).toBe(422);
    expect(changed.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countTitled(body.title)).toBe(1);

    // Keys belong to their user: a neighbour's identical key is a different submission.
    const other = await send(neighbour, 'retry-0001');
    expect(other.statusCode).toBe(201);
    expect(other.json().data.id).not.toBe(first.json().data.id);
    expect(await countTitled(body.title)).toBe(2);
  });

  it('two concurrent submissions with one key give one proposal and the same answer', async () => {
    const payload = { ...body, title: '并发提交的提案' };
    const [a, b] = await Promise.all([
      send(resident, 'race-0001', payload),
      send(resident, 'race-0001', payload),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().data.id).toBe(b.json().data.id);
    expect(await countTitled(payload.title)).toBe(1);
  });

  it('a key is remembered for 24 hours, then may be used again', async () => {
    const payload = { ...body, title: '过期幂等键' };
    const first = await send(resident, 'ttl-0001', payload);
    expect(first.statusCode).toBe(201);
    await t.db
      .updateTable('proposalSubmissionKeys')
      .set({ createdAt: new Date(t.clock.now().getTime() - 24 * 3_600_000 - 1000) })
      .where('idempotencyKey', '=', 'ttl-0001')
      .execute();
    const later = await send(resident, 'ttl-0001', payload);
    expect(later.statusCode).toBe(201);
    expect(later.json().data.id).not.toBe(first.json().data.id);
    expect(await countTitled(payload.title)).toBe(2);
  });

  it('a malformed key is refused before anything is stored; out of scope stays 404', async () => {
    const bad = await send(resident, 'bad key with spaces');
    expect(bad.statusCode).toBe(400);
    const far = await send(resident, 'far-0001', body, tree.c3.id);
    expect(far.statusCode).toBe(404);
    const stored = await t.db
      .selectFrom('proposalSubmissionKeys')
      .select('idempotencyKey')
      .where('idempotencyKey', 'in', ['bad key with spaces', 'far-0001'])
      .execute();
    expect(stored).toEqual([]);
  });
});

describe('local dates (China Standard Time)', () => {
  it('a meeting held today counts as today just after midnight in Beijing', async () => {
    // 00:30 on 22 November in Beijing is still 21 November in UTC.
    t.clock.set('2026-11-22T00:30:00+08:00');
    const res1 = await t.login('res1');
    const sec1 = await t.login('sec1');
    const p = await submit(res1);
    expect((await post(sec1, p.id, 'accept')).statusCode).toBe(200);
    const meeting = { kind: 'analysis', attendees: 9, minutes: '凌晨紧急协商' };
    const today = await post(sec1, p.id, 'meetings', { ...meeting, heldOn: '2026-11-22' });
    expect(today.statusCode, today.body).toBe(200);
    const tomorrow = await post(sec1, p.id, 'meetings', { ...meeting, heldOn: '2026-11-23' });
    expect(tomorrow.statusCode).toBe(422);
    expect(tomorrow.json().error.fields.heldOn).toBe('召开日期不能晚于今天');
  });
});
