import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { authorize } from '../../platform/actor.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { serviceContext } from '../../platform/module-kit.ts';
import { loadOrgFor, loadVisibleOrg } from '../../platform/org-scope.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  adjustmentActions,
  electionActions,
  presentAdjustment,
  presentElection,
} from './elections.actions.ts';
import {
  adjustmentBody,
  adjustmentSchema,
  ELECTIONS_LABELS,
  electionSchema,
  electionsQuery,
  requestBody,
  startTermBody,
  termResponse,
  termsQuery,
  termsResponse,
} from './elections.contract.ts';
import {
  adjustmentRow,
  adjustmentsBelow,
  electionRow,
  electionsBelow,
  loadElection,
  termOf,
  termsBelow,
} from './elections.queries.ts';
import { requestAdjustment, requestElection, startTerm } from './elections.service.ts';

const tags = ['elections'];
type Access = 'elections.read' | 'elections.run';
const config = (access: Access) => ({ access, fieldLabels: ELECTIONS_LABELS });

export const electionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const today = () => localDate(clock.now());
  mountActions(app, adjustmentActions);
  mountActions(app, electionActions);

  const termAnswer = async (org: { id: number; path: string }) => {
    const { startedOn, endsOn, remindFrom, status, rule } = await termOf(db, org, today());
    return { data: { startedOn, endsOn, remindFrom, status, rule } };
  };

  // The stable term contract (404 outside the caller's scope).
  app.get(
    '/orgs/:id/term',
    { config: config('elections.read'), schema: { tags, params: idParam, response: { 200: termResponse } } },
    async (request) =>
      termAnswer(await loadOrgFor(db, actorOf(request), request.params.id, 'elections.read')),
  );

  // Every committee below an organization with its standing (the due and overdue lists).
  app.get(
    '/elections/terms',
    {
      config: config('elections.read'),
      schema: { tags, querystring: termsQuery, response: { 200: termsResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'elections.read');
      const rows = await termsBelow(db, org, today());
      const data = rows
        .filter((r) => !request.query.status || r.status === request.query.status)
        .map(({ path, ...r }) => {
          const run = actor.can('elections.run', path);
          return { ...r, abilities: { startTerm: run, requestAdjustment: run && r.termId !== null } };
        });
      return { data };
    },
  );

  app.post(
    '/orgs/:id/terms',
    {
      config: config('elections.run'),
      schema: { tags, params: idParam, body: startTermBody, response: { 201: termResponse } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'elections.run', org.path);
      await runAction(request, (trx, audit) =>
        startTerm(serviceContext(request)(trx, audit), org, request.body),
      );
      return reply.status(201).send(await termAnswer(org));
    },
  );

  app.post(
    '/orgs/:id/term/adjustments',
    {
      config: config('elections.run'),
      schema: {
        tags,
        params: idParam,
        body: adjustmentBody,
        response: { 201: z.object({ data: adjustmentSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'elections.run', org.path);
      const id = await runAction(request, (trx, audit) =>
        requestAdjustment(serviceContext(request)(trx, audit), org, request.body),
      );
      const row = await adjustmentRow(db, id);
      return reply.status(201).send({ data: presentAdjustment(row as NonNullable<typeof row>, actor) });
    },
  );

  app.get(
    '/elections/adjustments',
    {
      config: config('elections.read'),
      schema: {
        tags,
        querystring: electionsQuery,
        response: { 200: z.object({ data: z.array(adjustmentSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'elections.read');
      return { data: (await adjustmentsBelow(db, org.path)).map((r) => presentAdjustment(r, actor)) };
    },
  );

  app.get(
    '/elections',
    {
      config: config('elections.read'),
      schema: {
        tags,
        querystring: electionsQuery,
        response: { 200: z.object({ data: z.array(electionSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'elections.read');
      return { data: (await electionsBelow(db, org.path)).map((r) => presentElection(r, actor)) };
    },
  );

  app.get(
    '/elections/:id',
    {
      config: config('elections.read'),
      schema: { tags, params: idParam, response: { 200: z.object({ data: electionSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await loadElection(db, actor, request.params.id, false);
      authorize(actor, 'elections.read', row.orgPath);
      return { data: presentElection(row, actor) };
    },
  );

  app.post(
    '/orgs/:id/elections',
    {
      config: config('elections.run'),
      schema: {
        tags,
        params: idParam,
        body: requestBody,
        response: { 201: z.object({ data: electionSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'elections.run', org.path);
      const id = await runAction(request, (trx, audit) =>
        requestElection(serviceContext(request)(trx, audit), org, request.body),
      );
      const row = await electionRow(db, id);
      return reply.status(201).send({ data: presentElection(row as NonNullable<typeof row>, actor) });
    },
  );
};
