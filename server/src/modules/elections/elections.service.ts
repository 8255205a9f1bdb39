import type { z } from 'zod';
import type { ActionContext } from '../../platform/actions.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { insertAudited, type ServiceContext } from '../../platform/module-kit.ts';
import type { ScopedOrg } from '../../platform/org-scope.ts';
import { localDate } from '../work-calendar/index.ts';
import type {
  adjustmentBody,
  checklistBody,
  nominateBody,
  officersBody,
  requestBody,
  startTermBody,
  voteBody,
} from './elections.contract.ts';
import { type AdjustmentRow, currentTerm, type ElectionRow, termOf } from './elections.queries.ts';
import {
  addMonthsTo,
  ELECTED_KINDS,
  electedOf,
  minCandidates,
  quorumMet,
  termLengthOf,
  termRuleFor,
} from './elections.rules.ts';

function electedKind(org: { kind: string }) {
  if (!(ELECTED_KINDS as readonly string[]).includes(org.kind)) {
    throw new ValidationError(
      { orgId: '该组织不实行任期制' },
      '该组织不实行任期制（仅党委、党总支、党支部）',
    );
  }
}

/** Records a committee's term (the current one ends): its length from the rule unless given. */
export async function startTerm(
  ctx: ServiceContext,
  org: Pick<ScopedOrg, 'id' | 'path' | 'kind' | 'level'>,
  b: z.infer<typeof startTermBody>,
  electionId: number | null = null,
) {
  electedKind(org);
  const rule = await termRuleFor(ctx.trx, org.path, b.startedOn);
  if (!rule) throw new ValidationError({ startedOn: '该日期尚无任期规定' });
  const length = b.lengthYears ?? termLengthOf(rule.lengths, org);
  await ctx.trx
    .updateTable('orgTerms')
    .set({ status: 'ended' })
    .where('orgId', '=', org.id)
    .where('status', '=', 'current')
    .execute();
  const { id } = await ctx.trx
    .insertInto('orgTerms')
    .values({
      orgId: org.id,
      orgPath: org.path,
      startedOn: b.startedOn,
      lengthYears: length,
      endsOn: addMonthsTo(b.startedOn, length * 12),
      ruleVersion: rule.version,
      adjustment: null,
      adjustmentReason: null,
      electionId,
      createdBy: ctx.actor.user.id,
      createdAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'elections.term_started',
    objectType: 'org',
    objectId: org.id,
    orgPath: org.path,
    detail: { termId: id, startedOn: b.startedOn, lengthYears: length },
  });
  return id;
}

/** Asks the level above to postpone or advance the election, by at most the rule's limit (one year). */
export async function requestAdjustment(
  ctx: ServiceContext,
  org: ScopedOrg,
  b: z.infer<typeof adjustmentBody>,
) {
  const term = await termOf(ctx.trx, org, localDate(ctx.now));
  if (!term.term) throw new ValidationError({ kind: '尚未登记任期' }, '尚未登记任期，不能申请延期或提前换届');
  if (b.months > term.maxAdjustMonths) {
    throw new ValidationError(
      { months: `延期或提前换届一般不超过${term.maxAdjustMonths}个月` },
      `延期或提前换届一般不超过${term.maxAdjustMonths}个月`,
    );
  }
  const pending = await ctx.trx
    .selectFrom('termAdjustments')
    .select('id')
    .where('termId', '=', term.term.id)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  if (pending) throw new ConflictError('已有待审批的申请', { kind: '已有待审批的申请' });
  const newEndsOn = addMonthsTo(term.term.endsOn, b.kind === 'postpone' ? b.months : -b.months);
  const id = await insertAudited(
    ctx,
    'termAdjustments',
    {
      termId: term.term.id,
      orgId: org.id,
      orgPath: org.path,
      kind: b.kind,
      months: b.months,
      newEndsOn,
      reason: b.reason,
      requestedBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    {
      action: 'elections.adjustment_requested',
      objectType: 'term_adjustment',
      orgPath: org.path,
      detail: { kind: b.kind, months: b.months },
    },
  );
  return id;
}

export async function decideAdjustment(
  ctx: ActionContext,
  row: AdjustmentRow,
  status: 'approved' | 'rejected',
  reason?: string,
) {
  await ctx.trx
    .updateTable('termAdjustments')
    .set({ status, decisionReason: reason ?? null, decidedBy: ctx.actor.user.id, decidedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  if (status === 'approved') {
    await ctx.trx
      .updateTable('orgTerms')
      .set({
        endsOn: row.newEndsOn,
        adjustment: row.kind === 'postpone' ? 'postponed' : 'early',
        adjustmentReason: row.reason,
      })
      .where('id', '=', row.termId)
      .execute();
  }
  return row;
}

export async function requestElection(ctx: ServiceContext, org: ScopedOrg, b: z.infer<typeof requestBody>) {
  electedKind(org);
  const open = await ctx.trx
    .selectFrom('elections')
    .select('id')
    .where('orgId', '=', org.id)
    .where('status', 'not in', ['confirmed', 'rejected'])
    .executeTakeFirst();
  if (open) throw new ConflictError('该组织已有进行中的换届选举', { seats: '已有进行中的换届选举' });
  const id = await insertAudited(
    ctx,
    'elections',
    {
      orgId: org.id,
      orgPath: org.path,
      seats: b.seats,
      reason: b.reason ?? null,
      plannedOn: b.plannedOn ?? null,
      requestedBy: ctx.actor.user.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    },
    { action: 'elections.requested', objectType: 'election', orgPath: org.path },
  );
  return id;
}

async function update(ctx: ActionContext, row: ElectionRow, set: Record<string, unknown>) {
  await ctx.trx
    .updateTable('elections')
    .set({ ...set, updatedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return row;
}

export const setStatus = (ctx: ActionContext, row: ElectionRow, status: ElectionRow['status']) =>
  update(ctx, row, { status });

export const saveChecklist = (ctx: ActionContext, row: ElectionRow, b: z.infer<typeof checklistBody>) =>
  update(ctx, row, { checklist: JSON.stringify({ ...row.checklist, ...b }) });

/** Candidates reported for review: at least 20 % more than seats (差额), names unique. */
export function nominate(ctx: ActionContext, row: ElectionRow, b: z.infer<typeof nominateBody>) {
  const need = minCandidates(row.seats);
  if (b.candidates.length < need) {
    throw new ValidationError(
      { candidates: `应选${row.seats}人，候选人不少于${need}人（差额不少于20%）` },
      `应选${row.seats}人，候选人不少于${need}人（差额不少于20%）`,
    );
  }
  if (new Set(b.candidates.map((c) => c.name)).size !== b.candidates.length) {
    throw new ValidationError({ candidates: '候选人姓名重复' });
  }
  return update(ctx, row, { candidates: JSON.stringify(b.candidates), status: 'nominated' });
}

/** The assembly: valid with more than 4/5 of those entitled present; elected with more than half of those present. */
export function recordVote(ctx: ActionContext, row: ElectionRow, b: z.infer<typeof voteBody>) {
  if (b.present > b.entitled) throw new ValidationError({ present: '实到会人数不能超过应到会人数' });
  if (!quorumMet(b.entitled, b.present)) {
    throw new ValidationError(
      { present: '到会有选举权人数未超过应到会人数的五分之四，选举无效' },
      '到会有选举权人数未超过应到会人数的五分之四，选举无效',
    );
  }
  const names = new Set(row.candidates.map((c) => c.name));
  for (const [name, v] of Object.entries(b.votes)) {
    if (!names.has(name)) throw new ValidationError({ votes: `${name} 不是候选人` });
    if (v > b.present) throw new ValidationError({ votes: `${name} 的得票超过实到会人数` });
  }
  const { elected, tie } = electedOf(b.votes, b.present, row.seats);
  if (tie.length) {
    throw new ValidationError(
      { votes: `${tie.join('、')} 得票相等且超出应选名额，应就票数相等的候选人再次投票` },
      '票数相等的候选人超出应选名额，应再次投票',
    );
  }
  if (elected.length === 0) throw new ValidationError({ votes: '无人得票超过实到会人数的半数，无人当选' });
  return update(ctx, row, {
    entitled: b.entitled,
    present: b.present,
    votes: JSON.stringify(b.votes),
    elected: JSON.stringify(elected),
    votedOn: b.votedOn,
    status: 'voted',
  });
}

/** The new committee's first meeting: secretary and deputy among those elected. */
export function electOfficers(ctx: ActionContext, row: ElectionRow, b: z.infer<typeof officersBody>) {
  const elected = row.elected ?? [];
  if (!elected.includes(b.secretary)) throw new ValidationError({ secretary: '书记应从当选委员中选举' });
  if (b.deputy && (!elected.includes(b.deputy) || b.deputy === b.secretary)) {
    throw new ValidationError({ deputy: '副书记应从其他当选委员中选举' });
  }
  return update(ctx, row, { secretary: b.secretary, deputy: b.deputy ?? null, status: 'officers_elected' });
}

/** The level above approves the result: the new term starts on the day of the vote. */
export async function confirm(ctx: ActionContext, row: ElectionRow) {
  const termId = await startTerm(
    ctx,
    { id: row.orgId, path: row.orgPath, kind: row.kind, level: row.level },
    { startedOn: row.votedOn ?? localDate(ctx.now) },
    row.id,
  );
  return update(ctx, row, { status: 'confirmed', termId });
}

export { currentTerm };
