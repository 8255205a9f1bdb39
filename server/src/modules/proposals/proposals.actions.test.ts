import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, checkAbilitiesAgree, postOk, scopeCallers, tableKit } from '../../../test/actions.ts';
import { proposalActions } from './proposals.actions.ts';

/**
 * The five steps on their action table: for every action, each step of a fresh proposal and each
 * caller, `abilities` say true exactly when the route succeeds (and the route leaves its audit row).
 */
const { kit, callers } = tableKit({
  resident: { org: 'c1', role: 'resident', username: 'pa_res' },
  neighbour: { org: 'c1', role: 'resident', username: 'pa_nb' },
  ...scopeCallers('pa'),
});

beforeAll(async () => {
  kit.t.clock.set('2026-11-25T09:00:00+08:00');
  await postOk(kit.street, `/orgs/${kit.tree.s1.id}/proposal-rules`, {
    version: 'PA-2026',
    supportThreshold: 2,
    passNumerator: 1,
    passDenominator: 2,
    effectiveFrom: '2026-01-01',
    source: '街道议事规则（2026）',
  });
});

const vote = {
  decisionBody: 'representatives',
  expectedVoters: 20,
  votesFor: 15,
  votesAgainst: 2,
  votesAbstain: 1,
  resolution: '同意实施',
};
const meeting = { kind: 'analysis', heldOn: '2026-11-21', attendees: 9, minutes: '分析' };

/** A fresh proposal walked up to `step`; `taskId` is its task (a missing one before execution). */
async function proposalAt(step: string): Promise<{ id: number; taskId: number }> {
  const sec = kit.community;
  const { id } = await postOk(kit.resident, `/orgs/${kit.tree.c1.id}/proposals`, {
    title: '增设充电桩',
    content: '楼道充电隐患大',
    category: 'safety',
  });
  const go = (path: string, body: Record<string, unknown> = {}) =>
    postOk(sec, `/proposals/${id}/${path}`, body);
  let taskId = 999_999;
  if (step === 'declined') await go('decline', { reason: '不属于社区事务' });
  if (step === 'proposal' || step === 'declined') return { id, taskId };
  await go('accept');
  await postOk(kit.resident, `/proposals/${id}/support`, {});
  await postOk(kit.neighbour, `/proposals/${id}/support`, {});
  await go('meetings', meeting);
  if (step === 'deliberation') return { id, taskId };
  await go('submit-for-decision');
  if (step === 'decision') return { id, taskId };
  const decided = await go('decision', vote);
  await go('tasks', { title: '安装充电桩', ownerName: '物业', dueOn: '2026-12-20' });
  taskId = (await kit.community({ method: 'GET', url: `/api/v1/proposals/${id}` })).json().data.tasks[0].id;
  expect(decided.status).toBe('execution');
  if (step === 'execution') return { id, taskId };
  await go('disclosures', { kind: 'decision' });
  await kit.community({
    method: 'PATCH',
    url: `/api/v1/proposals/${id}/tasks/${taskId}`,
    payload: { progress: 100 },
  });
  await go('disclosures', { kind: 'result', text: '已安装 4 个充电桩' });
  if (step === 'supervision') return { id, taskId };
  await postOk(kit.resident, `/proposals/${id}/feedback`, { verdict: 'confirm' });
  return { id, taskId };
}

describe('proposal action table', () => {
  it('abilities agree with the routes for every step and caller', async () => {
    // Declined is refused like closed; the neighbour and the street judge like the resident and the secretary.
    const steps = ['proposal', 'deliberation', 'decision', 'execution', 'supervision', 'closed'];
    const counts = await checkAbilitiesAgree(kit.t.db, proposalActions, {
      callers: callers.filter((c) => !['neighbour', 'street', 'otherCommunity'].includes(c.name)),
      fixtures: steps.map((state) => ({ state, make: () => proposalAt(state) })),
      bodies: {
        accept: {},
        decline: { reason: '不属于社区事务' },
        support: {},
        comment: { body: '支持' },
        meeting,
        submitForDecision: {},
        decide: vote,
        addTask: { title: '验收', ownerName: '社区', dueOn: '2026-12-30' },
        progressTask: { progress: 50 },
        disclose: { kind: 'decision' },
        // Desk staff give a resident's verdict on their behalf.
        feedback: (c: Caller) =>
          c.actor.hasPermission('proposals.participate')
            ? { verdict: 'confirm' }
            : { verdict: 'confirm', onBehalfName: '王桂兰' },
        return: { toStatus: 'proposal', reason: '材料不全，请补充' },
      },
    });
    expect(counts.succeeded).toBeGreaterThan(12);
    expect(counts.refused).toBeGreaterThan(30);
    expect(counts.hidden).toBeGreaterThan(10);
  }, 900_000);

  it('the detail carries the abilities the page drives its buttons from', async () => {
    const { id } = await proposalAt('deliberation');
    const asSecretary = (await kit.community({ method: 'GET', url: `/api/v1/proposals/${id}` })).json().data;
    expect(asSecretary.abilities).toMatchObject({
      manage: true,
      accept: false,
      submitForDecision: true,
      support: false,
      return: true,
    });
    const asResident = (await kit.resident({ method: 'GET', url: `/api/v1/proposals/${id}` })).json().data;
    // Already seconded: no second support.
    expect(asResident.abilities).toMatchObject({ manage: false, support: false, comment: true });
  });
});
