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
} from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor, loadVisibleOrg } from '../../platform/org-scope.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  candidateSchema,
  candidatesQuery,
  concludeBody,
  INTERVIEW_LABELS,
  type InterviewDto,
  interviewBody,
  interviewSchema,
  interviewsQuery,
  noteBody,
} from './rectification.interviews.contract.ts';
import { overdueExpr, steeringOrgOf } from './rectification.queries.ts';
import { openRectificationItem } from './rectification.service.ts';

/**
 * 约谈 (C14): the level above records its talk with the secretary of an organization that fell
 * short (who, when, why with the linked findings, the record, the commitments); the commitments
 * become time-limited rectification items; follow-up notes until the interviewer concludes it.
 * Read by the interviewed organization and every level above it.
 */

// ---- queries -------------------------------------------------------------------------------------
function selectInterviews(db: Executor) {
  return db
    .selectFrom('rectificationInterviews as v')
    .innerJoin('orgs as o', 'o.id', 'v.orgId')
    .innerJoin('orgs as b', 'b.id', 'v.byOrgId')
    .selectAll('v')
    .select(['o.name as orgName', 'b.name as byOrgName'])
    .select(
      sql<number>`(select count(*) from rectification_items r where r.source_kind = 'interview'
        and r.source_id = v.id and r.status not in ('verified', 'closed'))`.as('openItems'),
    );
}
export type InterviewRow = NonNullable<Awaited<ReturnType<typeof getInterview>>>;

async function getInterview(db: Executor, id: number) {
  return selectInterviews(db).where('v.id', '=', id).executeTakeFirst();
}

async function getVisibleInterview(db: Executor, actor: Actor, id: number, lock = false) {
  if (lock) {
    await db.selectFrom('rectificationInterviews').select('id').where('id', '=', id).forUpdate().execute();
  }
  const row = await getInterview(db, id);
  if (!row || !actor.can('rectification.read', row.orgPath))
    throw new NotFoundError('约谈记录不存在或无权访问');
  return row;
}

async function detailsOf(db: Executor, ids: number[]) {
  if (ids.length === 0) return { findings: [], notes: [], items: [] };
  const [findings, notes, items] = await Promise.all([
    db
      .selectFrom('rectificationInterviewFindings as l')
      .innerJoin('inspectionFindings as f', 'f.id', 'l.findingId')
      .innerJoin('inspectionCampaigns as c', 'c.id', 'f.campaignId')
      .select(['l.interviewId', 'f.id', 'f.description', 'c.title as campaignTitle'])
      .where('l.interviewId', 'in', ids)
      .orderBy('f.id')
      .execute(),
    db
      .selectFrom('rectificationInterviewNotes')
      .select(['interviewId', 'note', 'byName', 'at'])
      .where('interviewId', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('rectificationItems')
      .select(['sourceId as interviewId', 'id', 'title', 'status', 'deadline'])
      .where('sourceKind', '=', 'interview')
      .where('sourceId', 'in', ids)
      .orderBy('id')
      .execute(),
  ]);
  return { findings, notes, items };
}

// ---- actions -------------------------------------------------------------------------------------
const onInterview = actionFor<InterviewRow, InterviewRow>();
const stillOpen = (row: InterviewRow) => (row.status === 'open' ? null : '约谈已办结');

async function replyInterview(row: InterviewRow, request: FastifyRequest) {
  const { db } = request.server.deps;
  const fresh = (await getInterview(db, row.id)) ?? row;
  return { data: presentInterview(fresh, await detailsOf(db, [row.id]), request.actor ?? undefined) };
}

async function addNote(ctx: ActionContext, row: InterviewRow, note: string) {
  await ctx.trx
    .insertInto('rectificationInterviewNotes')
    .values({ interviewId: row.id, note, byName: ctx.actor.user.displayName, at: ctx.now })
    .execute();
  return row;
}

async function conclude(ctx: ActionContext, row: InterviewRow, conclusion: string) {
  await ctx.trx
    .updateTable('rectificationInterviews')
    .set({ status: 'concluded', conclusion, concludedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return row;
}

/** An interview: follow-up notes by the level that held it, then its conclusion (all items rectified). */
export const interviewActions = defineActions({
  tags: ['rectification'],
  fieldLabels: INTERVIEW_LABELS,
  objectType: 'rectification_interview',
  load: (db, actor, params, { lock }) => getVisibleInterview(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.byPath,
  reply: replyInterview,
  response: z.object({ data: interviewSchema }),
  actions: {
    followUp: onInterview({
      title: '记录跟进',
      path: '/rectification/interviews/:id/notes',
      permission: 'rectification.launch',
      when: stillOpen,
      body: noteBody,
      run: (ctx, row, b) => addNote(ctx, row, b.note),
      audit: 'rectification.interview_followed_up',
    }),
    conclude: onInterview({
      title: '办结约谈',
      path: '/rectification/interviews/:id/conclude',
      permission: 'rectification.launch',
      when: (row) =>
        stillOpen(row) ??
        (Number(row.openItems) > 0 ? { field: 'followUps', reason: '跟进整改事项尚未全部整改到位' } : null),
      body: concludeBody,
      run: (ctx, row, b) => conclude(ctx, row, b.conclusion),
      audit: 'rectification.interview_concluded',
    }),
  },
});

// ---- presenter -----------------------------------------------------------------------------------
type Details = Awaited<ReturnType<typeof detailsOf>>;

export function presentInterview(row: InterviewRow, details: Details, actor?: Actor): InterviewDto {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    byOrgName: row.byOrgName,
    secretaryName: row.secretaryName,
    heldOn: row.heldOn,
    interviewers: row.interviewers,
    reason: row.reason,
    record: row.record,
    commitments: row.commitments,
    status: row.status,
    conclusion: row.conclusion,
    findings: details.findings
      .filter((f) => f.interviewId === row.id)
      .map(({ id, description, campaignTitle }) => ({ id, description, campaignTitle })),
    notes: details.notes
      .filter((n) => n.interviewId === row.id)
      .map((n) => ({ note: n.note, byName: n.byName, at: n.at.toISOString() })),
    items: details.items
      .filter((i) => i.interviewId === row.id)
      .map(({ id, title, status, deadline }) => ({ id, title, status, deadline })),
    ...(actor ? { abilities: abilitiesOf(interviewActions, actor, row) } : {}),
  };
}

// ---- service -------------------------------------------------------------------------------------
// ---- routes --------------------------------------------------------------------------------------
const tags = ['rectification'];
const config = { fieldLabels: INTERVIEW_LABELS, access: 'rectification.read' as const };

export const interviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  mountActions(app, interviewActions);

  app.get(
    '/rectification/interviews',
    {
      config,
      schema: {
        tags,
        querystring: interviewsQuery,
        response: { 200: z.object({ data: z.array(interviewSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'rectification.read');
      const rows = await selectInterviews(db)
        .where('v.orgPath', 'like', `${org.path}%`)
        .orderBy('v.heldOn', 'desc')
        .orderBy('v.id', 'desc')
        .limit(200)
        .execute();
      const details = await detailsOf(
        db,
        rows.map((r) => r.id),
      );
      return { data: rows.map((r) => presentInterview(r, details, actor)) };
    },
  );

  app.get(
    '/rectification/interviews/:id',
    { config, schema: { tags, params: idParam, response: { 200: z.object({ data: interviewSchema }) } } },
    async (request) => {
      const actor = actorOf(request);
      const row = await getVisibleInterview(db, actor, request.params.id);
      return { data: presentInterview(row, await detailsOf(db, [row.id]), actor) };
    },
  );

  // Who fell short repeatedly this year (overdue items now + returned rectifications), most first.
  app.get(
    '/rectification/interview-candidates',
    {
      config,
      schema: {
        tags,
        querystring: candidatesQuery,
        response: { 200: z.object({ data: z.array(candidateSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'rectification.read');
      const today = localDate(clock.now());
      const min = request.query.min ?? 2;
      const rows = await db
        .selectFrom('rectificationItems as r')
        .innerJoin('orgs as o', 'o.id', 'r.orgId')
        .select(['r.orgId', 'o.name as orgName'])
        .select(sql<number>`count(*) filter (where ${overdueExpr(today)})`.as('overdue'))
        .select(sql<number>`coalesce(sum(r.return_count), 0)`.as('returned'))
        .select(
          sql<number>`(select count(*) from rectification_interviews v where v.org_id = r.org_id
            and extract(year from v.held_on) = ${Number(today.slice(0, 4))})`.as('interviews'),
        )
        .where('r.orgPath', 'like', `${org.path}%`)
        .where('r.orgId', '!=', org.id)
        .where('r.openedOn', '>=', `${today.slice(0, 4)}-01-01`)
        .groupBy(['r.orgId', 'o.name'])
        .having(
          sql`count(*) filter (where ${overdueExpr(today)}) + coalesce(sum(r.return_count), 0)`,
          '>=',
          min,
        )
        .orderBy(
          sql`count(*) filter (where ${overdueExpr(today)}) + coalesce(sum(r.return_count), 0)`,
          'desc',
        )
        .orderBy('o.name')
        .limit(100)
        .execute();
      return {
        data: rows.map((r) => ({
          orgId: r.orgId,
          orgName: r.orgName,
          overdue: Number(r.overdue),
          returned: Number(r.returned),
          interviews: Number(r.interviews),
        })),
      };
    },
  );

  app.post(
    '/orgs/:id/rectification/interviews',
    {
      config: { fieldLabels: INTERVIEW_LABELS, access: 'rectification.launch' },
      schema: {
        tags,
        params: idParam,
        body: interviewBody,
        response: { 201: z.object({ data: interviewSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const now = clock.now();
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadVisibleOrg(trx, actor, request.params.id);
        const by = steeringOrgOf(actor, org.path, true);
        if (!by) throw new ForbiddenError('只有上级党组织可以约谈');
        const above = by;
        const findingIds = [...new Set(body.findingIds ?? [])];
        if (findingIds.length > 0) {
          const found = await trx
            .selectFrom('inspectionFindings')
            .select('id')
            .where('id', 'in', findingIds)
            .where('orgPath', 'like', `${org.path}%`)
            .execute();
          if (found.length !== findingIds.length) {
            throw new ValidationError({ findingIds: '关联问题须是被约谈组织及其下级的检查问题' });
          }
        }
        const interview = await trx
          .insertInto('rectificationInterviews')
          .values({
            orgId: org.id,
            orgPath: org.path,
            byOrgId: above.id,
            byPath: above.path,
            secretaryName: body.secretaryName,
            heldOn: body.heldOn,
            interviewers: body.interviewers,
            reason: body.reason,
            record: body.record,
            commitments: body.commitments,
            conclusion: null,
            createdBy: actor.user.id,
            createdAt: now,
            concludedAt: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (findingIds.length > 0) {
          await trx
            .insertInto('rectificationInterviewFindings')
            .values(findingIds.map((findingId) => ({ interviewId: interview.id, findingId })))
            .execute();
        }
        const who = { id: actor.user.id, name: actor.user.displayName };
        for (const f of body.followUps ?? []) {
          await openRectificationItem(
            trx,
            {
              org: { id: org.id, path: org.path },
              issuer: above,
              title: f.title,
              source: { kind: 'interview', id: interview.id },
              ownerPerson: f.ownerPerson,
              requiredEvidence: f.requiredEvidence,
              workingDays: f.workingDays,
            },
            who,
            now,
          );
        }
        await audit({
          action: 'rectification.interview_recorded',
          objectType: 'rectification_interview',
          objectId: interview.id,
          orgPath: org.path,
          detail: { findings: findingIds.length, followUps: body.followUps?.length ?? 0 },
        });
        return interview.id;
      });
      const row = await getVisibleInterview(db, actor, id);
      return reply.status(201).send({ data: presentInterview(row, await detailsOf(db, [id]), actor) });
    },
  );
};
