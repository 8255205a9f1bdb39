import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { noStore, runAction } from '../../platform/http.ts';
import { mountCreate, mountScopedList, serviceContext } from '../../platform/module-kit.ts';
import { visibleOrgPath } from '../../platform/org-scope.ts';
import { mountGet } from '../../platform/reads.ts';
import { idParam } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import {
  presentProjectFor,
  presentServiceFor,
  projectActions,
  serviceActions,
} from './dual-reporting.actions.ts';
import {
  claimBody,
  listingBody,
  orgFilter,
  projectSchema,
  projectsQuery,
  registerMemberBody,
  registerUnitBody,
  registrationSchema,
  serviceBody,
  serviceSchema,
  statsQuery,
  statsSchema,
  unitSchema,
} from './dual-reporting.contract.ts';
import {
  actsForUnit,
  claimProject,
  dualReportingStats,
  findProjects,
  findRegistrations,
  findServices,
  findUnits,
  getVisibleProject,
  getVisibleService,
  getVisibleUnit,
  publishNeed,
  publishResource,
  recordService,
  registerMember,
  registerUnit,
} from './dual-reporting.service.ts';

const tags = ['dual-reporting'];
const projectResponse = z.object({ data: projectSchema });
const serviceResponse = z.object({ data: serviceSchema });

export const dualReportingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  mountActions(app, serviceActions);
  mountActions(app, projectActions);
  const ctxOf = serviceContext;

  const orgPath = (actor: Actor, orgId: number | undefined) => visibleOrgPath(db, actor, orgId);

  const presentUnit = (actor: Actor, u: Awaited<ReturnType<typeof findUnits>>[number]) => ({
    id: u.id,
    communityOrgId: u.communityOrgId,
    communityName: u.communityName,
    unitName: u.unitName,
    unitOrgId: u.unitOrgId,
    sourceLevel: u.sourceLevel,
    declaredMembers: u.declaredMembers,
    registeredMembers: Number(u.registeredMembers ?? 0),
    contactName: u.contactName,
    registeredOn: u.registeredOn,
    actAsUnit: actsForUnit(actor, u),
  });

  mountScopedList(app, {
    path: '/dual-reporting/units',
    access: 'authenticated',
    tags,
    query: orgFilter,
    item: unitSchema,
    list: async (db, actor, _q, path) => (await findUnits(db, actor, path)).map((u) => presentUnit(actor, u)),
  });

  mountGet(
    app,
    '/dual-reporting/units/:id',
    {
      access: 'authenticated',
      tags,
      params: idParam,
      response: z.object({ data: unitSchema.extend({ members: z.array(registrationSchema) }) }),
    },
    async ({ actor, params, reply }) => {
      noStore(reply);
      const unit = await getVisibleUnit(db, actor, params.id);
      const members = await findRegistrations(db, unit.id);
      return {
        data: {
          ...presentUnit(actor, unit),
          members: members.map((m) => ({
            id: m.id,
            unitId: m.unitId,
            memberId: m.memberId,
            memberName: m.memberName,
            branchName: m.branchName,
            basis: m.basis,
            registeredOn: m.registeredOn,
            confirmedHours: Number(m.confirmedHours),
            points: Number(m.points),
          })),
        },
      };
    },
  );

  mountCreate(app, {
    path: '/orgs/:id/dual-reporting/units',
    access: 'dual_reporting.manage',
    tags,
    body: registerUnitBody,
    run: registerUnit,
  });

  mountCreate(app, {
    path: '/dual-reporting/units/:id/members',
    access: 'authenticated',
    tags,
    body: registerMemberBody,
    run: registerMember,
  });

  mountWrite(
    app,
    'POST',
    '/orgs/:id/dual-reporting/needs',
    {
      access: 'dual_reporting.manage',
      tags,
      params: idParam,
      body: listingBody,
      response: { 201: projectResponse },
    },
    async ({ actor, params, body, request, reply }) => {
      const id = await runAction(request, (trx, audit) =>
        publishNeed(ctxOf(request)(trx, audit), params.id, body),
      );
      return reply
        .status(201)
        .send({ data: presentProjectFor(actor, await getVisibleProject(db, actor, id)) });
    },
  );

  mountWrite(
    app,
    'POST',
    '/dual-reporting/units/:id/resources',
    { access: 'authenticated', tags, params: idParam, body: listingBody, response: { 201: projectResponse } },
    async ({ actor, params, body, request, reply }) => {
      const id = await runAction(request, (trx, audit) =>
        publishResource(ctxOf(request)(trx, audit), params.id, body),
      );
      return reply
        .status(201)
        .send({ data: presentProjectFor(actor, await getVisibleProject(db, actor, id)) });
    },
  );

  mountGet(
    app,
    '/dual-reporting/projects',
    {
      access: 'authenticated',
      tags,
      query: projectsQuery,
      response: z.object({ data: z.array(projectSchema) }),
    },
    async ({ actor, query }) => {
      const rows = await findProjects(db, actor, query.list, await orgPath(actor, query.orgId));
      return { data: rows.map((row) => presentProjectFor(actor, row)) };
    },
  );

  mountGet(
    app,
    '/dual-reporting/projects/:id',
    { access: 'authenticated', tags, params: idParam, response: projectResponse },
    async ({ actor, params }) => ({
      data: presentProjectFor(actor, await getVisibleProject(db, actor, params.id)),
    }),
  );

  mountWrite(
    app,
    'POST',
    '/dual-reporting/projects/:id/claim',
    { access: 'authenticated', tags, params: idParam, body: claimBody, response: { 200: projectResponse } },
    async ({ actor, params, body, request }) => {
      await runAction(request, (trx, audit) =>
        claimProject(ctxOf(request)(trx, audit), params.id, body.unitId),
      );
      return {
        data: presentProjectFor(actor, await getVisibleProject(db, actor, params.id)),
      };
    },
  );

  mountWrite(
    app,
    'POST',
    '/dual-reporting/registrations/:id/services',
    { access: 'authenticated', tags, params: idParam, body: serviceBody, response: { 201: serviceResponse } },
    async ({ actor, params, body, request, reply }) => {
      const id = await runAction(request, (trx, audit) =>
        recordService(ctxOf(request)(trx, audit), params.id, body),
      );
      return reply
        .status(201)
        .send({ data: presentServiceFor(actor, await getVisibleService(db, actor, id)) });
    },
  );

  mountScopedList(app, {
    path: '/dual-reporting/services',
    access: 'authenticated',
    tags,
    query: orgFilter,
    item: serviceSchema,
    private: true,
    list: async (db, actor, _q, path) =>
      (await findServices(db, actor, path)).map((row) => presentServiceFor(actor, row)),
  });

  mountGet(
    app,
    '/dual-reporting/stats',
    { access: 'dual_reporting.read', tags, query: statsQuery, response: z.object({ data: statsSchema }) },
    async ({ actor, query }) => {
      const path = await orgPath(actor, query.orgId);
      return { data: await dualReportingStats(db, actor, query, path) };
    },
  );
};
