import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import {
  type ActionContext,
  abilitiesOf,
  actionFor,
  defineActions,
  mountActions,
  noBody,
} from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  REPORT_LABELS,
  type ReportDto,
  type RoundDto,
  reportSchema,
  reportsQuery,
  returnReportBody,
  reviewBody,
  roundBody,
  roundSchema,
  roundsQuery,
  saveReportBody,
} from './responsibility.reports.contract.ts';

/**
 * 写实调度 (C13): the district requests a quarterly report from every street on a template; each
 * street's report is pre-filled (SQL) from the street's own responsibility items — a snapshot of
 * every item with its progress and latest report, and the figures — then the street edits and
 * submits it, and the district returns it with a comment or accepts it.
 */

// ---- queries -------------------------------------------------------------------------------------
const lateExpr = (today: string) => sql<SqlBool>`(rd.due_on < coalesce(r.submitted_on, ${today}::date))`;

function selectReports(db: Executor, today: string) {
  return db
    .selectFrom('responsibilityReports as r')
    .innerJoin('responsibilityReportRounds as rd', 'rd.id', 'r.roundId')
    .innerJoin('orgs as o', 'o.id', 'r.orgId')
    .selectAll('r')
    .select([
      'rd.title as roundTitle',
      'rd.year',
      'rd.quarter',
      'rd.dueOn',
      'rd.orgPath as roundPath',
      'o.name as orgName',
    ])
    .select(lateExpr(today).as('late'));
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof getReport>>>;

async function getReport(db: Executor, id: number, today: string) {
  return selectReports(db, today).where('r.id', '=', id).executeTakeFirst();
}

async function getVisibleReport(db: Executor, actor: Actor, id: number, today: string, lock = false) {
  if (lock) {
    await db.selectFrom('responsibilityReports').select('id').where('id', '=', id).forUpdate().execute();
  }
  const row = await getReport(db, id, today);
  if (!row || !actor.can('responsibility.read', row.orgPath)) {
    throw new NotFoundError('调度报告不存在或无权访问');
  }
  return row;
}

/**
 * Fills reports from their street's responsibility items of the round's year (one statement):
 * the items (late first, then by deadline) with progress and the latest progress text, the
 * figures, and — while still empty — the first section with a summary of the figures.
 */
export async function prefillReports(
  trx: Executor,
  where: { roundId: number } | { reportId: number },
  now: Date,
) {
  const today = localDate(now);
  const which = 'roundId' in where ? sql`r2.round_id = ${where.roundId}` : sql`r2.id = ${where.reportId}`;
  await sql`
    update responsibility_reports r
       set items = s.items, figures = s.figures, updated_at = ${now},
           sections = case when r.sections -> 0 ->> 'text' = ''
                           then jsonb_set(r.sections, '{0,text}', to_jsonb(
                                  '本季度共承担责任清单事项' || s.n || '项，已完成' || s.done || '项，逾期'
                                  || s.late || '项，平均完成进度' || s.avg || '%。'))
                           else r.sections end
      from (
        select r2.id,
               count(x.id) as n,
               count(x.id) filter (where x.status = 'done') as done,
               count(x.id) filter (where x.late) as late,
               coalesce(round(avg(x.progress)), 0)::int as avg,
               coalesce(jsonb_agg(jsonb_build_object(
                 'itemId', x.id, 'title', x.title, 'deadline', to_char(x.deadline, 'YYYY-MM-DD'),
                 'progress', x.progress, 'status', x.status, 'late', x.late, 'lastReport', x.last_report)
                 order by x.late desc, x.deadline, x.id) filter (where x.id is not null), '[]') as items,
               jsonb_build_object(
                 'items', count(x.id),
                 'done', count(x.id) filter (where x.status = 'done'),
                 'late', count(x.id) filter (where x.late),
                 'avgProgress', coalesce(round(avg(x.progress)), 0)::int) as figures
          from responsibility_reports r2
          join responsibility_report_rounds rd on rd.id = r2.round_id
          left join lateral (
            select i.id, i.title, i.deadline, i.progress, i.status,
                   ((i.status = 'open' and i.deadline < ${today}::date)
                     or (i.status = 'done' and i.done_on > i.deadline)) as late,
                   (select p.text from responsibility_progress p where p.item_id = i.id
                     order by p.reported_at desc, p.id desc limit 1) as last_report
              from responsibility_lists l
              join responsibility_items i on i.list_id = l.id
             where l.org_id = r2.org_id and l.year = rd.year) x on true
         where ${which}
         group by r2.id) s
     where s.id = r.id`.execute(trx);
}

async function findReports(db: Executor, path: string, query: z.infer<typeof reportsQuery>, today: string) {
  let q = selectReports(db, today).where('r.orgPath', 'like', `${path}%`).where('rd.year', '=', query.year);
  if (query.roundId) q = q.where('r.roundId', '=', query.roundId);
  if (query.status) q = q.where('r.status', '=', query.status);
  return q
    .orderBy('rd.quarter', 'desc')
    .orderBy(
      sql`case r.status when 'submitted' then 0 when 'returned' then 1 when 'requested' then 2 else 3 end`,
    )
    .orderBy('o.sortOrder')
    .orderBy('o.code')
    .limit(500)
    .execute();
}

function selectRounds(db: Executor) {
  return db
    .selectFrom('responsibilityReportRounds as rd')
    .innerJoin('orgs as o', 'o.id', 'rd.orgId')
    .selectAll('rd')
    .select('o.name as orgName')
    .select((eb) =>
      eb
        .selectFrom('responsibilityReports as r')
        .whereRef('r.roundId', '=', 'rd.id')
        .select(
          sql<{ reports: number; submitted: number; returned: number; accepted: number }>`jsonb_build_object(
            'reports', count(*), 'submitted', count(*) filter (where r.status = 'submitted'),
            'returned', count(*) filter (where r.status = 'returned'),
            'accepted', count(*) filter (where r.status = 'accepted'))`.as('counts'),
        )
        .as('counts'),
    );
}
type RoundRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectRounds>['executeTakeFirst']>>>;

function presentRound(row: RoundRow): RoundDto {
  const c = row.counts ?? { reports: 0, submitted: 0, returned: 0, accepted: 0 };
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    year: row.year,
    quarter: row.quarter,
    title: row.title,
    sections: row.sections,
    dueOn: row.dueOn,
    reports: Number(c.reports),
    submitted: Number(c.submitted),
    returned: Number(c.returned),
    accepted: Number(c.accepted),
  };
}

// ---- actions -------------------------------------------------------------------------------------
const onReport = actionFor<ReportRow, ReportRow>();

const editable = (row: ReportRow) =>
  row.status === 'requested' || row.status === 'returned' ? null : '报告已报送，等待审核或已通过';
const waitingReview = (row: ReportRow) => (row.status === 'submitted' ? null : '报告尚未报送，不能审核');
/** The street fills its own report: the level that requested it reviews, it does not write it. */
const filledBelow = (actor: Actor, row: ReportRow) =>
  actor.can('responsibility.manage', row.roundPath) ? '调度报告由报送单位填写，上级只能退回或通过' : null;

async function saveReport(ctx: ActionContext, row: ReportRow, b: z.infer<typeof saveReportBody>) {
  const titles = row.sections.map((s) => s.title);
  if (b.sections.length !== titles.length || b.sections.some((s, i) => s.title !== titles[i])) {
    throw new ValidationError({ sections: `报告栏目须与模板一致：${titles.join('、')}` });
  }
  await ctx.trx
    .updateTable('responsibilityReports')
    .set({ sections: JSON.stringify(b.sections), updatedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return row;
}

async function setReport(
  ctx: ActionContext,
  row: ReportRow,
  set: Partial<{
    status: ReportRow['status'];
    submittedOn: string;
    submittedByName: string;
    reviewComment: string | null;
    reviewedByName: string;
    acceptedAt: Date;
  }>,
  returned = false,
) {
  await ctx.trx
    .updateTable('responsibilityReports')
    .set((eb) => ({
      ...set,
      ...(returned ? { returnCount: eb('returnCount', '+', 1) } : {}),
      updatedAt: ctx.now,
    }))
    .where('id', '=', row.id)
    .execute();
  return row;
}

async function replyReport(row: ReportRow, request: FastifyRequest) {
  const today = localDate(request.server.deps.clock.now());
  const fresh = (await getReport(request.server.deps.db, row.id, today)) ?? row;
  return { data: presentReport(fresh, request.actor ?? undefined) };
}

/** A scheduled report: the street saves, re-fills and submits it; the requesting level returns or accepts it. */
export const reportActions = defineActions({
  tags: ['responsibility'],
  fieldLabels: REPORT_LABELS,
  objectType: 'responsibility_report',
  load: (db, actor, params, { lock, now }) =>
    getVisibleReport(db, actor, Number(params.id), localDate(now ?? new Date()), lock),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: replyReport,
  response: z.object({ data: reportSchema }),
  actions: {
    save: onReport({
      title: '保存报告',
      path: '/responsibility/reports/:id/save',
      permission: 'responsibility.report',
      allowed: filledBelow,
      when: editable,
      body: saveReportBody,
      run: saveReport,
      audit: 'responsibility.report_saved',
    }),
    refresh: onReport({
      title: '重新提取清单进展',
      path: '/responsibility/reports/:id/refresh',
      permission: 'responsibility.report',
      allowed: filledBelow,
      when: editable,
      body: noBody,
      run: async (ctx, row) => {
        await prefillReports(ctx.trx, { reportId: row.id }, ctx.now);
        return row;
      },
      audit: 'responsibility.report_refreshed',
    }),
    submit: onReport({
      title: '报送',
      path: '/responsibility/reports/:id/submit',
      permission: 'responsibility.report',
      allowed: filledBelow,
      when: (row) =>
        editable(row) ??
        (row.sections.some((s) => s.text.trim() === '')
          ? {
              field: 'sections',
              reason: `请填写报告栏目：${row.sections
                .filter((s) => !s.text.trim())
                .map((s) => s.title)
                .join('、')}`,
            }
          : null),
      body: noBody,
      run: (ctx, row) =>
        setReport(ctx, row, {
          status: 'submitted',
          submittedOn: localDate(ctx.now),
          submittedByName: ctx.actor.user.displayName,
        }),
      audit: 'responsibility.report_submitted',
    }),
    giveBack: onReport({
      title: '退回修改',
      path: '/responsibility/reports/:id/return',
      permission: 'responsibility.manage',
      scope: (row) => row.roundPath,
      when: waitingReview,
      body: returnReportBody,
      run: (ctx, row, b) =>
        setReport(
          ctx,
          row,
          { status: 'returned', reviewComment: b.comment, reviewedByName: ctx.actor.user.displayName },
          true,
        ),
      audit: 'responsibility.report_returned',
    }),
    accept: onReport({
      title: '审核通过',
      path: '/responsibility/reports/:id/accept',
      permission: 'responsibility.manage',
      scope: (row) => row.roundPath,
      when: waitingReview,
      body: reviewBody,
      run: (ctx, row, b) =>
        setReport(ctx, row, {
          status: 'accepted',
          reviewComment: b.comment ?? null,
          reviewedByName: ctx.actor.user.displayName,
          acceptedAt: ctx.now,
        }),
      audit: 'responsibility.report_accepted',
    }),
  },
});

// ---- presenter -----------------------------------------------------------------------------------
export function presentReport(row: ReportRow, actor?: Actor): ReportDto {
  const f = row.figures;
  return {
    id: row.id,
    roundId: row.roundId,
    roundTitle: row.roundTitle,
    year: row.year,
    quarter: row.quarter,
    dueOn: row.dueOn,
    orgId: row.orgId,
    orgName: row.orgName,
    status: row.status,
    late: Boolean(row.late),
    figures: {
      items: Number(f.items ?? 0),
      done: Number(f.done ?? 0),
      late: Number(f.late ?? 0),
      avgProgress: Number(f.avgProgress ?? 0),
    },
    items: row.items,
    sections: row.sections,
    submittedOn: row.submittedOn,
    submittedByName: row.submittedByName,
    reviewComment: row.reviewComment,
    reviewedByName: row.reviewedByName,
    returnCount: row.returnCount,
    ...(actor ? { abilities: abilitiesOf(reportActions, actor, row) } : {}),
  };
}

// ---- routes --------------------------------------------------------------------------------------
const tags = ['responsibility'];
const config = { fieldLabels: REPORT_LABELS, access: 'responsibility.read' as const };

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const today = () => localDate(clock.now());
  mountActions(app, reportActions);

  app.get(
    '/responsibility/report-rounds',
    {
      config,
      schema: { tags, querystring: roundsQuery, response: { 200: z.object({ data: z.array(roundSchema) }) } },
    },
    async (request) => {
      const org = await loadOrgFor(db, actorOf(request), request.query.orgId, 'responsibility.read');
      const rows = await selectRounds(db)
        .where('rd.orgPath', 'like', `${org.path}%`)
        .where('rd.year', '=', request.query.year)
        .orderBy('rd.quarter', 'desc')
        .orderBy('rd.id', 'desc')
        .limit(100)
        .execute();
      return { data: rows.map(presentRound) };
    },
  );

  // The level that steers requests a quarter's reports from every active organization directly below it.
  app.post(
    '/orgs/:id/responsibility/report-rounds',
    {
      config: { fieldLabels: REPORT_LABELS, access: 'responsibility.manage' },
      schema: { tags, params: idParam, body: roundBody, response: { 201: z.object({ data: roundSchema }) } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const now = clock.now();
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'responsibility.manage');
        const taken = await trx
          .selectFrom('responsibilityReportRounds')
          .select('id')
          .where('orgId', '=', org.id)
          .where('year', '=', body.year)
          .where('quarter', '=', body.quarter)
          .executeTakeFirst();
        if (taken) throw new ValidationError({ quarter: '本季度的写实调度已经发起' });
        const round = await trx
          .insertInto('responsibilityReportRounds')
          .values({
            orgId: org.id,
            orgPath: org.path,
            year: body.year,
            quarter: body.quarter,
            title: body.title,
            sections: JSON.stringify(body.sections),
            dueOn: body.dueOn,
            createdBy: actor.user.id,
            createdAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const sections = JSON.stringify(body.sections.map((title) => ({ title, text: '' })));
        const made = await sql<{ id: number }>`
          insert into responsibility_reports (round_id, org_id, org_path, sections, updated_at)
          select ${round.id}, o.id, o.path, ${sections}::jsonb, ${now}
            from orgs o where o.parent_id = ${org.id} and o.status = 'active'
          returning id`.execute(trx);
        if (made.rows.length === 0) throw new ValidationError({ quarter: '本组织下没有可报送的下级组织' });
        await prefillReports(trx, { roundId: round.id }, now);
        await audit({
          action: 'responsibility.reports_requested',
          objectType: 'responsibility_report_round',
          objectId: round.id,
          orgPath: org.path,
          detail: { year: body.year, quarter: body.quarter, reports: made.rows.length },
        });
        return round.id;
      });
      const row = await selectRounds(db).where('rd.id', '=', id).executeTakeFirstOrThrow();
      return reply.status(201).send({ data: presentRound(row) });
    },
  );

  // The reports of an organization's subtree for a year: to review first, then returned, requested, accepted.
  app.get(
    '/responsibility/reports',
    {
      config,
      schema: {
        tags,
        querystring: reportsQuery,
        response: { 200: z.object({ data: z.array(reportSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'responsibility.read');
      const rows = await findReports(db, org.path, request.query, today());
      return { data: rows.map((r) => presentReport(r, actor)) };
    },
  );

  app.get(
    '/responsibility/reports/:id',
    { config, schema: { tags, params: idParam, response: { 200: z.object({ data: reportSchema }) } } },
    async (request) => {
      const actor = actorOf(request);
      return { data: presentReport(await getVisibleReport(db, actor, request.params.id, today()), actor) };
    },
  );
};
