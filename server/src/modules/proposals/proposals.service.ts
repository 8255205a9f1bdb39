import type { Actor } from '../../platform/actor.ts';
import { authorize } from '../../platform/actor.ts';
import type { Trx } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { loadVisibleOrg } from '../../platform/org-scope.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  type CreateProposalBody,
  type DecideBody,
  type DisclosureBody,
  type FeedbackBody,
  type MeetingBody,
  type PROPOSAL_CATEGORIES,
  type ProposalStatus,
  type RuleBody,
  STEP_ORDER,
  type TaskBody,
} from './proposals.contract.ts';
import { effectiveRule, getProposal, isOwn, type ProposalRow } from './proposals.queries.ts';

export interface ActionContext {
  trx: Trx;
  audit: AuditFn;
  actor: Actor;
  now: Date;
}

export const STEP_LABELS: Record<ProposalStatus, string> = {
  proposal: '提案',
  deliberation: '协商',
  decision: '决策',
  execution: '执行',
  supervision: '监督',
  closed: '已办结',
  declined: '不予受理',
};

/** Null when the proposal is at one of `allowed`, else why not (the action tables' precondition). */
export function inStep(p: Pick<ProposalRow, 'status'>, ...allowed: ProposalStatus[]): string | null {
  return allowed.includes(p.status)
    ? null
    : `提案当前处于“${STEP_LABELS[p.status]}”步骤，不能执行此操作（需要：${allowed.map((s) => STEP_LABELS[s]).join('、')}）`;
}

async function logEvent(
  ctx: ActionContext,
  p: ProposalRow,
  kind: string,
  toStatus: ProposalStatus | null,
  reason: string | null = null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await ctx.trx
    .insertInto('proposalEvents')
    .values({
      proposalId: p.id,
      kind,
      fromStatus: p.status,
      toStatus,
      reason,
      detail: JSON.stringify(detail),
      actorId: ctx.actor.user.id,
      at: ctx.now,
    })
    .execute();
  await ctx.audit({
    action: `proposals.${kind}`,
    objectType: 'proposal',
    objectId: p.id,
    orgPath: p.orgPath,
    detail: { from: p.status, to: toStatus, ...(reason ? { reason } : {}) },
  });
}

async function setStatus(ctx: ActionContext, p: ProposalRow, to: ProposalStatus, extra: object = {}) {
  await ctx.trx
    .updateTable('proposals')
    .set({ status: to, updatedAt: ctx.now, ...extra })
    .where('id', '=', p.id)
    .execute();
}

async function reload(ctx: ActionContext, id: number): Promise<ProposalRow> {
  const row = await getProposal(ctx.trx, id);
  if (!row) throw new NotFoundError();
  return row;
}

/**
 * Submit a proposal to an organization (a community, or a grid/street for the other levels of
 * consultation). A resident submits for themself where they hold the resident role; desk staff
 * (proposals.enter) record one on a resident's behalf with the resident's name.
 */
export async function submitProposal(ctx: ActionContext, orgId: number, body: CreateProposalBody) {
  const org = await loadVisibleOrg(ctx.trx, ctx.actor, orgId);
  if (org.status !== 'active' || !org.level) {
    throw new ValidationError({ orgId: '只能向在册的区、街道、社区或网格党组织提交提案' });
  }
  let channel: 'online' | 'desk';
  if (body.onBehalfOf) {
    authorize(ctx.actor, 'proposals.enter', org.path);
    channel = 'desk';
  } else {
    if (!ctx.actor.can('proposals.participate', org.path)) {
      if (ctx.actor.can('proposals.enter', org.path)) {
        throw new ValidationError({ onBehalfOf: '工作人员代录提案时必须填写居民姓名' });
      }
      authorize(ctx.actor, 'proposals.participate', org.path);
    }
    channel = 'online';
  }
  return insertProposal(ctx, {
    orgId: org.id,
    orgPath: org.path,
    title: body.title,
    content: body.content,
    category: body.category,
    channel,
    proposerUserId: channel === 'online' ? ctx.actor.user.id : null,
    proposerName: body.onBehalfOf?.proposerName ?? null,
  });
}

interface NewProposal {
  orgId: number;
  orgPath: string;
  title: string;
  content: string;
  category: (typeof PROPOSAL_CATEGORIES)[number];
  channel: 'online' | 'desk' | 'request';
  proposerUserId: number | null;
  proposerName: string | null;
  sourceType?: string;
  sourceId?: number;
}

/** A proposal's decision and result, empty (a new proposal, or one returned before its vote). */
const clearedDecision = {
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
} as const;

async function insertProposal(ctx: ActionContext, n: NewProposal): Promise<ProposalRow> {
  const { id } = await ctx.trx
    .insertInto('proposals')
    .values({
      orgId: n.orgId,
      title: n.title,
      content: n.content,
      category: n.category,
      channel: n.channel,
      submittedBy: ctx.actor.user.id,
      proposerUserId: n.proposerUserId,
      proposerName: n.proposerName,
      publishedAt: null,
      ruleId: null,
      supportThreshold: null,
      ...clearedDecision,
      closedAt: null,
      sourceType: n.sourceType ?? null,
      sourceId: n.sourceId ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p = await reload(ctx, id);
  await ctx.trx
    .insertInto('proposalEvents')
    .values({
      proposalId: id,
      kind: 'submitted',
      fromStatus: null,
      toStatus: 'proposal',
      reason: null,
      detail: JSON.stringify({
        channel: n.channel,
        ...(n.sourceType ? { sourceType: n.sourceType, sourceId: n.sourceId } : {}),
      }),
      actorId: ctx.actor.user.id,
      at: ctx.now,
    })
    .execute();
  await ctx.audit({
    action: 'proposals.submit',
    objectType: 'proposal',
    objectId: id,
    orgPath: n.orgPath,
    detail: { channel: n.channel },
  });
  return p;
}

export interface PromoteRequestInput {
  /** The service request being promoted; the link is kept (one proposal per request). */
  requestId: number;
  orgId: number;
  title: string;
  content: string;
  category?: (typeof PROPOSAL_CATEGORIES)[number];
  /** The resident behind the request, when they have an account. */
  proposerUserId?: number | null;
  proposerName?: string | null;
}

/**
 * Promote a resident request into a proposal (service-requests module calls this inside its own
 * transaction). The caller must hold proposals.enter on the organization. The proposal keeps the
 * request as its source (`sourceType = 'service_request'`), and the request keeps its history.
 */
export async function createProposalFromRequest(
  trx: Trx,
  actor: Actor,
  now: Date,
  audit: AuditFn,
  input: PromoteRequestInput,
): Promise<{ id: number; status: ProposalStatus }> {
  const ctx: ActionContext = { trx, actor, now, audit };
  const org = await loadVisibleOrg(ctx.trx, ctx.actor, input.orgId);
  authorize(actor, 'proposals.enter', org.path);
  if (org.status !== 'active' || !org.level) {
    throw new ValidationError({ orgId: '只能向在册的区、街道、社区或网格党组织提交提案' });
  }
  const existing = await trx
    .selectFrom('proposals')
    .select('id')
    .where('sourceType', '=', 'service_request')
    .where('sourceId', '=', input.requestId)
    .executeTakeFirst();
  if (existing) throw new ConflictError('该诉求已转为提案', { requestId: `已转为提案 #${existing.id}` });
  const p = await insertProposal(ctx, {
    orgId: org.id,
    orgPath: org.path,
    title: input.title.slice(0, 100),
    content: input.content.slice(0, 4000),
    category: input.category ?? 'other',
    channel: 'request',
    proposerUserId: input.proposerUserId ?? null,
    proposerName: input.proposerName ?? null,
    sourceType: 'service_request',
    sourceId: input.requestId,
  });
  return { id: p.id, status: p.status };
}

/** 提案 → 协商: accepted for deliberation; published to the community; the rule version is fixed. */
export async function acceptProposal(ctx: ActionContext, p: ProposalRow) {
  const rule = await effectiveRule(ctx.trx, p.orgPath, localDate(ctx.now));
  if (!rule) throw new ConflictError('没有生效的提案规则，请先配置附议门槛');
  await setStatus(ctx, p, 'deliberation', {
    publishedAt: p.publishedAt ?? ctx.now,
    ruleId: rule.id,
    supportThreshold: rule.supportThreshold,
  });
  await logEvent(ctx, p, 'accepted', 'deliberation', null, { ruleVersion: rule.version });
  return reload(ctx, p.id);
}

export async function declineProposal(ctx: ActionContext, p: ProposalRow, reason: string) {
  await setStatus(ctx, p, 'declined');
  await logEvent(ctx, p, 'declined', 'declined', reason);
  return reload(ctx, p.id);
}

/** A resident of the community seconds (附议) a proposal under deliberation, once. */
export async function supportProposal(ctx: ActionContext, p: ProposalRow) {
  const inserted = await ctx.trx
    .insertInto('proposalSupports')
    .values({ proposalId: p.id, userId: ctx.actor.user.id, at: ctx.now })
    .onConflict((oc) => oc.doNothing())
    .returning('userId')
    .executeTakeFirst();
  if (!inserted) throw new ConflictError('您已附议过此提案');
  await ctx.trx
    .updateTable('proposals')
    .set((eb) => ({ supportCount: eb('supportCount', '+', 1), updatedAt: ctx.now }))
    .where('id', '=', p.id)
    .execute();
  await logEvent(ctx, p, 'supported', null);
  return reload(ctx, p.id);
}

export async function commentProposal(ctx: ActionContext, p: ProposalRow, body: string) {
  await ctx.trx
    .insertInto('proposalComments')
    .values({ proposalId: p.id, authorId: ctx.actor.user.id, body, at: ctx.now })
    .execute();
  await logEvent(ctx, p, 'commented', null);
}

export async function recordMeeting(ctx: ActionContext, p: ProposalRow, body: MeetingBody) {
  if (body.heldOn > localDate(ctx.now)) {
    throw new ValidationError({ heldOn: '召开日期不能晚于今天' });
  }
  await ctx.trx
    .insertInto('proposalMeetings')
    .values({ proposalId: p.id, ...body, recordedBy: ctx.actor.user.id, createdAt: ctx.now })
    .execute();
  await logEvent(ctx, p, 'meeting_recorded', null, null, { kind: body.kind, heldOn: body.heldOn });
  return reload(ctx, p.id);
}

/** 协商 → 决策: needs a deliberation meeting on record and the support threshold of the rule version. */
export async function submitForDecision(ctx: ActionContext, p: ProposalRow) {
  const meeting = await ctx.trx
    .selectFrom('proposalMeetings')
    .select('id')
    .where('proposalId', '=', p.id)
    .limit(1)
    .executeTakeFirst();
  const fields: Record<string, string> = {};
  if (!meeting) fields.meetings = '提交决策前须记录至少一次协商会议';
  const threshold = p.supportThreshold ?? 0;
  if (p.supportCount < threshold) {
    fields.supportCount = `附议人数 ${p.supportCount} 人，未达到规则 ${p.ruleVersion ?? ''} 规定的 ${threshold} 人`;
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  await setStatus(ctx, p, 'decision');
  await logEvent(ctx, p, 'submitted_for_decision', 'decision', null, {
    supportCount: p.supportCount,
    threshold,
  });
  return reload(ctx, p.id);
}

/**
 * 决策: record the vote of the residents' representatives or the 党群议事会. Adopted when the votes
 * in favour exceed the rule's fraction of the expected voters (not of those present).
 */
export async function decideProposal(ctx: ActionContext, p: ProposalRow, body: DecideBody) {
  if (body.votesFor + body.votesAgainst + body.votesAbstain > body.expectedVoters) {
    throw new ValidationError({ votesFor: '赞成、反对、弃权票之和不能超过应到表决人数' });
  }
  const rule = p.ruleId
    ? await ctx.trx.selectFrom('proposalRules').selectAll().where('id', '=', p.ruleId).executeTakeFirst()
    : await effectiveRule(ctx.trx, p.orgPath, localDate(ctx.now));
  if (!rule) throw new ConflictError('没有生效的提案规则');
  const adopted = body.votesFor * rule.passDenominator > body.expectedVoters * rule.passNumerator;
  const to: ProposalStatus = adopted ? 'execution' : 'supervision';
  await setStatus(ctx, p, to, {
    decisionBody: body.decisionBody,
    expectedVoters: body.expectedVoters,
    votesFor: body.votesFor,
    votesAgainst: body.votesAgainst,
    votesAbstain: body.votesAbstain,
    decisionResult: adopted ? 'adopted' : 'rejected',
    decisionText: body.resolution,
    decidedAt: ctx.now,
  });
  await logEvent(ctx, p, 'decided', to, null, {
    result: adopted ? 'adopted' : 'rejected',
    votesFor: body.votesFor,
    votesAgainst: body.votesAgainst,
    votesAbstain: body.votesAbstain,
    expectedVoters: body.expectedVoters,
    ruleVersion: rule.version,
  });
  return reload(ctx, p.id);
}

export async function addTask(ctx: ActionContext, p: ProposalRow, body: TaskBody) {
  await ctx.trx
    .insertInto('proposalTasks')
    .values({ proposalId: p.id, ...body, note: null, createdAt: ctx.now, updatedAt: ctx.now })
    .execute();
  await logEvent(ctx, p, 'task_added', null, null, { title: body.title, dueOn: body.dueOn });
  return reload(ctx, p.id);
}

export async function updateTaskProgress(
  ctx: ActionContext,
  p: ProposalRow,
  taskId: number,
  body: { progress: number; note?: string },
) {
  const task = await ctx.trx
    .selectFrom('proposalTasks')
    .select(['id', 'progress'])
    .where('id', '=', taskId)
    .where('proposalId', '=', p.id)
    .executeTakeFirst();
  if (!task) throw new NotFoundError('任务不存在');
  await ctx.trx
    .updateTable('proposalTasks')
    .set({ progress: body.progress, note: body.note ?? null, updatedAt: ctx.now })
    .where('id', '=', task.id)
    .execute();
  await logEvent(ctx, p, 'task_progress', null, null, { taskId, from: task.progress, to: body.progress });
  return reload(ctx, p.id);
}

/**
 * 两公开: disclose the decision (after the vote), then the result (when every task is done), which
 * moves the proposal into 监督 where residents confirm or reopen it.
 */
export async function discloseProposal(ctx: ActionContext, p: ProposalRow, body: DisclosureBody) {
  if (body.kind === 'decision') {
    if (p.decisionDisclosedAt) throw new ConflictError('决议已公开');
    await setStatus(ctx, p, p.status, { decisionDisclosedAt: ctx.now });
    await logEvent(ctx, p, 'decision_disclosed', null);
    return reload(ctx, p.id);
  }
  const step = inStep(p, 'execution');
  if (step) throw new ConflictError(step);
  const fields: Record<string, string> = {};
  if (!p.decisionDisclosedAt) fields.kind = '请先公开决议，再公开实施结果';
  if (!body.text) fields.text = '公开实施结果时须填写结果说明';
  const tasks = await ctx.trx
    .selectFrom('proposalTasks')
    .select('progress')
    .where('proposalId', '=', p.id)
    .execute();
  if (tasks.length === 0) fields.tasks = '执行阶段至少需要一项任务';
  else if (tasks.some((t) => t.progress < 100)) fields.tasks = '仍有任务未完成，不能公开实施结果';
  if (Object.keys(fields).length) throw new ValidationError(fields);
  await setStatus(ctx, p, 'supervision', { resultText: body.text, resultDisclosedAt: ctx.now });
  await logEvent(ctx, p, 'result_disclosed', 'supervision');
  return reload(ctx, p.id);
}

/**
 * 监督: a resident of the community (or desk staff for a resident without an account) confirms the
 * result, which closes the proposal, or reopens it with a reason, which sends it back.
 */
export async function giveFeedback(ctx: ActionContext, p: ProposalRow, body: FeedbackBody) {
  const asResident = ctx.actor.can('proposals.participate', p.orgPath);
  if (body.onBehalfName || !asResident) {
    authorize(ctx.actor, 'proposals.enter', p.orgPath);
    if (!body.onBehalfName) throw new ValidationError({ onBehalfName: '代录居民评价时须填写居民姓名' });
  }
  if (body.verdict === 'reopen' && (!body.reason || body.reason.length < 2)) {
    throw new ValidationError({ reason: '要求重新办理时须填写原因' });
  }
  await ctx.trx
    .insertInto('proposalFeedback')
    .values({
      proposalId: p.id,
      userId: body.onBehalfName ? null : ctx.actor.user.id,
      onBehalfName: body.onBehalfName ?? null,
      verdict: body.verdict,
      reason: body.reason ?? null,
      at: ctx.now,
    })
    .execute();
  if (body.verdict === 'confirm') {
    await setStatus(ctx, p, 'closed', { closedAt: ctx.now });
    await logEvent(ctx, p, 'confirmed', 'closed', body.reason ?? null);
  } else {
    // An adopted proposal goes back to execution; a rejected one back to the vote.
    const to: ProposalStatus = p.decisionResult === 'adopted' ? 'execution' : 'decision';
    await setStatus(ctx, p, to, {
      reopenCount: p.reopenCount + 1,
      resultDisclosedAt: null,
      ...(to === 'decision' ? clearedDecision : {}),
    });
    await logEvent(ctx, p, 'reopened', to, body.reason ?? null);
  }
  return reload(ctx, p.id);
}

/**
 * Send a proposal back to an earlier step, only with a recorded reason. What the later steps
 * recorded (vote, disclosures) is cleared from the proposal but stays in its event log.
 */
export async function returnProposal(
  ctx: ActionContext,
  p: ProposalRow,
  toStatus: ProposalStatus,
  reason: string,
) {
  const from = STEP_ORDER.indexOf(p.status);
  const to = STEP_ORDER.indexOf(toStatus);
  if (to < 0 || to >= from) throw new ValidationError({ toStatus: '只能退回到之前的步骤' });
  const changes: Record<string, unknown> = {};
  if (to <= STEP_ORDER.indexOf('decision')) Object.assign(changes, clearedDecision);
  else if (to === STEP_ORDER.indexOf('execution'))
    Object.assign(changes, { resultText: null, resultDisclosedAt: null });
  await setStatus(ctx, p, toStatus, changes);
  await logEvent(ctx, p, 'returned', toStatus, reason, {
    ...(p.decisionResult ? { previousDecision: p.decisionResult, votesFor: p.votesFor } : {}),
  });
  return reload(ctx, p.id);
}

export async function addRule(ctx: ActionContext, orgId: number, body: RuleBody) {
  const org = await loadVisibleOrg(ctx.trx, ctx.actor, orgId);
  authorize(ctx.actor, 'proposals.configure', org.path);
  const clash = await ctx.trx
    .selectFrom('proposalRules')
    .select('id')
    .where('orgId', '=', org.id)
    .where('version', '=', body.version)
    .executeTakeFirst();
  if (clash) throw new ConflictError('规则版本已存在', { version: `版本“${body.version}”已存在` });
  const row = await ctx.trx
    .insertInto('proposalRules')
    .values({ orgId: org.id, ...body, createdBy: ctx.actor.user.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'proposals.configure',
    objectType: 'proposal_rule',
    objectId: row.id,
    orgPath: org.path,
    detail: { version: body.version, supportThreshold: body.supportThreshold },
  });
  return row;
}

export { isOwn };
