import { describe, expect, it } from 'vitest';
import { callerWith, checkAbilitiesAgree, postOk } from '../../../test/actions.ts';
import { expectNotFoundFor } from '../../../test/kit.ts';
import { breakthroughActions } from './responsibility.breakthroughs.ts';
import { responsibilityKit } from './responsibility.testkit.ts';

const { t, tree, district, street, community, sibling } = responsibilityKit();

const project = (title: string, firstDue = '2026-03-31') => ({
  year: 2026,
  title,
  secretaryName: '李书记',
  goal: '老旧小区加装电梯全覆盖',
  milestones: [
    { title: '摸底调查', dueOn: firstDue },
    { title: '完成加装', dueOn: '2026-09-30' },
  ],
});

describe('secretaries breakthrough projects (书记突破项目)', () => {
  it('milestones, results, late first for the level above; a sibling gets 404', async () => {
    t.clock.set('2026-01-10T09:00:00+08:00');
    const created = await postOk(
      community,
      `/orgs/${tree.c1.id}/responsibility/breakthroughs`,
      project('加装电梯'),
    );
    expect(created.milestones).toHaveLength(2);
    expect(created.abilities).toEqual({ reachMilestone: true, finish: false });
    await postOk(
      street,
      `/orgs/${tree.s1.id}/responsibility/breakthroughs`,
      project('街道议事厅', '2026-05-31'),
    );

    // April (frozen clock): the community's first milestone is late; the street sees it first.
    t.clock.set('2026-04-02T09:00:00+08:00');
    const seen = await street({
      method: 'GET',
      url: `/api/v1/responsibility/breakthroughs?orgId=${tree.s1.id}&year=2026`,
    });
    expect(seen.statusCode, seen.body).toBe(200);
    const rows = seen.json().data;
    expect(rows.map((r: { title: string; late: boolean }) => [r.title, r.late])).toEqual([
      ['加装电梯', true],
      ['街道议事厅', false],
    ]);
    const own = await community({
      method: 'GET',
      url: `/api/v1/responsibility/breakthroughs?orgId=${tree.c1.id}&year=2026`,
    });
    expect(own.json().data.map((r: { title: string }) => r.title)).toEqual(['加装电梯']);

    const finishEarly = await community({
      method: 'POST',
      url: `/api/v1/responsibility/breakthroughs/${created.id}/finish`,
      payload: { results: '已完成' },
    });
    expect(finishEarly.statusCode).toBe(422);
    expect(finishEarly.json().error.message).toBe('尚有节点未完成');
    await postOk(community, `/responsibility/breakthroughs/${created.id}/milestones`, {
      note: '摸底23个单元',
    });
    const reached = await postOk(community, `/responsibility/breakthroughs/${created.id}/milestones`, {
      note: '加装12部',
    });
    const again = await community({
      method: 'POST',
      url: `/api/v1/responsibility/breakthroughs/${created.id}/milestones`,
      payload: { note: '重复' },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toBe('所有节点均已完成');
    expect(reached.milestones.map((m: { late: boolean }) => m.late)).toEqual([true, false]);
    expect(reached.late).toBe(false);
    const done = await postOk(community, `/responsibility/breakthroughs/${created.id}/finish`, {
      results: '12部电梯投入使用',
    });
    expect(done).toMatchObject({ status: 'done', completedOn: '2026-04-02', results: '12部电梯投入使用' });
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('objectType', '=', 'breakthrough_project')
      .where('objectId', '=', String(created.id))
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(
      [
        'responsibility.breakthrough_created',
        'responsibility.breakthrough_finished',
        'responsibility.milestone_reached',
        'responsibility.milestone_reached',
      ].sort(),
    );
    const detail = await district({
      method: 'GET',
      url: `/api/v1/responsibility/breakthroughs/${created.id}`,
    });
    expect(detail.json().data.milestonesDone).toBe(2);

    await expectNotFoundFor(
      sibling,
      [
        'GET /api/v1/responsibility/breakthroughs/:id',
        { route: 'POST /api/v1/responsibility/breakthroughs/:id/milestones', payload: { note: 'x' } },
        { route: 'POST /api/v1/responsibility/breakthroughs/:id/finish', payload: { results: 'x' } },
      ],
      created.id,
    );
    await expectNotFoundFor(
      community,
      [
        `GET /api/v1/responsibility/breakthroughs?orgId=${tree.c2.id}&year=2026`,
        { route: 'POST /api/v1/orgs/:id/responsibility/breakthroughs', payload: project('越权') },
      ],
      tree.c2.id,
    );
    const bad = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/responsibility/breakthroughs`,
      payload: { ...project('无节点'), milestones: [] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('节点');
  });

  it('abilities agree with the routes for every action, state and caller', async () => {
    t.clock.set('2026-02-01T09:00:00+08:00');
    const own = await callerWith(t, 'community', 'bt_c_own', {
      orgId: tree.c1.id,
      role: 'community_secretary',
    });
    const above = await callerWith(t, 'street', 'bt_s_above', {
      orgId: tree.s1.id,
      role: 'street_secretary',
    });
    const side = await callerWith(t, 'sibling', 'bt_c_side', {
      orgId: tree.c2.id,
      role: 'community_secretary',
    });
    const member = await callerWith(t, 'member', 'bt_member', { orgId: tree.b1.id, role: 'member' });
    const make = async (steps: number) => {
      const p = await postOk(own.client, `/orgs/${tree.c1.id}/responsibility/breakthroughs`, {
        ...project('动作表'),
        milestones: [{ title: '唯一节点', dueOn: '2026-06-30' }],
      });
      if (steps > 0) {
        await postOk(own.client, `/responsibility/breakthroughs/${p.id}/milestones`, { note: '完成' });
      }
      if (steps > 1)
        await postOk(own.client, `/responsibility/breakthroughs/${p.id}/finish`, { results: '成效' });
      return { id: p.id as number };
    };
    const counts = await checkAbilitiesAgree(t.db, breakthroughActions, {
      callers: [own, above, side, member],
      fixtures: [
        { state: 'open', make: () => make(0) },
        { state: 'milestones reached', make: () => make(1) },
        { state: 'done', make: () => make(2) },
      ],
      bodies: { reachMilestone: { note: '完成' }, finish: { results: '成效' } },
    });
    expect(counts.succeeded).toBeGreaterThan(0);
  });
});
