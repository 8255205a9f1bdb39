import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { stepsOf } from '../../platform/action-steps.ts';
import { abilitiesOf, defineActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { actorOf } from '../../platform/http.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  commentBody,
  decideBody,
  declineBody,
  disclosureBody,
  emptyBody,
  feedbackBody,
  meetingBody,
  type ProposalDetailDto,
  type ProposalStatus,
  proposalDetailSchema,
  returnBody,
  STEP_ORDER,
  taskBody,
  taskProgressBody,
} from './proposals.contract.ts';
import { presentDetail } from './proposals.presenter.ts';
import { getVisibleProposal, hasSupported, loadDetailParts, type ProposalRow } from './proposals.queries.ts';
import {
  acceptProposal,
  addTask,
  commentProposal,
  decideProposal,
  declineProposal,
  discloseProposal,
  giveFeedback,
  inStep,
  recordMeeting,
  returnProposal,
  STEP_LABELS,
  submitForDecision,
  supportProposal,
  updateTaskProgress,
} from './proposals.service.ts';

/** A proposal as its actions see it: the row and whether the caller has seconded it. */
export type ProposalState = ProposalRow & { supportedByMe: boolean };

/** Loads a proposal the caller sees (404 otherwise), with whether the caller has seconded it. */
export async function loadProposal(
  db: Executor,
  actor: Actor,
  id: number,
  lock = false,
): Promise<ProposalState> {
  const p = await getVisibleProposal(db, actor, id, lock);
  return { ...p, supportedByMe: await hasSupported(db, p.id, actor.user.id) };
}

const manage = 'proposals.manage' as const;
const resident = (actor: Actor, p: ProposalState) => actor.can('proposals.participate', p.orgPath);
const OPEN_STEPS = ['proposal', 'deliberation', 'decision', 'execution', 'supervision'] as const;

const prefix = '/proposals/:id/';
const step = stepsOf<ProposalState, unknown>({ path: prefix, conflictStatus: 409 });

/** An officials' step: `proposals.manage` on the proposal's organization, at one of `steps` (else 409). */
const managed = (...steps: ProposalStatus[]) =>
  stepsOf<ProposalState, unknown>({
    path: prefix,
    permission: manage,
    when: (p) => inStep(p, ...steps),
    conflictStatus: 409,
  });
const atProposal = managed('proposal');
const atDeliberation = managed('deliberation');
const atExecution = managed('execution');

/**
 * The five-step consultation (五步议事法) as an action table: 提案 (accept | decline) → 协商
 * (support, meetings, submit for decision) → 决策 (vote) → 执行 (tasks, 两公开) → 监督 (residents
 * confirm or reopen) → closed; a return goes to an earlier step with a reason. Comments while open.
 * Checks that need the body or other rows (threshold and meeting before the vote, tasks done before
 * the result is disclosed) stay in the service and answer 422 with the fields named.
 */
export const proposalActions = defineActions({
  tags: ['proposals'],
  objectType: 'proposal',
  load: (db, actor, params, { lock }) => loadProposal(db, actor, Number(params.id), lock),
  id: (p) => p.id,
  scope: (p) => p.orgPath,
  reply: async (_out: unknown, request: FastifyRequest) => ({
    data: await proposalDetail(request, Number((request.params as { id: number }).id)),
  }),
  response: z.object({ data: proposalDetailSchema }),
  actions: {
    accept: atProposal({
      title: '受理提案',
      path: 'accept',
      body: emptyBody,
      run: (ctx, p) => acceptProposal(ctx, p),
      audit: 'proposals.accepted',
    }),
    decline: atProposal({
      title: '不予受理',
      path: 'decline',
      body: declineBody,
      run: (ctx, p, b) => declineProposal(ctx, p, b.reason),
      audit: 'proposals.declined',
    }),
    support: step({
      title: '附议',
      path: 'support',
      permission: 'authenticated',
      allowed: (actor, p) => (resident(actor, p) ? null : '只有本社区居民可以附议'),
      when: (p) => inStep(p, 'deliberation') ?? (p.supportedByMe ? '您已附议过此提案' : null),
      body: emptyBody,
      run: (ctx, p) => supportProposal(ctx, p),
      audit: 'proposals.supported',
    }),
    comment: step({
      title: '评论',
      path: 'comments',
      permission: 'authenticated',
      allowed: (actor, p) =>
        actor.can(manage, p.orgPath) || resident(actor, p) ? null : '只有本社区居民和办理人员可以评论',
      when: (p) => inStep(p, ...OPEN_STEPS),
      body: commentBody,
      run: (ctx, p, b) => commentProposal(ctx, p, b.body),
      audit: 'proposals.commented',
    }),
    meeting: managed(
      'deliberation',
      'decision',
    )({
      title: '记录协商会议',
      path: 'meetings',
      body: meetingBody,
      run: (ctx, p, b) => recordMeeting(ctx, p, b),
      audit: 'proposals.meeting_recorded',
    }),
    submitForDecision: atDeliberation({
      title: '提交决策',
      path: 'submit-for-decision',
      body: emptyBody,
      run: (ctx, p) => submitForDecision(ctx, p),
      audit: 'proposals.submitted_for_decision',
    }),
    decide: managed('decision')({
      title: '记录表决',
      path: 'decision',
      body: decideBody,
      run: (ctx, p, b) => decideProposal(ctx, p, b),
      audit: 'proposals.decided',
    }),
    addTask: atExecution({
      title: '分解任务',
      path: 'tasks',
      body: taskBody,
      run: (ctx, p, b) => addTask(ctx, p, b),
      audit: 'proposals.task_added',
    }),
    progressTask: atExecution({
      title: '更新任务进度',
      path: 'tasks/:taskId',
      method: 'PATCH',
      params: idParam.extend({ taskId: z.coerce.number().int().positive() }),
      body: taskProgressBody,
      run: (ctx, p, b) =>
        updateTaskProgress(ctx, p, Number((ctx.request.params as { taskId: number }).taskId), b),
      audit: 'proposals.task_progress',
    }),
    disclose: step({
      title: '公开决议或结果',
      path: 'disclosures',
      permission: manage,
      when: (p) =>
        inStep(p, 'execution', 'supervision') ??
        (p.status === 'supervision' && p.decisionDisclosedAt ? '决议已公开' : null),
      body: disclosureBody,
      run: (ctx, p, b) => discloseProposal(ctx, p, b),
      audit: ['proposals.decision_disclosed', 'proposals.result_disclosed'],
    }),
    feedback: step({
      title: '评价',
      path: 'feedback',
      permission: 'authenticated',
      allowed: (actor, p) =>
        resident(actor, p) || actor.can('proposals.enter', p.orgPath)
          ? null
          : '只有本社区居民或代录人员可以评价',
      when: (p) => inStep(p, 'supervision') ?? (p.decisionDisclosedAt ? null : '决议尚未公开，暂不能评价'),
      body: feedbackBody,
      run: (ctx, p, b) => giveFeedback(ctx, p, b),
      audit: ['proposals.confirmed', 'proposals.reopened'],
    }),
    return: step({
      title: '退回',
      path: 'return',
      permission: manage,
      when: (p) => {
        const from = STEP_ORDER.indexOf(p.status);
        if (from < 0) return `提案已${STEP_LABELS[p.status]}，不能退回`;
        return from === 0 ? { reason: '提案尚在第一步，没有可退回的步骤', field: 'toStatus' } : null;
      },
      body: returnBody,
      run: (ctx, p, b) => returnProposal(ctx, p, b.toStatus, b.reason),
      audit: 'proposals.returned',
    }),
  },
});

/** What the caller may do with the proposal (`manage`: the officials' view of the page). */
export function proposalAbilitiesOf(actor: Actor, p: ProposalState): ProposalDetailDto['abilities'] {
  return { manage: actor.can(manage, p.orgPath), ...abilitiesOf(proposalActions, actor, p) };
}

/** The proposal's detail as the caller sees it, with its abilities. */
export async function proposalDetail(request: FastifyRequest, id: number): Promise<ProposalDetailDto> {
  const { db, clock } = request.server.deps;
  const actor = actorOf(request);
  const p = await loadProposal(db, actor, id);
  const proposer = p.proposerUserId
    ? await db.selectFrom('users').select('displayName').where('id', '=', p.proposerUserId).executeTakeFirst()
    : undefined;
  const parts = await loadDetailParts(db, p.id);
  return presentDetail(
    actor,
    { ...p, proposerDisplayName: proposer?.displayName ?? null },
    parts,
    localDate(clock.now()),
    proposalAbilitiesOf(actor, p),
  );
}
