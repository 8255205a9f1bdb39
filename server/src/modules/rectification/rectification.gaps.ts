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
import type { Executor, Trx } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  caseBody,
  GAP_LABELS,
  type GapListDto,
  gapItemBody,
  gapListBody,
  gapListSchema,
  gapListsQuery,
  type HighlightDto,
  highlightCommentBody,
  highlightSchema,
  highlightsQuery,
  nominateBody,
  rejectBody,
} from './rectification.gaps.contract.ts';
import { overdueExpr, ruleFor, steeringOrgOf } from './rectification.queries.ts';
import { openRectificationItem } from './rectification.service.ts';

/**
 * C15: gap lists (差距清单) and catch-up task books (赶超任务书) per organization, their items
 * tracked as rectification items (source kinds `gap_list`, `task_book`; hard problems counted
 * when solved); the yearly highlight selection (十大亮点项目/工作/典型人物): nominations from
 * below, review by the district, publication, typical practices kept as cases with their org.
 */

// ---- gap lists -----------------------------------------------------------------------------------
function selectGapLists(db: Executor, today: string) {
  const counted = (filter: ReturnType<typeof sql<SqlBool>>) =>
    sql<number>`(select count(*) from rectification_items r
      where r.source_kind = g.kind and r.source_id = g.id and ${filter})`;
  return db
    .selectFrom('gapLists as g')
    .innerJoin('orgs as o', 'o.id', 'g.orgId')
    .innerJoin('orgs as iss', 'iss.id', 'g.issuerOrgId')
    .selectAll('g')
    .select(['o.name as orgName', 'iss.name as issuerOrgName'])
    .select(counted(sql<SqlBool>`true`).as('items'))
    .select(counted(sql<SqlBool>`r.status in ('verified', 'closed')`).as('rectified'))
    .select(counted(overdueExpr(today)).as('overdue'))
    .select(counted(sql<SqlBool>`r.hard`).as('hard'))
    .select(counted(sql<SqlBool>`r.hard and r.status in ('verified', 'closed')`).as('hardSolved'));
}
type GapListRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectGapLists>['executeTakeFirst']>>>;

async function getVisibleGapList(db: Executor, actor: Actor, id: number, today: string, lock = false) {
  if (lock) await db.selectFrom('gapLists').select('id').where('id', '=', id).forUpdate().execute();
  const row = await selectGapLists(db, today).where('g.id', '=', id).executeTakeFirst();
  if (!row || !actor.can('rectification.read', row.orgPath))
    throw new NotFoundError('差距清单不存在或无权访问');
  return row;
}

async function openGapItems(
  trx: Trx,
  list: {
    id: number;
    kind: 'gap_list' | 'task_book';
    orgId: number;
    orgPath: string;
    issuerOrgId: number;
    issuerPath: string;
  },
  items: z.infer<typeof gapItemBody>[],
  actor: Actor,
  now: Date,
) {
  for (const item of items) {
    await openRectificationItem(
      trx,
      {
        org: { id: list.orgId, path: list.orgPath },
        issuer: { id: list.issuerOrgId, path: list.issuerPath },
        title: item.title,
        source: { kind: list.kind, id: list.id },
        ownerPerson: item.ownerPerson,
        requiredEvidence: item.requiredEvidence,
        workingDays: item.workingDays,
        hard: item.hard ?? false,
      },
      { id: actor.user.id, name: actor.user.displayName },
      now,
    );
  }
}

export function presentGapList(row: GapListRow, actor?: Actor): GapListDto {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    issuerOrgName: row.issuerOrgName,
    year: row.year,
    kind: row.kind,
    title: row.title,
    benchmark: row.benchmark,
    items: Number(row.items),
    rectified: Number(row.rectified),
    overdue: Number(row.overdue),
    hard: Number(row.hard),
    hardSolved: Number(row.hardSolved),
    ...(actor ? { abilities: abilitiesOf(gapListActions, actor, row) } : {}),
  };
}

async function replyGapList(id: number, request: FastifyRequest) {
  const { db, clock } = request.server.deps;
  const actor = actorOf(request);
  return { data: presentGapList(await getVisibleGapList(db, actor, id, localDate(clock.now())), actor) };
}

const onGapList = actionFor<GapListRow, GapListRow>();
export const gapListActions = defineActions({
  tags: ['rectification'],
  fieldLabels: GAP_LABELS,
  objectType: 'gap_list',
  load: (db, actor, params, { lock, now }) =>
    getVisibleGapList(db, actor, Number(params.id), localDate(now ?? new Date()), lock),
  id: (row) => row.id,
  scope: (row) => row.issuerPath,
  reply: (row, request) => replyGapList(row.id, request),
  response: z.object({ data: gapListSchema }),
  actions: {
    addItem: onGapList({
      title: '增加事项',
      path: '/rectification/gap-lists/:id/items',
      permission: 'rectification.launch',
      body: gapItemBody,
      run: async (ctx, row, b) => {
        await openGapItems(ctx.trx, row, [b], ctx.actor, ctx.now);
        return row;
      },
      audit: 'rectification.gap_item_added',
    }),
  },
});

// ---- highlights ----------------------------------------------------------------------------------
function selectHighlights(db: Executor) {
  return db
    .selectFrom('highlightNominations as h')
    .innerJoin('orgs as o', 'o.id', 'h.orgId')
    .innerJoin('orgs as rv', 'rv.id', 'h.reviewerOrgId')
    .selectAll('h')
    .select(['o.name as orgName', 'rv.name as reviewerOrgName']);
}
type HighlightRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectHighlights>['executeTakeFirst']>>>;

/** A nomination is read by its organization and those above it; once published, by everyone under the reviewer. */
function seesHighlight(actor: Actor, row: HighlightRow) {
  return (
    actor.can('rectification.read', row.orgPath) ||
    (row.status === 'published' &&
      actor.grants.some(
        (g) => g.orgPath.startsWith(row.reviewerPath) && actor.can('rectification.read', g.orgPath),
      ))
  );
}

async function getVisibleHighlight(db: Executor, actor: Actor, id: number, lock = false) {
  if (lock)
    await db.selectFrom('highlightNominations').select('id').where('id', '=', id).forUpdate().execute();
  const row = await selectHighlights(db).where('h.id', '=', id).executeTakeFirst();
  if (!row || !seesHighlight(actor, row)) throw new NotFoundError('亮点推荐不存在或无权访问');
  return row;
}

export function presentHighlight(row: HighlightRow, actor?: Actor): HighlightDto {
  return {
    id: row.id,
    year: row.year,
    category: row.category,
    orgId: row.orgId,
    orgName: row.orgName,
    reviewerOrgName: row.reviewerOrgName,
    title: row.title,
    personName: row.personName,
    summary: row.summary,
    status: row.status,
    reviewComment: row.reviewComment,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    isCase: row.isCase,
    practice: row.practice,
    nominatedByName: row.nominatedByName,
    ...(actor ? { abilities: abilitiesOf(highlightActions, actor, row) } : {}),
  };
}

async function setHighlight(
  ctx: ActionContext,
  row: HighlightRow,
  set: Partial<{
    status: HighlightRow['status'];
    reviewComment: string | null;
    reviewedByName: string;
    reviewedAt: Date;
    publishedAt: Date;
    isCase: boolean;
    practice: string;
  }>,
) {
  await ctx.trx.updateTable('highlightNominations').set(set).where('id', '=', row.id).execute();
  return row;
}

/** Selecting keeps to the rule's number per category and year (十大: the rule in force says how many). */
async function selectHighlight(ctx: ActionContext, row: HighlightRow, comment: string | null) {
  const rule = await ruleFor(ctx.trx, row.reviewerPath, localDate(ctx.now));
  const taken = await ctx.trx
    .selectFrom('highlightNominations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('reviewerOrgId', '=', row.reviewerOrgId)
    .where('year', '=', row.year)
    .where('category', '=', row.category)
    .where('status', 'in', ['selected', 'published'])
    .executeTakeFirstOrThrow();
  if (Number(taken.n) >= rule.highlightQuota) {
    throw new ValidationError({
      category: `本类已评选${rule.highlightQuota}个（规则${rule.version}），不能再入选`,
    });
  }
  return setHighlight(ctx, row, {
    status: 'selected',
    reviewComment: comment,
    reviewedByName: ctx.actor.user.displayName,
    reviewedAt: ctx.now,
  });
}

const onHighlight = actionFor<HighlightRow, HighlightRow>();
export const highlightActions = defineActions({
  tags: ['rectification'],
  fieldLabels: GAP_LABELS,
  objectType: 'highlight_nomination',
  load: (db, actor, params, { lock }) => getVisibleHighlight(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.reviewerPath,
  reply: async (row, request) => {
    const actor = actorOf(request);
    return {
      data: presentHighlight(await getVisibleHighlight(request.server.deps.db, actor, row.id), actor),
    };
  },
  response: z.object({ data: highlightSchema }),
  actions: {
    select: onHighlight({
      title: '入选',
      path: '/rectification/highlights/:id/select',
      permission: 'rectification.launch',
      when: (row) => (row.status === 'nominated' ? null : '该推荐已评审'),
      body: highlightCommentBody,
      run: (ctx, row, b) => selectHighlight(ctx, row, b.comment ?? null),
      audit: 'rectification.highlight_selected',
    }),
    reject: onHighlight({
      title: '不予入选',
      path: '/rectification/highlights/:id/reject',
      permission: 'rectification.launch',
      when: (row) =>
        row.status === 'nominated' || row.status === 'selected' ? null : '该推荐已发布或已不予入选',
      body: rejectBody,
      run: (ctx, row, b) =>
        setHighlight(ctx, row, {
          status: 'rejected',
          reviewComment: b.comment,
          reviewedByName: ctx.actor.user.displayName,
          reviewedAt: ctx.now,
        }),
      audit: 'rectification.highlight_rejected',
    }),
    publish: onHighlight({
      title: '发布',
      path: '/rectification/highlights/:id/publish',
      permission: 'rectification.launch',
      when: (row) => (row.status === 'selected' ? null : '只有入选的推荐可以发布'),
      body: noBody,
      run: (ctx, row) => setHighlight(ctx, row, { status: 'published', publishedAt: ctx.now }),
      audit: 'rectification.highlight_published',
    }),
    keepAsCase: onHighlight({
      title: '收录为典型案例',
      path: '/rectification/highlights/:id/case',
      permission: 'rectification.launch',
      when: (row) =>
        row.status !== 'published'
          ? '发布后才能收录为典型案例'
          : row.category === 'person'
            ? '典型人物不收录为案例'
            : row.isCase
              ? '已收录为典型案例'
              : null,
      body: caseBody,
      run: (ctx, row, b) => setHighlight(ctx, row, { isCase: true, practice: b.practice }),
      audit: 'rectification.highlight_kept_as_case',
    }),
  },
});

// ---- routes --------------------------------------------------------------------------------------
const tags = ['rectification'];
const config = { fieldLabels: GAP_LABELS, access: 'rectification.read' as const };

export const gapRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  mountActions(app, gapListActions);
  mountActions(app, highlightActions);

  app.get(
    '/rectification/gap-lists',
    {
      config,
      schema: {
        tags,
        querystring: gapListsQuery,
        response: { 200: z.object({ data: z.array(gapListSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'rectification.read');
      let q = selectGapLists(db, localDate(clock.now()))
        .where('g.orgPath', 'like', `${org.path}%`)
        .where('g.year', '=', request.query.year);
      if (request.query.kind) q = q.where('g.kind', '=', request.query.kind);
      const rows = await q.orderBy('o.path').orderBy('g.id').limit(500).execute();
      return { data: rows.map((r) => presentGapList(r, actor)) };
    },
  );

  // A gap list or task book of an organization, drawn up by the level that steers it (itself or above).
  app.post(
    '/orgs/:id/rectification/gap-lists',
    {
      config: { fieldLabels: GAP_LABELS, access: 'rectification.launch' },
      schema: {
        tags,
        params: idParam,
        body: gapListBody,
        response: { 201: z.object({ data: gapListSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const now = clock.now();
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'rectification.launch');
        const issuer = steeringOrgOf(actor, org.path, false) ?? { id: org.id, path: org.path };
        const list = await trx
          .insertInto('gapLists')
          .values({
            orgId: org.id,
            orgPath: org.path,
            issuerOrgId: issuer.id,
            issuerPath: issuer.path,
            year: body.year,
            kind: body.kind,
            title: body.title,
            benchmark: body.benchmark ?? null,
            createdBy: actor.user.id,
            createdAt: now,
          })
          .returning(['id', 'kind', 'orgId', 'orgPath', 'issuerOrgId', 'issuerPath'])
          .executeTakeFirstOrThrow();
        await openGapItems(trx, list, body.items, actor, now);
        await audit({
          action: 'rectification.gap_list_created',
          objectType: 'gap_list',
          objectId: list.id,
          orgPath: org.path,
          detail: { kind: body.kind, items: body.items.length },
        });
        return list.id;
      });
      return reply.status(201).send(await replyGapList(id, request));
    },
  );

  // Nominations of a subtree (and the published ones of the caller's district), by category and status.
  app.get(
    '/rectification/highlights',
    {
      config,
      schema: {
        tags,
        querystring: highlightsQuery,
        response: { 200: z.object({ data: z.array(highlightSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'rectification.read');
      const query = request.query;
      let q = selectHighlights(db)
        .where('h.year', '=', query.year)
        .where((eb) =>
          eb.or([
            eb('h.orgPath', 'like', `${org.path}%`),
            eb.and([eb('h.status', '=', 'published'), sql<SqlBool>`${org.path} like h.reviewer_path || '%'`]),
          ]),
        );
      if (query.category) q = q.where('h.category', '=', query.category);
      if (query.status) q = q.where('h.status', '=', query.status);
      if (query.cases === 'true') q = q.where('h.isCase', '=', true);
      const rows = await q
        .orderBy(
          sql`case h.status when 'published' then 0 when 'selected' then 1 when 'nominated' then 2 else 3 end`,
        )
        .orderBy('h.category')
        .orderBy('h.id')
        .limit(500)
        .execute();
      return { data: rows.map((r) => presentHighlight(r, actor)) };
    },
  );

  // A nomination from below for the district's yearly selection.
  app.post(
    '/orgs/:id/rectification/highlights',
    {
      config: { fieldLabels: GAP_LABELS, access: 'rectification.rectify' },
      schema: {
        tags,
        params: idParam,
        body: nominateBody,
        response: { 201: z.object({ data: highlightSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      if (body.category === 'person' && !body.personName) {
        throw new ValidationError({ personName: '推荐典型人物须填写姓名' });
      }
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'rectification.rectify');
        const reviewer = await trx
          .selectFrom('orgs')
          .select(['id', 'path'])
          .where('level', '=', 'district')
          .where(sql<SqlBool>`${org.path} like path || '%'`)
          .orderBy('depth', 'desc')
          .executeTakeFirst();
        if (!reviewer) throw new ForbiddenError('本组织不在任何区的评选范围内');
        const row = await trx
          .insertInto('highlightNominations')
          .values({
            year: body.year,
            category: body.category,
            orgId: org.id,
            orgPath: org.path,
            reviewerOrgId: reviewer.id,
            reviewerPath: reviewer.path,
            title: body.title,
            personName: body.personName ?? null,
            summary: body.summary,
            reviewComment: null,
            reviewedByName: null,
            reviewedAt: null,
            publishedAt: null,
            practice: null,
            nominatedBy: actor.user.id,
            nominatedByName: actor.user.displayName,
            createdAt: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit({
          action: 'rectification.highlight_nominated',
          objectType: 'highlight_nomination',
          objectId: row.id,
          orgPath: org.path,
          detail: { category: body.category, year: body.year },
        });
        return row.id;
      });
      return reply
        .status(201)
        .send({ data: presentHighlight(await getVisibleHighlight(db, actor, id), actor) });
    },
  );
};
