import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, runAction } from '../../platform/http.ts';
import { createOnce, idempotencyHeaders } from '../../platform/idempotency.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import { mountGet } from '../../platform/reads.ts';
import { idParam } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
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
  mountGet(
    app,
    list.path,
    { access: 'orgs.read', tags, query: list.query, response: list.response },
    async ({ actor, query }) => {
      const { rows, total } = await findOrgs(db, actor, query);
      return {
        data: rows.map(presentOrg),
        page: pageInfoOf(query, total),
      };
    },
  );

  mountGet(
    app,
    search.path,
    { access: 'orgs.read', tags, query: search.query, response: search.response },
    async ({ actor, query }) => {
      // The response schema keeps only the hit's public fields.
      return { data: await searchOrgs(db, actor, query.q, query.limit) };
    },
  );

  mountGet(
    app,
    '/orgs/:id',
    { access: 'orgs.read', tags, params: idParam, response: z.object({ data: orgDetailSchema }) },
    async ({ actor, params }) => {
      const org = await getVisibleOrg(db, actor, params.id);
      return { data: await detail(actor, org) };
    },
  );

  mountGet(
    app,
    '/orgs/:id/history',
    { access: 'orgs.read', tags, params: idParam, response: z.object({ data: z.array(orgEventSchema) }) },
    async ({ actor, params }) => {
      const org = await getVisibleOrg(db, actor, params.id);
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

  mountWrite(
    app,
    'PATCH',
    '/orgs/:id',
    { access: 'orgs.update', tags, params: idParam, body: updateOrgBody, response: { 200: dataOrg } },
    async ({ actor, params, body, request }) => {
      const org = await runAction(request, (trx, audit) =>
        updateOrg({ trx, audit, actor, now: clock.now() }, params.id, body),
      );
      return { data: presentOrg(org) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/move',
    { access: 'orgs.move', tags, params: idParam, body: moveOrgBody, response: { 200: dataOrg } },
    async ({ actor, params, body, request }) => {
      const org = await runAction(request, (trx, audit) =>
        moveOrg({ trx, audit, actor, now: clock.now() }, params.id, body.targetParentId),
      );
      return { data: presentOrg(org) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/close',
    { access: 'orgs.close', tags, params: idParam, body: closeOrgBody, response: { 200: dataOrg } },
    async ({ actor, params, body, request }) => {
      const now = clock.now();
      const closedOn = body.closedOn ?? now.toISOString().slice(0, 10);
      const org = await runAction(request, (trx, audit) =>
        closeOrg({ trx, audit, actor, now }, params.id, body.reason, closedOn),
      );
      return { data: presentOrg(org) };
    },
  );

  mountGet(
    app,
    '/orgs/:id/part-time-members',
    {
      access: 'orgs.read',
      tags,
      params: idParam,
      response: z.object({ data: z.array(partTimeMemberSchema) }),
    },
    async ({ actor, params }) => {
      const org = await getVisibleOrg(db, actor, params.id);
      return { data: await findPartTimeMembers(db, org.id) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/part-time-members',
    {
      access: 'orgs.manage_part_time_members',
      tags,
      params: idParam,
      body: createPartTimeMemberBody,
      response: { 201: z.object({ data: partTimeMemberSchema }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const row = await runAction(request, (trx, audit) =>
        addPartTimeMember({ trx, audit, actor, now: clock.now() }, params.id, body),
      );
      return reply.status(201).send({ data: row });
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/part-time-members/:memberId/end',
    {
      access: 'orgs.manage_part_time_members',
      tags,
      params: idParam.extend({ memberId: z.coerce.number().int().positive() }),
      body: endPartTimeMemberBody,
      response: { 200: z.object({ data: partTimeMemberSchema }) },
    },
    async ({ actor, params, body, request }) => {
      const row = await runAction(request, (trx, audit) =>
        endPartTimeMember({ trx, audit, actor, now: clock.now() }, params.id, params.memberId, body.endedOn),
      );
      return { data: row };
    },
  );
};

function pathPrefix(path: string, id: number): string {
  const marker = `/${id}/`;
  return path.slice(0, path.indexOf(marker) + marker.length);
}
