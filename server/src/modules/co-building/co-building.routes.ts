import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { visibleOrgPath } from '../../platform/org-scope.ts';
import { idParam } from '../../platform/validation.ts';
import {
  activityBody,
  activitySchema,
  agreementBody,
  agreementSchema,
  meetingBody,
  meetingSchema,
  scopeQuery,
  solveBody,
  statsSchema,
  unitBody,
  unitSchema,
} from './co-building.contract.ts';
import {
  type ActionContext,
  addUnit,
  coBuildingStats,
  listActivities,
  listAgreements,
  listMeetings,
  listUnits,
  recordActivity,
  recordMeeting,
  signAgreement,
  solveIssue,
} from './co-building.service.ts';

const tags = ['co-building'];
const created = z.object({ data: z.object({ id: z.number() }) });

export const coBuildingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const ctx = (
    request: Parameters<typeof actorOf>[0],
    trx: ActionContext['trx'],
    audit: ActionContext['audit'],
  ) => ({
    trx,
    audit,
    actor: actorOf(request),
    now: clock.now(),
  });
  const scopePath = (actor: Actor, orgId?: number) => visibleOrgPath(db, actor, orgId);

  app.get(
    '/co-building/units',
    {
      config: { access: 'co_building.read' },
      schema: { tags, querystring: scopeQuery, response: { 200: z.object({ data: z.array(unitSchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      return { data: await listUnits(db, actor, await scopePath(actor, request.query.orgId)) };
    },
  );

  app.get(
    '/co-building/meetings',
    {
      config: { access: 'co_building.read' },
      schema: {
        tags,
        querystring: scopeQuery,
        response: { 200: z.object({ data: z.array(meetingSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return {
        data: await listMeetings(db, actor, request.query, await scopePath(actor, request.query.orgId)),
      };
    },
  );

  app.get(
    '/co-building/meetings/:id',
    {
      config: { access: 'co_building.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: meetingSchema }) } },
    },
    async (request) => {
      const [meeting] = await listMeetings(db, actorOf(request), {}, undefined, request.params.id);
      if (!meeting) throw new NotFoundError('联席会议不存在或无权访问');
      return { data: meeting };
    },
  );

  app.get(
    '/co-building/activities',
    {
      config: { access: 'co_building.read' },
      schema: {
        tags,
        querystring: scopeQuery,
        response: { 200: z.object({ data: z.array(activitySchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return {
        data: await listActivities(db, actor, request.query, await scopePath(actor, request.query.orgId)),
      };
    },
  );

  app.get(
    '/co-building/agreements',
    {
      config: { access: 'co_building.read' },
      schema: {
        tags,
        querystring: scopeQuery,
        response: { 200: z.object({ data: z.array(agreementSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return {
        data: await listAgreements(db, actor, request.query, await scopePath(actor, request.query.orgId)),
      };
    },
  );

  app.get(
    '/co-building/stats',
    {
      config: { access: 'co_building.read' },
      schema: { tags, querystring: scopeQuery, response: { 200: z.object({ data: statsSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      return {
        data: await coBuildingStats(db, actor, request.query, await scopePath(actor, request.query.orgId)),
      };
    },
  );

  const create = <B extends z.ZodType>(
    path: string,
    body: B,
    fn: (c: ActionContext, orgId: number, b: z.infer<B>) => Promise<number>,
  ) =>
    app.post(
      `/orgs/:id/co-building/${path}`,
      {
        config: { access: 'co_building.manage' },
        schema: { tags, params: idParam, body, response: { 201: created } },
      },
      async (request, reply) => {
        const id = await runAction(request, (trx, audit) =>
          fn(ctx(request, trx, audit), request.params.id, request.body as z.infer<B>),
        );
        return reply.status(201).send({ data: { id } });
      },
    );
  create('units', unitBody, addUnit);
  create('meetings', meetingBody, recordMeeting);
  create('activities', activityBody, recordActivity);
  create('agreements', agreementBody, signAgreement);

  app.post(
    '/co-building/issues/:id/solve',
    {
      config: { access: 'co_building.manage' },
      schema: {
        tags,
        params: idParam,
        body: solveBody,
        response: { 200: z.object({ data: meetingSchema }) },
      },
    },
    async (request) => {
      const meetingId = await runAction(request, (trx, audit) =>
        solveIssue(ctx(request, trx, audit), request.params.id, request.body.solvedOn, request.body.outcome),
      );
      const [meeting] = await listMeetings(db, actorOf(request), {}, undefined, meetingId);
      return { data: meeting };
    },
  );
};
