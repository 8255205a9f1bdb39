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
} from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  BREAKTHROUGH_LABELS,
  type BreakthroughDto,
  breakthroughBody,
  breakthroughSchema,
  breakthroughsQuery,
  finishBody,
  milestoneBody,
} from './responsibility.breakthroughs.contract.ts';

/**
 * 书记突破项目 (C12): a secretary's own breakthrough project for a year — the goal, milestones
 * with due dates, the results when it is finished. The organization's level and every level
 * above it read it (the list for an organization is its whole subtree, late ones first).
 */

// ---- queries -------------------------------------------------------------------------------------
const lateExpr = (today: string) =>
  sql<SqlBool>`(p.status = 'open' and exists (select 1 from breakthrough_milestones m
    where m.project_id = p.id and m.done_on is null and m.due_on < ${today}::date))`;

function selectProjects(db: Executor, today: string) {
  return db
    .selectFrom('breakthroughProjects as p')
    .innerJoin('orgs as o', 'o.id', 'p.orgId')
    .selectAll('p')
    .select('o.name as orgName')
    .select(lateExpr(today).as('late'));
}
export type BreakthroughRow = NonNullable<Awaited<ReturnType<typeof getProject>>>;

async function getProject(db: Executor, id: number, today: string) {
  return selectProjects(db, today).where('p.id', '=', id).executeTakeFirst();
}

async function getVisibleProject(db: Executor, actor: Actor, id: number, today: string, lock = false) {
  if (lock) {
    await db.selectFrom('breakthroughProjects').select('id').where('id', '=', id).forUpdate().execute();
  }
  const row = await getProject(db, id, today);
  if (!row || !actor.can('responsibility.read', row.orgPath)) {
    throw new NotFoundError('突破项目不存在或无权访问');
  }
  return row;
}

async function milestonesOf(db: Executor, projectIds: number[]) {
  if (projectIds.length === 0) return [];
  return db
    .selectFrom('breakthroughMilestones')
    .selectAll()
    .where('projectId', 'in', projectIds)
    .orderBy('projectId')
    .orderBy('seq')
    .execute();
}
type MilestoneRow = Awaited<ReturnType<typeof milestonesOf>>[number];

// ---- service -------------------------------------------------------------------------------------
async function reachMilestone(ctx: ActionContext, row: BreakthroughRow, b: z.infer<typeof milestoneBody>) {
  const next = ctx.trx
    .selectFrom('breakthroughMilestones')
    .select('id')
    .where('projectId', '=', row.id)
    .where('doneOn', 'is', null)
    .orderBy('seq')
    .limit(1);
  await ctx.trx
    .updateTable('breakthroughMilestones')
    .set({ doneOn: localDate(ctx.now), note: b.note, doneByName: ctx.actor.user.displayName })
    .where('id', '=', next)
    .execute();
  await ctx.trx
    .updateTable('breakthroughProjects')
    .set({ updatedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return row;
}

async function finishProject(ctx: ActionContext, row: BreakthroughRow, b: z.infer<typeof finishBody>) {
  await ctx.trx
    .updateTable('breakthroughProjects')
    .set({ status: 'done', results: b.results, completedOn: localDate(ctx.now), updatedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return row;
}

// ---- actions -------------------------------------------------------------------------------------
const onProject = actionFor<BreakthroughRow & { openMilestones: number }, BreakthroughRow>();

async function loadWithCounts(db: Executor, actor: Actor, id: number, today: string, lock: boolean) {
  const row = await getVisibleProject(db, actor, id, today, lock);
  const open = await db
    .selectFrom('breakthroughMilestones')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('projectId', '=', id)
    .where('doneOn', 'is', null)
    .executeTakeFirstOrThrow();
  return { ...row, openMilestones: Number(open.n) };
}

async function replyProject(row: BreakthroughRow, request: FastifyRequest) {
  const { db, clock } = request.server.deps;
  const today = localDate(clock.now());
  const fresh = await loadWithCounts(db, actorOf(request), row.id, today, false);
  return { data: presentProject(fresh, await milestonesOf(db, [row.id]), today, request.actor ?? undefined) };
}

const stillOpen = (row: BreakthroughRow) => (row.status === 'open' ? null : '项目已经完成');

/** A breakthrough project: reach a milestone, finish with its results (all milestones reached). */
export const breakthroughActions = defineActions({
  tags: ['responsibility'],
  fieldLabels: BREAKTHROUGH_LABELS,
  objectType: 'breakthrough_project',
  load: (db, actor, params, { lock }) =>
    loadWithCounts(db, actor, Number(params.id), localDate(new Date()), lock),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: replyProject,
  response: z.object({ data: breakthroughSchema }),
  actions: {
    reachMilestone: onProject({
      title: '完成下一节点',
      path: '/responsibility/breakthroughs/:id/milestones',
      permission: 'responsibility.report',
      when: (row) => stillOpen(row) ?? (row.openMilestones === 0 ? '所有节点均已完成' : null),
      body: milestoneBody,
      run: (ctx, row, b) => reachMilestone(ctx, row, b),
      audit: 'responsibility.milestone_reached',
    }),
    finish: onProject({
      title: '项目完成',
      path: '/responsibility/breakthroughs/:id/finish',
      permission: 'responsibility.report',
      when: (row) =>
        stillOpen(row) ?? (row.openMilestones > 0 ? { field: 'milestones', reason: '尚有节点未完成' } : null),
      body: finishBody,
      run: (ctx, row, b) => finishProject(ctx, row, b),
      audit: 'responsibility.breakthrough_finished',
    }),
  },
});

// ---- presenter -----------------------------------------------------------------------------------
export function presentProject(
  row: BreakthroughRow & { openMilestones?: number },
  milestones: MilestoneRow[],
  today: string,
  actor?: Actor,
): BreakthroughDto {
  const own = milestones.filter((m) => m.projectId === row.id);
  const withCount = { ...row, openMilestones: row.openMilestones ?? own.filter((m) => !m.doneOn).length };
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    year: row.year,
    title: row.title,
    secretaryName: row.secretaryName,
    goal: row.goal,
    status: row.status,
    results: row.results,
    completedOn: row.completedOn,
    milestones: own.map((m) => ({
      id: m.id,
      seq: m.seq,
      title: m.title,
      dueOn: m.dueOn,
      doneOn: m.doneOn,
      note: m.note,
      doneBy: m.doneByName,
      late: m.doneOn ? m.doneOn > m.dueOn : m.dueOn < today,
    })),
    milestonesDone: own.filter((m) => m.doneOn).length,
    late: Boolean(row.late),
    ...(actor ? { abilities: abilitiesOf(breakthroughActions, actor, withCount) } : {}),
  };
}

// ---- routes --------------------------------------------------------------------------------------
const tags = ['responsibility'];
const one = z.object({ data: breakthroughSchema });

export const breakthroughRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const today = () => localDate(clock.now());
  mountActions(app, breakthroughActions);

  // An organization's subtree's projects for a year (the level above sees every one below), late first.
  app.get(
    '/responsibility/breakthroughs',
    {
      config: { fieldLabels: BREAKTHROUGH_LABELS, access: 'responsibility.read' },
      schema: {
        tags,
        querystring: breakthroughsQuery,
        response: { 200: z.object({ data: z.array(breakthroughSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'responsibility.read');
      const day = today();
      let query = selectProjects(db, day)
        .where('p.orgPath', 'like', `${org.path}%`)
        .where('p.year', '=', request.query.year);
      if (request.query.status) query = query.where('p.status', '=', request.query.status);
      const rows = await query
        .orderBy(lateExpr(day), 'desc')
        .orderBy('o.path')
        .orderBy('p.id')
        .limit(500)
        .execute();
      const milestones = await milestonesOf(
        db,
        rows.map((r) => r.id),
      );
      return { data: rows.map((r) => presentProject(r, milestones, day, actor)) };
    },
  );

  app.get(
    '/responsibility/breakthroughs/:id',
    {
      config: { fieldLabels: BREAKTHROUGH_LABELS, access: 'responsibility.read' },
      schema: { tags, params: idParam, response: { 200: one } },
    },
    async (request) => {
      const actor = actorOf(request);
      const day = today();
      const row = await getVisibleProject(db, actor, request.params.id, day);
      return { data: presentProject(row, await milestonesOf(db, [row.id]), day, actor) };
    },
  );

  app.post(
    '/orgs/:id/responsibility/breakthroughs',
    {
      config: { fieldLabels: BREAKTHROUGH_LABELS, access: 'responsibility.manage' },
      schema: { tags, params: idParam, body: breakthroughBody, response: { 201: one } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const now = clock.now();
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'responsibility.manage');
        const project = await trx
          .insertInto('breakthroughProjects')
          .values({
            orgId: org.id,
            orgPath: org.path,
            year: body.year,
            title: body.title,
            secretaryName: body.secretaryName,
            goal: body.goal,
            results: null,
            completedOn: null,
            createdBy: actor.user.id,
            createdAt: now,
            updatedAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('breakthroughMilestones')
          .values(
            body.milestones.map((m, i) => ({
              projectId: project.id,
              seq: i + 1,
              title: m.title,
              dueOn: m.dueOn,
              doneOn: null,
              note: null,
              doneByName: null,
            })),
          )
          .execute();
        await audit({
          action: 'responsibility.breakthrough_created',
          objectType: 'breakthrough_project',
          objectId: project.id,
          orgPath: org.path,
          detail: { year: body.year, milestones: body.milestones.length },
        });
        return project.id;
      });
      const day = today();
      const row = await getVisibleProject(db, actor, id, day);
      return reply.status(201).send({ data: presentProject(row, await milestonesOf(db, [id]), day, actor) });
    },
  );
};
