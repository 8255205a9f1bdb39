import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, runAction } from '../../platform/http.ts';
import { createOnce, idempotencyHeaders } from '../../platform/idempotency.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import { idParam } from '../../platform/validation.ts';
import {
  closeOrgBody,
  createOrgBody,
  createPartTimeMemberBody,
  endPartTimeMemberBody,
  moveOrgBody,
  orgDetailSchema,
  orgEventSchema,
  orgSchema,
  orgsEndpoints,
  partTimeMemberSchema,
  updateOrgBody,
} from './orgs.contract.ts';
import { orgAbilities, presentOrg } from './orgs.presenter.ts';
import {
  findOrgEvents,
  findOrgs,
  findPartTimeMembers,
  getAncestors,
  getVisibleOrg,
  type OrgRow,
  searchOrgs,
} from './orgs.queries.ts';
import {
  addPartTimeMember,
  closeOrg,
  createOrg,
  endPartTimeMember,
  moveOrg,
  updateOrg,
} from './orgs.service.ts';

const tags = ['orgs'];
const dataOrg = z.object({ data: orgSchema });

/** How officials name the fields of an organization. */
const ORG_FIELD_LABELS = {
  code: '组织编码',
  name: '组织名称',
  kind: '组织类别',
  level: '行政层级',
  unitType: '单位类型',
  q: '搜索词',
  limit: '条数',
};

export const orgsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), fieldLabels: ORG_FIELD_LABELS };
  });
  const detail = async (actor: ReturnType<typeof actorOf>, org: OrgRow) => ({
    ...presentOrg(org),
    closedReason: org.closedReason,
    ancestors: (await getAncestors(db, org.path)).filter((a) => actor.sees(pathPrefix(org.path, a.id))),
    abilities: orgAbilities(actor, org),
  });

  const { list, search } = orgsEndpoints;
  app.get(
    list.path,
    {
      config: { access: 'orgs.read' },
      schema: { tags, querystring: list.query, response: { 200: list.response } },
    },
    async (request) => {
      const { rows, total } = await findOrgs(db, actorOf(request), request.query);
      return {
        data: rows.map(presentOrg),
        page: pageInfoOf(request.query, total),
      };
    },
  );

  app.get(
    search.path,
    {
      config: { access: 'orgs.read' },
      schema: { tags, querystring: search.query, response: { 200: search.response } },
    },
    async (request) => {
      // The response schema keeps only the hit's public fields.
      return { data: await searchOrgs(db, actorOf(request), request.query.q, request.query.limit) };
    },
  );

  app.get(
    '/orgs/:id',
    {
      config: { access: 'orgs.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: orgDetailSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await getVisibleOrg(db, actor, request.params.id);
      return { data: await detail(actor, org) };
    },
  );

  app.get(
    '/orgs/:id/history',
    {
      config: { access: 'orgs.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: z.array(orgEventSchema) }) } },
    },
    async (request) => {
      const org = await getVisibleOrg(db, actorOf(request), request.params.id);
      const events = await findOrgEvents(db, org.id);
      return { data: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
    },
  );

  app.post(
    '/orgs/:id/children',
    {
      config: { access: 'orgs.create' },
      schema: {
        tags,
        params: idParam,
        headers: idempotencyHeaders,
        body: createOrgBody,
        response: { 201: dataOrg },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // Optional Idempotency-Key (REL-04): a retry after a dropped connection creates nothing new.
      const result = await createOnce<OrgRow>(request, reply, {
        scope: 'orgs.create',
        hashInput: { parentId: request.params.id, body: request.body },
        idOf: (org) => org.id,
        create: (trx, audit) =>
          createOrg({ trx, audit, actor, now: clock.now() }, request.params.id, request.body),
      });
      const org =
        result.replayId === undefined ? result.created : await getVisibleOrg(db, actor, result.replayId);
      return reply.status(201).send({ data: presentOrg(org) });
    },
  );

  app.patch(
    '/orgs/:id',
    {
      config: { access: 'orgs.update' },
      schema: { tags, params: idParam, body: updateOrgBody, response: { 200: dataOrg } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await runAction(request, (trx, audit) =>
        updateOrg({ trx, audit, actor, now: clock.now() }, request.params.id, request.body),
      );
      return { data: presentOrg(org) };
    },
  );

  app.post(
    '/orgs/:id/move',
    {
      config: { access: 'orgs.move' },
      schema: { tags, params: idParam, body: moveOrgBody, response: { 200: dataOrg } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await runAction(request, (trx, audit) =>
        moveOrg({ trx, audit, actor, now: clock.now() }, request.params.id, request.body.targetParentId),
      );
      return { data: presentOrg(org) };
    },
  );

  app.post(
    '/orgs/:id/close',
    {
      config: { access: 'orgs.close' },
      schema: { tags, params: idParam, body: closeOrgBody, response: { 200: dataOrg } },
    },
    async (request) => {
      const actor = actorOf(request);
      const now = clock.now();
      const closedOn = request.body.closedOn ?? now.toISOString().slice(0, 10);
      const org = await runAction(request, (trx, audit) =>
        closeOrg({ trx, audit, actor, now }, request.params.id, request.body.reason, closedOn),
      );
      return { data: presentOrg(org) };
    },
  );

  app.get(
    '/orgs/:id/part-time-members',
    {
      config: { access: 'orgs.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: z.array(partTimeMemberSchema) }) } },
    },
    async (request) => {
      const org = await getVisibleOrg(db, actorOf(request), request.params.id);
      return { data: await findPartTimeMembers(db, org.id) };
    },
  );

  app.post(
    '/orgs/:id/part-time-members',
    {
      config: { access: 'orgs.manage_part_time_members' },
      schema: {
        tags,
        params: idParam,
        body: createPartTimeMemberBody,
        response: { 201: z.object({ data: partTimeMemberSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await runAction(request, (trx, audit) =>
        addPartTimeMember({ trx, audit, actor, now: clock.now() }, request.params.id, request.body),
      );
      return reply.status(201).send({ data: row });
    },
  );

  app.post(
    '/orgs/:id/part-time-members/:memberId/end',
    {
      config: { access: 'orgs.manage_part_time_members' },
      schema: {
        tags,
        params: idParam.extend({ memberId: z.coerce.number().int().positive() }),
        body: endPartTimeMemberBody,
        response: { 200: z.object({ data: partTimeMemberSchema }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await runAction(request, (trx, audit) =>
        endPartTimeMember(
          { trx, audit, actor, now: clock.now() },
          request.params.id,
          request.params.memberId,
          request.body.endedOn,
        ),
      );
      return { data: row };
    },
  );
};

function pathPrefix(path: string, id: number): string {
  const marker = `/${id}/`;
  return path.slice(0, path.indexOf(marker) + marker.length);
}
