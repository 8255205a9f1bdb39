import type { Selectable } from 'kysely';
import { type ActionContext, actionFor, defineActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { evaluateVote } from '../org-life/index.ts';
import { loadWorkCalendar, type WorkCalendar, yearsOf } from '../work-calendar/index.ts';
import {
  assessBody,
  type CompleteStepBody,
  clearRelativeBody,
  completeStepBody,
  developmentCaseResponse,
  stepOf,
} from './development.contract.ts';
import { presentCaseById } from './development.queries.ts';
import { type DevelopmentRules, loadRuleBook } from './development.rules.ts';
import { admitMembers } from './development.service.ts';
import type { DevelopmentCasesTable } from './development.tables.ts';
import { addMonths, stepBlock } from './development.timing.ts';

export type CaseRow = Selectable<DevelopmentCasesTable> & {
  orgPath: string;
  orgName: string;
  /** The level above the branch (上级党委): files, pre-reviews and approves. */
  parentPath: string;
  today: string;
  calendar: WorkCalendar;
  /** The time rules in force for the branch today (its place profile's version). */
  rules: DevelopmentRules;
};

/** The case in the caller's subtree (404 outside), with its branch and the level above. */
export async function loadCase(
  db: Executor,
  actor: Actor,
  id: number,
  options: { lock: boolean; now?: Date },
): Promise<CaseRow> {
  let q = db
    .selectFrom('developmentCases as c')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .leftJoin('orgs as p', 'p.id', 'o.parentId')
    .selectAll('c')
    .select(['o.path as orgPath', 'o.name as orgName', 'p.path as parentPath'])
    .where('c.id', '=', id);
  if (options.lock) q = q.forUpdate('c');
  const row = await q.executeTakeFirst();
  if (!row || !actor.sees(row.orgPath)) throw new NotFoundError('发展对象不存在或无权访问');
  const today = chinaDate(options.now ?? new Date());
  const calendar = await loadWorkCalendar(db, yearsOf(row.publicityFrom ?? today, addMonths(today, 1)));
  const rules = await (await loadRuleBook(db)).forPath(row.orgPath, today);
  return { ...row, parentPath: row.parentPath ?? row.orgPath, today, calendar, rules };
}

const rulesOf = (row: CaseRow) => row.rules;
const blocked = (row: CaseRow) => stepBlock(row, row.today, rulesOf(row), row.calendar);

async function recordStep(ctx: ActionContext, row: CaseRow, record: string, detail: Record<string, unknown>) {
  await ctx.trx
    .insertInto('developmentSteps')
    .values({
      caseId: row.id,
      step: row.step,
      doneOn: row.today,
      record,
      detail: JSON.stringify(detail),
      actorId: ctx.actor.user.id,
      createdAt: ctx.now,
    })
    .execute();
}

async function advance(
  ctx: ActionContext,
  row: CaseRow,
  set: Partial<Selectable<DevelopmentCasesTable>> = {},
) {
  const next = row.step + 1;
  await ctx.trx
    .updateTable('developmentCases')
    .set({
      ...set,
      step: next,
      stepSince: row.today,
      status: next > 25 ? 'done' : 'active',
      updatedAt: ctx.now,
    })
    .where('id', '=', row.id)
    .execute();
}

/** The assembly's vote, with organizational life's quorum and pass rules; refused unless it passed. */
function passedVote(body: CompleteStepBody) {
  if (!body.vote) throw new ValidationError({ vote: '请填写支部大会表决情况' });
  const result = evaluateVote({
    ...body.vote,
    writtenYes: body.vote.writtenYes ?? 0,
    writtenNo: body.vote.writtenNo ?? 0,
  });
  if (result.errors.length > 0) throw new ValidationError({ vote: result.errors[0]! });
  if (!result.quorumMet)
    throw new ValidationError({ vote: `到会有表决权人数不足（至少 ${result.quorumNeeded} 人），会议无效` });
  return result;
}

async function statusHistory(
  ctx: ActionContext,
  memberId: number,
  status: 'probationary' | 'full',
  since: string,
  reason: string,
) {
  await ctx.trx
    .insertInto('memberStatusHistory')
    .values({ memberId, status, since, reason, actorId: ctx.actor.user.id, at: ctx.now })
    .execute();
}

/** The person becomes a probationary member of the register at the approval step (one record, with history). */
async function admitMember(ctx: ActionContext, row: CaseRow) {
  const admitted = await admitMembers(
    ctx.trx,
    { caseIds: [row.id], approvedOn: [row.today] },
    ctx.actor.user.id,
    ctx.now,
  );
  const id = admitted.get(row.id);
  if (id === undefined) throw new Error(`case ${row.id} was not admitted`);
  return id;
}

const act = actionFor<CaseRow, CaseRow>();
const open = (row: CaseRow) => (row.status !== 'active' ? '该发展对象已办结或终止' : null);

export const developmentActions = defineActions({
  tags: ['development'],
  objectType: 'development_case',
  load: (db, actor, params, options) => loadCase(db, actor, Number(params.id), options),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: async (out, request) => ({ data: await presentCaseById(request, out.id) }),
  response: developmentCaseResponse,
  actions: {
    complete: act({
      title: '完成本步骤',
      path: '/development/:id/complete',
      permission: 'development.manage',
      when: (row) =>
        open(row) ?? (stepOf(row.step)?.by !== 'branch' ? '本步骤由上级党委办理' : null) ?? blocked(row),
      body: completeStepBody,
      audit: 'development.complete_step',
      run: async (ctx, row, body) => {
        const rules = rulesOf(row);
        const set: Partial<Selectable<DevelopmentCasesTable>> = {};
        const detail: Record<string, unknown> = {};
        if (row.step === 3) Object.assign(set, { activistOn: row.today, lastAssessmentOn: null });
        if (row.step === 6) set.lastAssessmentOn = row.today;
        if (row.step === 7) set.targetOn = row.today;
        if (row.step === 11) {
          const days = body.trainingDays ?? 0;
          const hours = body.trainingHours ?? 0;
          if (days < rules.trainingMinDays.value && hours < rules.trainingMinHours.value) {
            throw new ValidationError({
              trainingDays: `集中培训须不少于 ${rules.trainingMinDays.value} 天或 ${rules.trainingMinHours.value} 学时（本次 ${days} 天、${hours} 学时）`,
            });
          }
          set.trainingDays = days;
          Object.assign(detail, { trainingDays: days, trainingHours: hours });
        }
        if (row.step === 12) set.publicityFrom = row.today;
        if (row.step === 15) {
          const vote = passedVote(body);
          if (!vote.passed)
            throw new ValidationError({
              vote: `赞成票未超过应到会有表决权人数的半数（至少 ${vote.yesNeeded} 票），未通过`,
            });
          set.assemblyOn = row.today;
          detail.vote = body.vote;
        }
        if (row.step === 23) {
          const vote = passedVote(body);
          detail.vote = body.vote;
          if (!vote.passed)
            throw new ValidationError({
              vote: `赞成票未超过应到会有表决权人数的半数（至少 ${vote.yesNeeded} 票），未通过`,
            });
          if (body.outcome === 'extend') {
            const months = body.extendMonths ?? 0;
            if (row.probationExtended) throw new ValidationError({ outcome: '预备期只能延长一次' });
            if (months < rules.extensionMinMonths.value || months > rules.extensionMaxMonths.value) {
              throw new ValidationError({
                extendMonths: `延长预备期须为 ${rules.extensionMinMonths.value}–${rules.extensionMaxMonths.value} 个月`,
              });
            }
            const ends = addMonths(row.probationEndsOn ?? row.today, months);
            await recordStep(ctx, row, body.record, { ...detail, outcome: 'extend', months, ends });
            await ctx.trx
              .updateTable('developmentCases')
              .set({
                probationExtended: true,
                probationEndsOn: ends,
                step: 22,
                stepSince: row.today,
                updatedAt: ctx.now,
              })
              .where('id', '=', row.id)
              .execute();
            await ctx.audit({
              action: 'development.extend_probation',
              objectType: 'development_case',
              objectId: row.id,
              orgPath: row.orgPath,
              detail: { months, ends },
            });
            return row;
          }
        }
        await recordStep(ctx, row, body.record, detail);
        await advance(ctx, row, set);
        return row;
      },
    }),
    approve: act({
      title: '上级党委办理',
      path: '/development/:id/approve',
      permission: 'development.approve',
      scope: (row) => row.parentPath,
      when: (row) =>
        open(row) ?? (stepOf(row.step)?.by !== 'upper' ? '本步骤由党支部办理' : null) ?? blocked(row),
      body: completeStepBody,
      audit: 'development.approve_step',
      run: async (ctx, row, body) => {
        const set: Partial<Selectable<DevelopmentCasesTable>> = {};
        if (row.step === 17) {
          const rules = rulesOf(row);
          set.memberId = await admitMember(ctx, row);
          set.approvedOn = row.today;
          set.probationEndsOn = addMonths(row.assemblyOn ?? row.today, rules.probationMonths.value);
        }
        if (row.step === 24 && row.memberId) {
          const fullOn = row.probationEndsOn ?? row.today;
          await ctx.trx
            .updateTable('members')
            .set({ status: 'full', fullOn, statusSince: fullOn, updatedAt: ctx.now })
            .where('id', '=', row.memberId)
            .execute();
          await statusHistory(
            ctx,
            row.memberId,
            'full',
            fullOn,
            `发展党员：上级党委 ${row.today} 批准按期转正`,
          );
        }
        await recordStep(ctx, row, body.record, {});
        await advance(ctx, row, set);
        return row;
      },
    }),
    assess: act({
      title: '登记半年考察',
      path: '/development/:id/assess',
      permission: 'development.manage',
      when: (row) => open(row) ?? (row.step < 4 || row.step > 7 ? '仅入党积极分子阶段登记半年考察' : null),
      body: assessBody,
      audit: 'development.complete_step',
      run: async (ctx, row, body) => {
        await ctx.trx
          .insertInto('developmentSteps')
          .values({
            caseId: row.id,
            step: 6,
            doneOn: row.today,
            record: body.record,
            detail: JSON.stringify({ assessment: true }),
            actorId: ctx.actor.user.id,
            createdAt: ctx.now,
          })
          .execute();
        await ctx.trx
          .updateTable('developmentCases')
          .set({ lastAssessmentOn: row.today, updatedAt: ctx.now })
          .where('id', '=', row.id)
          .execute();
        return row;
      },
    }),
    clearRelative: act({
      title: '核查优亲厚友提示',
      path: '/development/:id/clear-relative',
      permission: 'development.approve',
      scope: (row) => row.parentPath,
      when: (row) =>
        open(row) ?? (!row.relativeFlag || row.relativeClearedReason ? '没有待核查的优亲厚友提示' : null),
      body: clearRelativeBody,
      audit: 'development.clear_relative',
      run: async (ctx, row, body) => {
        await ctx.trx
          .updateTable('developmentCases')
          .set({ relativeClearedReason: body.reason, updatedAt: ctx.now })
          .where('id', '=', row.id)
          .execute();
        return row;
      },
    }),
  },
});
