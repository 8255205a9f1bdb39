import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
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
import { openRectificationItem } from './rectification.service.ts';
import {
  reviewStopBody,
  VISIT_LABELS,
  type VisitDto,
  visitBody,
  visitSchema,
  visitsQuery,
} from './rectification.visits.contract.ts';

/**
 * 现场观摩 (C13): the level that steers visits a route of places below it every half year, scores
 * each on a score sheet, comments on the spot (现场点评), and the comment's follow-ups become
 * time-limited rectification items of the place (source kind `site_visit`, the stop's id).
 * Read by the organizing level and the levels above it.
 */

// ---- queries -------------------------------------------------------------------------------------
function selectVisits(db: Executor) {
  return db
    .selectFrom('siteVisits as v')
    .innerJoin('orgs as o', 'o.id', 'v.orgId')
    .selectAll('v')
    .select('o.name as orgName');
}
type VisitRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectVisits>['executeTakeFirst']>>>;

async function getVisibleVisit(db: Executor, actor: Actor, id: number, lock = false) {
  if (lock) await db.selectFrom('siteVisits').select('id').where('id', '=', id).forUpdate().execute();
  const row = await selectVisits(db).where('v.id', '=', id).executeTakeFirst();
  if (!row || !actor.can('rectification.read', row.orgPath))
    throw new NotFoundError('现场观摩不存在或无权访问');
  return row;
}

function selectStops(db: Executor) {
  return db
    .selectFrom('siteVisitStops as s')
    .innerJoin('siteVisits as v', 'v.id', 's.visitId')
    .innerJoin('orgs as o', 'o.id', 's.orgId')
    .selectAll('s')
    .select([
      'o.name as orgName',
      'v.orgId as visitOrgId',
      'v.orgPath as visitPath',
      'v.status as visitStatus',
    ])
    .select('v.scoreSheet');
}
type StopRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectStops>['executeTakeFirst']>>>;

async function getVisibleStop(db: Executor, actor: Actor, id: number, lock = false) {
  if (lock) await db.selectFrom('siteVisitStops').select('id').where('id', '=', id).forUpdate().execute();
  const row = await selectStops(db).where('s.id', '=', id).executeTakeFirst();
  if (!row || !actor.can('rectification.read', row.visitPath))
    throw new NotFoundError('观摩点位不存在或无权访问');
  return row;
}

async function detailsOf(db: Executor, visitIds: number[]) {
  if (visitIds.length === 0) return { stops: [], items: [] };
  const stops = await selectStops(db)
    .where('s.visitId', 'in', visitIds)
    .orderBy('s.visitId')
    .orderBy('s.seq')
    .execute();
  const items =
    stops.length === 0
      ? []
      : await db
          .selectFrom('rectificationItems')
          .select(['sourceId as stopId', 'id', 'title', 'status', 'deadline'])
          .where('sourceKind', '=', 'site_visit')
          .where(
            'sourceId',
            'in',
            stops.map((s) => s.id),
          )
          .orderBy('id')
          .execute();
  return { stops, items };
}
type Details = Awaited<ReturnType<typeof detailsOf>>;

// ---- actions -------------------------------------------------------------------------------------
async function replyVisit(visitId: number, request: FastifyRequest) {
  const { db } = request.server.deps;
  const actor = actorOf(request);
  const visit = await getVisibleVisit(db, actor, visitId);
  return { data: presentVisit(visit, await detailsOf(db, [visitId]), actor) };
}

async function reviewStop(ctx: ActionContext, row: StopRow, b: z.infer<typeof reviewStopBody>) {
  const sheet = row.scoreSheet;
  const points = new Map(b.scores.map((s) => [s.item, s.points]));
  if (points.size !== sheet.length || sheet.some((s) => !points.has(s.item))) {
    throw new ValidationError({ scores: `请按评分表逐项打分：${sheet.map((s) => s.item).join('、')}` });
  }
  const over = sheet.find((s) => (points.get(s.item) ?? 0) > s.maxPoints);
  if (over) throw new ValidationError({ scores: `“${over.item}”得分不能超过${over.maxPoints}分` });
  const scores = sheet.map((s) => ({ item: s.item, points: points.get(s.item) ?? 0 }));
  await ctx.trx
    .updateTable('siteVisitStops')
    .set({
      scores: JSON.stringify(scores),
      total: scores.reduce((sum, s) => sum + s.points, 0),
      comment: b.comment,
      commentedByName: ctx.actor.user.displayName,
      commentedAt: ctx.now,
    })
    .where('id', '=', row.id)
    .execute();
  const by = { id: ctx.actor.user.id, name: ctx.actor.user.displayName };
  for (const f of b.followUps ?? []) {
    await openRectificationItem(
      ctx.trx,
      {
        org: { id: row.orgId, path: row.orgPath },
        issuer: { id: row.visitOrgId, path: row.visitPath },
        title: f.title,
        source: { kind: 'site_visit', id: row.id },
        ownerPerson: f.ownerPerson,
        requiredEvidence: f.requiredEvidence,
        workingDays: f.workingDays,
      },
      by,
      ctx.now,
    );
  }
  return row;
}

const onStop = actionFor<StopRow, StopRow>();
/** A stop of the route: scored and commented on the spot, once, while the visit is open. */
export const stopActions = defineActions({
  tags: ['rectification'],
  fieldLabels: VISIT_LABELS,
  objectType: 'site_visit',
  load: (db, actor, params, { lock }) => getVisibleStop(db, actor, Number(params.id), lock),
  id: (row) => row.visitId,
  scope: (row) => row.visitPath,
  reply: (row, request) => replyVisit(row.visitId, request),
  response: z.object({ data: visitSchema }),
  actions: {
    review: onStop({
      title: '评分点评',
      path: '/rectification/site-visit-stops/:id/review',
      permission: 'rectification.launch',
      when: (row) =>
        row.visitStatus !== 'open' ? '观摩已结束' : row.commentedAt ? '该点位已评分点评' : null,
      body: reviewStopBody,
      run: reviewStop,
      audit: 'rectification.site_visit_reviewed',
    }),
  },
});

const onVisit = actionFor<VisitRow, VisitRow>();
export const visitActions = defineActions({
  tags: ['rectification'],
  fieldLabels: VISIT_LABELS,
  objectType: 'site_visit',
  load: (db, actor, params, { lock }) => getVisibleVisit(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: (row, request) => replyVisit(row.id, request),
  response: z.object({ data: visitSchema }),
  actions: {
    close: onVisit({
      title: '结束观摩',
      path: '/rectification/site-visits/:id/close',
      permission: 'rectification.launch',
      when: (row) => (row.status === 'open' ? null : '观摩已结束'),
      body: noBody,
      run: async (ctx, row) => {
        await ctx.trx
          .updateTable('siteVisits')
          .set({ status: 'closed', closedAt: ctx.now })
          .where('id', '=', row.id)
          .execute();
        return row;
      },
      audit: 'rectification.site_visit_closed',
    }),
  },
});

// ---- presenter -----------------------------------------------------------------------------------
export function presentVisit(row: VisitRow, details: Details, actor?: Actor): VisitDto {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    title: row.title,
    visitOn: row.visitOn,
    half: Number(row.visitOn.slice(5, 7)) <= 6 ? 1 : 2,
    scoreSheet: row.scoreSheet,
    maxTotal: row.scoreSheet.reduce((sum, s) => sum + s.maxPoints, 0),
    status: row.status,
    stops: details.stops
      .filter((s) => s.visitId === row.id)
      .map((s) => ({
        id: s.id,
        seq: s.seq,
        orgId: s.orgId,
        orgName: s.orgName,
        scores: s.scores,
        total: s.total === null ? null : Number(s.total),
        comment: s.comment,
        commentedByName: s.commentedByName,
        items: details.items
          .filter((i) => i.stopId === s.id)
          .map(({ id, title, status, deadline }) => ({ id, title, status, deadline })),
        ...(actor ? { abilities: abilitiesOf(stopActions, actor, s) } : {}),
      })),
    ...(actor ? { abilities: abilitiesOf(visitActions, actor, row) } : {}),
  };
}

// ---- routes --------------------------------------------------------------------------------------
const tags = ['rectification'];
const config = { fieldLabels: VISIT_LABELS, access: 'rectification.read' as const };
const one = z.object({ data: visitSchema });

export const visitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  mountActions(app, visitActions);
  mountActions(app, stopActions);

  app.get(
    '/rectification/site-visits',
    {
      config,
      schema: { tags, querystring: visitsQuery, response: { 200: z.object({ data: z.array(visitSchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'rectification.read');
      const rows = await selectVisits(db)
        .where('v.orgPath', 'like', `${org.path}%`)
        .where(sql`extract(year from v.visit_on)`, '=', request.query.year)
        .orderBy('v.visitOn', 'desc')
        .orderBy('v.id', 'desc')
        .limit(100)
        .execute();
      const details = await detailsOf(
        db,
        rows.map((r) => r.id),
      );
      return { data: rows.map((r) => presentVisit(r, details, actor)) };
    },
  );

  app.get(
    '/rectification/site-visits/:id',
    { config, schema: { tags, params: idParam, response: { 200: one } } },
    async (request) => replyVisit(request.params.id, request),
  );

  app.post(
    '/orgs/:id/rectification/site-visits',
    {
      config: { fieldLabels: VISIT_LABELS, access: 'rectification.launch' },
      schema: { tags, params: idParam, body: visitBody, response: { 201: one } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const now = clock.now();
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'rectification.launch');
        if (new Set(body.scoreSheet.map((s) => s.item)).size !== body.scoreSheet.length) {
          throw new ValidationError({ scoreSheet: '评分项目不能重复' });
        }
        const visit = await trx
          .insertInto('siteVisits')
          .values({
            orgId: org.id,
            orgPath: org.path,
            title: body.title,
            visitOn: body.visitOn,
            scoreSheet: JSON.stringify(body.scoreSheet),
            createdBy: actor.user.id,
            createdAt: now,
            closedAt: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const ids = [...new Set(body.stopOrgIds)];
        // The route in the order given; every place strictly below the organizing level.
        const stops = await sql<{ id: number }>`
          insert into site_visit_stops (visit_id, seq, org_id, org_path)
          select ${visit.id}, r.seq, o.id, o.path
            from unnest(array[${sql.join(ids.map((i) => sql`${i}::int`))}]) with ordinality as r (org_id, seq)
            join orgs o on o.id = r.org_id
           where o.path like ${`${org.path}%`} and o.id <> ${org.id} and o.status = 'active'
          returning id`.execute(trx);
        if (stops.rows.length !== ids.length) {
          throw new ValidationError({ stopOrgIds: '观摩点位须是本组织下级的组织' });
        }
        await audit({
          action: 'rectification.site_visit_planned',
          objectType: 'site_visit',
          objectId: visit.id,
          orgPath: org.path,
          detail: { stops: ids.length },
        });
        return visit.id;
      });
      return reply.status(201).send(await replyVisit(id, request));
    },
  );
};
