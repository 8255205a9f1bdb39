import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { abilitiesOf, reasonsOf } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db.ts';
import { actorOf } from '../../platform/http.ts';
import type { ScopedOrg } from '../../platform/org-scope.ts';
import { loadWorkCalendar, type WorkCalendar, yearsOf } from '../work-calendar/index.ts';
import { type CaseRow, developmentActions, loadCase } from './development.actions.ts';
import { DEVELOPMENT_STAGES, type DevelopmentCaseView, stepOf } from './development.contract.ts';
import { loadRuleBook } from './development.rules.ts';
import { addMonths, timingOf } from './development.timing.ts';

const LIST_LIMIT = 500;

export function presentCase(actor: Actor, row: CaseRow): DevelopmentCaseView {
  const step = stepOf(Math.min(row.step, 25))!;
  const timing =
    row.status === 'active'
      ? timingOf(row, row.today, row.rules)
      : { dueOn: null, timing: 'ok' as const, notes: [] };
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    name: row.name,
    idNumberMasked: row.idNumberMasked,
    appliedOn: row.appliedOn,
    step: row.step,
    stepTitle: row.status === 'done' ? '已归档' : step.title,
    stage: step.stage,
    stageTitle: DEVELOPMENT_STAGES[step.stage - 1]!,
    status: row.status,
    dueOn: timing.dueOn,
    timing: timing.timing,
    notes: timing.notes,
    relativeFlag: row.relativeFlag,
    relativeCleared: row.relativeClearedReason !== null,
    memberId: row.memberId,
    abilities: abilitiesOf(developmentActions, actor, row),
    reasons: reasonsOf(developmentActions, actor, row),
  };
}

/** The case as the caller sees it now (after an action). */
export async function presentCaseById(request: FastifyRequest, id: number) {
  const { db, clock } = request.server.deps;
  const actor = actorOf(request);
  return presentCase(actor, await loadCase(db, actor, id, { lock: false, now: clock.now() }));
}

async function calendarFor(db: Executor, today: string): Promise<WorkCalendar> {
  return loadWorkCalendar(db, yearsOf(addMonths(today, -12), addMonths(today, 1)));
}

/** The pipeline of an organization's subtree (a branch: its own; the level above: every branch below). */
export async function listCases(
  db: Executor,
  actor: Actor,
  org: ScopedOrg,
  now: Date,
  filter: { stage?: number; timing?: 'ok' | 'due' | 'late' },
) {
  const today = chinaDate(now);
  const calendar = await calendarFor(db, today);
  const book = await loadRuleBook(db);
  const rows = await db
    .selectFrom('developmentCases as c')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .leftJoin('orgs as p', 'p.id', 'o.parentId')
    .selectAll('c')
    .select(['o.path as orgPath', 'o.name as orgName', 'p.path as parentPath'])
    .where('o.path', 'like', `${org.path}%`)
    .where('c.status', '=', 'active')
    .orderBy('c.step')
    .orderBy('c.id')
    .limit(LIST_LIMIT)
    .execute();
  const rulesOf = new Map<string, Awaited<ReturnType<typeof book.forPath>>>();
  for (const path of new Set(rows.map((r) => r.orgPath))) rulesOf.set(path, await book.forPath(path, today));
  return rows
    .map((r) =>
      presentCase(actor, {
        ...r,
        parentPath: r.parentPath ?? r.orgPath,
        today,
        calendar,
        rules: rulesOf.get(r.orgPath)!,
      }),
    )
    .filter((c) => (filter.stage ? c.stage === filter.stage : true))
    .filter((c) => (filter.timing ? c.timing === filter.timing : true));
}

/** Counts per stage and per organization, with the late ones (the level above supervises). */
export async function summarize(db: Executor, actor: Actor, org: ScopedOrg, now: Date) {
  const cases = await listCases(db, actor, org, now, {});
  const stages = DEVELOPMENT_STAGES.map((title, i) => {
    const inStage = cases.filter((c) => c.stage === i + 1);
    return {
      stage: i + 1,
      title,
      count: inStage.length,
      late: inStage.filter((c) => c.timing === 'late').length,
    };
  });
  const byOrgMap = new Map<number, { orgId: number; orgName: string; active: number; late: number }>();
  for (const c of cases) {
    const e = byOrgMap.get(c.orgId) ?? { orgId: c.orgId, orgName: c.orgName, active: 0, late: 0 };
    e.active += 1;
    if (c.timing === 'late') e.late += 1;
    byOrgMap.set(c.orgId, e);
  }
  return { stages, byOrg: [...byOrgMap.values()].sort((a, b) => b.late - a.late || b.active - a.active) };
}

/** One person: the case and every step's record. */
export async function caseHistory(db: Executor, caseId: number) {
  const rows = await db
    .selectFrom('developmentSteps as s')
    .leftJoin('users as u', 'u.id', 's.actorId')
    .select(['s.step', 's.doneOn', 's.record', 'u.displayName'])
    .where('s.caseId', '=', caseId)
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    step: r.step,
    title: stepOf(r.step)?.title ?? '',
    doneOn: r.doneOn,
    record: r.record,
    actor: r.displayName,
  }));
}

/** The files uploaded for a case (without their content). */
export async function caseFiles(db: Executor, caseId: number) {
  const rows = await db
    .selectFrom('developmentFiles')
    .select(['id', 'step', 'filename', 'mime', 'size', 'createdAt'])
    .where('caseId', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Cockpit figure: people in development in the subtree (active cases). */
export async function countActiveCases(db: Executor, orgPath: string): Promise<number> {
  const row = await db
    .selectFrom('developmentCases as c')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('o.path', 'like', `${orgPath}%`)
    .where('c.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return row.n;
}
