import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { ScopedOrg } from '../../platform/org-scope.ts';
import type { DebriefingDto, DimensionRules } from './assessment.contract.ts';
import { getScheme, num } from './assessment.queries.ts';
import { type AssessmentContext, recomputeScheme } from './assessment.service.ts';

/**
 * 三级联述职联评 (C17): a debriefing session held by the level above (a street for its
 * communities, a community for its branches), where the secretaries of its child organizations
 * report and reviewers rate them on the scheme's form — named or anonymous as the scheme says.
 * Closing the session puts each report's result into the scheme's debriefing dimension.
 */
export async function getDebriefing(db: Executor, id: number) {
  return db
    .selectFrom('assessmentDebriefings as d')
    .innerJoin('orgs as o', 'o.id', 'd.hostOrgId')
    .innerJoin('assessmentSchemes as s', 's.id', 'd.schemeId')
    .selectAll('d')
    .select(['o.name as hostOrgName', 's.title as schemeTitle', 's.status as schemeStatus', 's.dimensions'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}
export type DebriefingRow = NonNullable<Awaited<ReturnType<typeof getDebriefing>>>;

/** A session is seen by whoever may read assessments at its host (the reporting children do not see others' ratings). */
export async function getVisibleDebriefing(db: Executor, actor: Actor, id: number, lock = false) {
  if (lock)
    await db.selectFrom('assessmentDebriefings').select('id').where('id', '=', id).forUpdate().execute();
  const row = await getDebriefing(db, id);
  if (!row || !actor.can('assessment.read', row.hostOrgPath)) {
    throw new NotFoundError('述职评议会不存在或无权访问');
  }
  return row;
}

export async function findDebriefings(db: Executor, path: string, year?: number) {
  let q = db
    .selectFrom('assessmentDebriefings as d')
    .innerJoin('orgs as o', 'o.id', 'd.hostOrgId')
    .innerJoin('assessmentSchemes as s', 's.id', 'd.schemeId')
    .select([
      'd.id',
      'd.schemeId',
      's.title as schemeTitle',
      'd.hostOrgId',
      'o.name as hostOrgName',
      'd.title',
      'd.heldOn',
      'd.anonymous',
      'd.status',
      sql<number>`(select count(*)::int from assessment_debriefing_reports r where r.debriefing_id = d.id)`.as(
        'reportCount',
      ),
    ])
    .where('d.hostOrgPath', 'like', `${path}%`)
    .orderBy('d.heldOn', 'desc')
    .orderBy('d.id', 'desc');
  if (year) q = q.where('s.year', '=', year);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, heldOn: String(r.heldOn).slice(0, 10) }));
}

/**
 * The session with its reports and ratings. An anonymous session never answers who rated: the
 * reviewer's name is null and the reviewer's id is not read (the caller only learns whether
 * they rated themselves).
 */
export async function presentDebriefing(
  db: Executor,
  row: DebriefingRow,
  actor: Actor | undefined,
  abilities?: DebriefingDto['abilities'],
): Promise<DebriefingDto> {
  const reports = await db
    .selectFrom('assessmentDebriefingReports as r')
    .innerJoin('orgs as o', 'o.id', 'r.orgId')
    .select(['r.id', 'r.orgId', 'o.name as orgName', 'r.secretaryName', 'r.summary', 'r.score', 'r.ratings'])
    .where('r.debriefingId', '=', row.id)
    .orderBy('o.path')
    .execute();
  const ratings = reports.length
    ? await db
        .selectFrom('assessmentDebriefingRatings')
        .select([
          'reportId',
          row.anonymous ? sql<string | null>`null::text`.as('reviewerName') : 'reviewerName',
          'items',
          'score',
          'comment',
          sql<boolean>`reviewer_id = ${actor?.user.id ?? 0}`.as('mine'),
        ])
        .where(
          'reportId',
          'in',
          reports.map((r) => r.id),
        )
        // Anonymous: in an order that says nothing about who rated first.
        .orderBy(row.anonymous ? 'score' : 'ratedAt')
        .orderBy('id')
        .execute()
    : [];
  const dims = row.dimensions as DimensionRules;
  return {
    id: row.id,
    schemeId: row.schemeId,
    schemeTitle: row.schemeTitle,
    hostOrgId: row.hostOrgId,
    hostOrgName: row.hostOrgName,
    title: row.title,
    heldOn: String(row.heldOn).slice(0, 10),
    anonymous: row.anonymous,
    status: row.status,
    form: dims.debriefing.form,
    reports: reports.map((r) => {
      const mine = ratings.filter((x) => x.reportId === r.id);
      return {
        id: r.id,
        orgId: r.orgId,
        orgName: r.orgName,
        secretaryName: r.secretaryName,
        summary: r.summary,
        score: num(r.score),
        ratingCount: r.ratings,
        ratedByMe: mine.some((x) => x.mine),
        ratings: mine.map((x) => ({
          reviewerName: row.anonymous ? null : x.reviewerName,
          items: x.items as Record<string, number>,
          score: Number(x.score),
          comment: x.comment,
        })),
      };
    }),
    ...(abilities ? { abilities } : {}),
  };
}

export async function createDebriefing(
  ctx: AssessmentContext,
  host: ScopedOrg,
  b: { schemeId: number; title: string; heldOn: string },
): Promise<number> {
  const scheme = await getScheme(ctx.trx, b.schemeId);
  if (!scheme || !host.path.startsWith(scheme.orgPath)) {
    throw new ValidationError({ schemeId: '该考核方案不适用于本组织' });
  }
  if (scheme.status !== 'published') throw new ValidationError({ schemeId: '考核方案尚未发布或已被替代' });
  const dims = scheme.dimensions as DimensionRules;
  const { id } = await ctx.trx
    .insertInto('assessmentDebriefings')
    .values({
      schemeId: scheme.id,
      hostOrgId: host.id,
      hostOrgPath: host.path,
      title: b.title,
      heldOn: b.heldOn,
      anonymous: dims.debriefing.anonymous,
      createdBy: ctx.actor?.user.id ?? null,
      createdAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'assessment.debriefing_created',
    objectType: 'assessment_debriefing',
    objectId: id,
    orgPath: host.path,
    detail: { schemeId: scheme.id, heldOn: b.heldOn, anonymous: dims.debriefing.anonymous },
  });
  return id;
}

/**
 * A secretary of an organization below the host reports (a street's meeting hears its communities
 * and, where communities hold no review rights, their branches too).
 */
export async function addReport(
  ctx: AssessmentContext,
  row: DebriefingRow,
  b: { orgId: number; secretaryName: string; summary: string },
) {
  const child = await ctx.trx
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('id', '=', b.orgId)
    .where('path', 'like', `${row.hostOrgPath}%`)
    .where('id', '!=', row.hostOrgId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!child) throw new ValidationError({ orgId: '只有本级下属组织的书记可以在此述职' });
  const added = await ctx.trx
    .insertInto('assessmentDebriefingReports')
    .values({
      debriefingId: row.id,
      orgId: child.id,
      orgPath: child.path,
      secretaryName: b.secretaryName,
      summary: b.summary,
    })
    .onConflict((oc) => oc.columns(['debriefingId', 'orgId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!added) throw new ValidationError({ orgId: '该组织已在本次述职评议会述职' });
  return row;
}

/** A reviewer rates a report on the form: every item, within its maximum; once per reviewer. */
export async function rateReport(
  ctx: AssessmentContext,
  row: DebriefingRow,
  b: { reportId: number; items: Record<string, number>; comment?: string | null },
) {
  const report = await ctx.trx
    .selectFrom('assessmentDebriefingReports')
    .select(['id', 'orgId', 'orgPath'])
    .where('id', '=', b.reportId)
    .where('debriefingId', '=', row.id)
    .executeTakeFirst();
  if (!report) throw new ValidationError({ reportId: '本次述职评议会没有这份述职' });
  const reviewer = ctx.actor;
  if (!reviewer) throw new Error('rating needs a reviewer');
  if (reviewer.user.homeOrgPath.startsWith(report.orgPath)) {
    throw new ValidationError({ reportId: '不能评议本组织的述职' });
  }
  const form = (row.dimensions as DimensionRules).debriefing.form;
  let got = 0;
  let max = 0;
  for (const item of form) {
    const v = b.items[item.key];
    if (v === undefined) throw new ValidationError({ items: `请为“${item.label}”打分` });
    if (v > item.max) throw new ValidationError({ items: `“${item.label}”最高${item.max}分` });
    got += v;
    max += item.max;
  }
  const unknown = Object.keys(b.items).find((k) => !form.some((f) => f.key === k));
  if (unknown) throw new ValidationError({ items: `评议表中没有“${unknown}”这一项` });
  const score = Math.round((10000 * got) / max) / 100;
  const inserted = await ctx.trx
    .insertInto('assessmentDebriefingRatings')
    .values({
      reportId: report.id,
      reviewerId: reviewer.user.id,
      reviewerName: row.anonymous ? null : reviewer.user.displayName,
      items: JSON.stringify(b.items),
      score,
      comment: b.comment ?? null,
      ratedAt: ctx.now,
    })
    .onConflict((oc) => oc.columns(['reportId', 'reviewerId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new ValidationError({ reportId: '您已评议过这份述职' });
  await sql`
    update assessment_debriefing_reports r
       set score = a.score, ratings = a.n
      from (select round(avg(score), 2) as score, count(*)::int as n
              from assessment_debriefing_ratings where report_id = ${report.id}) a
     where r.id = ${report.id}`.execute(ctx.trx);
  // An anonymous rating leaves an audit entry without the score or the report it went to.
  await ctx.audit({
    action: 'assessment.debriefing_rated',
    objectType: 'assessment_debriefing',
    objectId: row.id,
    orgPath: row.hostOrgPath,
    detail: row.anonymous ? { anonymous: true } : { reportId: report.id, score },
  });
  return row;
}

/** Closing the session: the reports' results enter the scheme's debriefing dimension. */
export async function closeDebriefing(ctx: AssessmentContext, row: DebriefingRow) {
  await ctx.trx
    .updateTable('assessmentDebriefings')
    .set({ status: 'closed', closedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  if (row.schemeStatus === 'published') await recomputeScheme(ctx, row.schemeId);
  return row;
}
