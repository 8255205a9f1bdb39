import { describe, expect, it } from 'vitest';
import { actorOf, type Caller, checkAbilitiesAgree } from '../../../test/actions.ts';
import { expectNotFoundFor, serverKit } from '../../../test/kit.ts';
import { nextIdNumber } from '../members/index.ts';
import { developmentActions } from './development.actions.ts';

const { t, tree, userIds, branch, community, farCommunity } = serverKit({
  branch: { org: 'b1', role: 'branch_secretary' },
  community: { org: 'c1', role: 'community_secretary' },
  farCommunity: { org: 'c3', role: 'community_secretary' },
});

const apply = async (appliedOn: string, over: Record<string, unknown> = {}) => {
  const res = await branch({
    method: 'POST',
    url: `/api/v1/orgs/${tree.b1.id}/development`,
    payload: { name: '申请人', idNumber: nextIdNumber('19990101'), appliedOn, ...over },
  });
  return res;
};
const complete = (id: number, payload: Record<string, unknown> = { record: '记录' }) =>
  branch({ method: 'POST', url: `/api/v1/development/${id}/complete`, payload });
const approve = (id: number, payload: Record<string, unknown> = { record: '同意' }) =>
  community({ method: 'POST', url: `/api/v1/development/${id}/approve`, payload });
const vote = { expectedVoting: 9, presentVoting: 7, yes: 6, no: 1, abstain: 0 };

describe('发展党员 workflow', () => {
  it('refuses an applicant under 18 at the application date', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    const res = await apply('2026-11-01', { idNumber: nextIdNumber('20081102') });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.appliedOn).toMatch(/年满 18 周岁/);
  });

  it('takes an applicant to approval: one-year block, training, vote, member record with history', async () => {
    t.clock.set('2025-01-06T09:00:00+08:00');
    const created = await apply('2025-01-06');
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id;
    expect(created.json().data).toMatchObject({
      step: 2,
      stage: 1,
      abilities: { complete: true, approve: false },
    });
    expect((await complete(id)).statusCode).toBe(200); // talk
    t.clock.set('2025-03-03T09:00:00+08:00');
    expect((await complete(id)).statusCode).toBe(200); // 3: activist on 2025-03-03
    expect((await complete(id)).statusCode).toBe(422); // 4 is the upper level's
    expect((await approve(id)).statusCode).toBe(200); // 4 filed
    expect((await complete(id)).statusCode).toBe(200); // 5
    expect((await complete(id)).statusCode).toBe(200); // 6 assessment
    t.clock.set('2026-03-02T09:00:00+08:00');
    const early = await complete(id);
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toMatch(/须满一年/);
    const seen = await branch({ method: 'GET', url: `/api/v1/development/${id}` });
    expect(seen.json().data.abilities.complete).toBe(false);
    expect(seen.json().data.reasons.complete).toMatch(/2026-03-03 起/);
    t.clock.set('2026-03-03T09:00:00+08:00');
    expect((await complete(id)).statusCode).toBe(200); // 7 target, exactly one year
    expect((await approve(id)).statusCode).toBe(200); // 8
    expect((await complete(id)).statusCode).toBe(200); // 9
    expect((await complete(id)).statusCode).toBe(200); // 10
    const short = await complete(id, { record: '培训', trainingDays: 2, trainingHours: 16 });
    expect(short.statusCode).toBe(422);
    expect(short.json().error.fields.trainingDays).toMatch(/不少于 3 天或 24 学时/);
    expect((await complete(id, { record: '培训', trainingHours: 24 })).statusCode).toBe(200); // 11
    expect((await complete(id)).statusCode).toBe(200); // 12 publicity from 2026-03-03 (Tue)
    t.clock.set('2026-03-10T09:00:00+08:00');
    expect((await approve(id)).statusCode).toBe(422); // ends 2026-03-10
    t.clock.set('2026-03-11T09:00:00+08:00');
    expect((await approve(id)).statusCode).toBe(200); // 13 pre-review
    expect((await complete(id)).statusCode).toBe(200); // 14
    const noQuorum = await complete(id, {
      record: '大会',
      vote: { ...vote, presentVoting: 4, yes: 4, no: 0 },
    });
    expect(noQuorum.statusCode).toBe(422);
    expect(noQuorum.json().error.fields.vote).toMatch(/会议无效/);
    const failed = await complete(id, { record: '大会', vote: { ...vote, yes: 4, no: 3 } });
    expect(failed.json().error.fields.vote).toMatch(/未通过/);
    expect((await complete(id, { record: '大会', vote })).statusCode).toBe(200); // 15 on 2026-03-11
    expect((await approve(id)).statusCode).toBe(200); // 16
    t.clock.set('2026-09-12T09:00:00+08:00');
    const tooLate = await approve(id);
    expect(tooLate.statusCode).toBe(422);
    expect(tooLate.json().error.message).toMatch(/超过 6 个月/);
    t.clock.set('2026-09-11T09:00:00+08:00');
    const approved = await approve(id); // 17
    expect(approved.statusCode, approved.body).toBe(200);
    const memberId = approved.json().data.memberId;
    const member = await t.db
      .selectFrom('members')
      .select(['status', 'joinedOn', 'orgId'])
      .where('id', '=', memberId)
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({ status: 'probationary', joinedOn: '2026-03-11', orgId: tree.b1.id });
    const history = await t.db
      .selectFrom('memberStatusHistory')
      .select('reason')
      .where('memberId', '=', memberId)
      .execute();
    expect(history[0].reason).toMatch(/发展党员/);
    const detail = await community({ method: 'GET', url: `/api/v1/development/${id}` });
    expect(detail.json().data.history.length).toBeGreaterThanOrEqual(17);
  });

  it('the 优亲厚友 flag is cleared by the level above with a reason', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    const id = (await apply('2026-11-01', { relativeOfCadre: true })).json().data.id;
    await t.db.updateTable('developmentCases').set({ step: 9 }).where('id', '=', id).execute();
    expect((await complete(id)).statusCode).toBe(422);
    expect(
      (
        await branch({
          method: 'POST',
          url: `/api/v1/development/${id}/clear-relative`,
          payload: { reason: '经核查非近亲属' },
        })
      ).statusCode,
    ).toBe(403);
    const cleared = await community({
      method: 'POST',
      url: `/api/v1/development/${id}/clear-relative`,
      payload: { reason: '经核查非近亲属' },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect((await complete(id)).statusCode).toBe(200);
  });

  it('the branch sees its pipeline and the level above counts per stage', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    const late = (await apply('2026-09-01')).json().data.id;
    const list = await branch({ method: 'GET', url: `/api/v1/orgs/${tree.b1.id}/development?timing=late` });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((c: { id: number }) => c.id)).toContain(late);
    const summary = await community({ method: 'GET', url: `/api/v1/orgs/${tree.c1.id}/development/summary` });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().data.stages[0].late).toBeGreaterThanOrEqual(1);
    expect(
      (await branch({ method: 'GET', url: '/api/v1/development-rules' })).json().data.steps,
    ).toHaveLength(25);
    const assess = await branch({
      method: 'POST',
      url: `/api/v1/development/${late}/assess`,
      payload: { record: '考察' },
    });
    expect(assess.statusCode).toBe(422);
  });

  it('every route is 404 outside the caller’s scope', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    const id = (await apply('2026-11-02')).json().data.id;
    await expectNotFoundFor(
      farCommunity,
      [
        'GET /api/v1/orgs/:id/development',
        'GET /api/v1/orgs/:id/development/summary',
        {
          route: 'POST /api/v1/orgs/:id/development',
          payload: { name: '某', idNumber: nextIdNumber(), appliedOn: '2026-11-01' },
        },
      ],
      tree.b1.id,
    );
    await expectNotFoundFor(
      farCommunity,
      [
        'GET /api/v1/development/:id',
        { route: 'POST /api/v1/development/:id/complete', payload: { record: 'x' } },
        { route: 'POST /api/v1/development/:id/approve', payload: { record: 'x' } },
        { route: 'POST /api/v1/development/:id/assess', payload: { record: 'x' } },
        { route: 'POST /api/v1/development/:id/clear-relative', payload: { reason: '经核查无关' } },
      ],
      id,
    );
  });

  it('abilities agree with the routes', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    const callers: Caller[] = [
      { name: 'branch', client: branch, actor: await actorOf(t.db, userIds.branch) },
      { name: 'community', client: community, actor: await actorOf(t.db, userIds.community) },
      { name: 'farCommunity', client: farCommunity, actor: await actorOf(t.db, userIds.farCommunity) },
    ];
    const at = (step: number) => async () => {
      const id = (await apply('2026-11-01', { relativeOfCadre: step === 9 })).json().data.id;
      await t.db.updateTable('developmentCases').set({ step }).where('id', '=', id).execute();
      return { id };
    };
    const counts = await checkAbilitiesAgree(t.db, developmentActions, {
      callers,
      fixtures: [
        { state: 'talk (step 2)', make: at(2) },
        { state: 'filing (step 4)', make: at(4) },
        { state: 'flagged target (step 9)', make: at(9) },
      ],
      bodies: {
        complete: { record: '记录' },
        approve: { record: '同意' },
        assess: { record: '考察' },
        clearRelative: { reason: '经核查非近亲属' },
      },
    });
    expect(counts.succeeded).toBeGreaterThan(0);
    expect(counts.hidden).toBeGreaterThan(0);
  });
});
