import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Trx } from '../../platform/db.ts';
import { type AuditFn, noStore, runAction } from '../../platform/http.ts';
import { mountCreate, mountScopedList, serviceContext } from '../../platform/module-kit.ts';
import { visibleOrgPath } from '../../platform/org-scope.ts';
import { mountGet } from '../../platform/reads.ts';
import { idParam } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { activityDetail, presentActivity, signupActions } from './volunteers.actions.ts';
import {
  activityBody,
  activityDetailSchema,
  activitySchema,
  orgFilter,
  selfRegisterBody,
  teamBody,
  teamMemberBody,
  teamSchema,
  volunteerBody,
  volunteerSchema,
} from './volunteers.contract.ts';
import { mountVolunteersLedger } from './volunteers.ledger.ts';
import {
  addTeamMember,
  createActivity,
  createTeam,
  listActivities,
  listSignups,
  listTeams,
  listVolunteers,
  registerSelf,
  registerVolunteer,
  signUp,
} from './volunteers.service.ts';

const tags = ['volunteers'];
const manage = { access: 'volunteers.manage', tags } as const;

export const volunteersRoutes: FastifyPluginAsyncZod = async (app) => {
  mountVolunteersLedger(app);
  const { db } = app.deps;
  const ctx = (request: FastifyRequest, trx: Trx, audit: AuditFn) => serviceContext(request)(trx, audit);
  const scopePath = (actor: Actor, orgId?: number) => visibleOrgPath(db, actor, orgId);

  mountScopedList(app, {
    path: '/volunteers',
    access: 'volunteers.read',
    tags,
    query: orgFilter,
    item: volunteerSchema,
    private: true,
    list: (db, actor, _q, path) => listVolunteers(db, actor, path),
  });

  mountCreate(app, { ...manage, path: '/orgs/:id/volunteers', body: volunteerBody, run: registerVolunteer });

  mountCreate(app, {
    path: '/orgs/:id/volunteers/me',
    access: 'volunteers.participate',
    tags,
    body: selfRegisterBody,
    run: (c, orgId, b) => registerSelf(c, orgId, b.skills),
  });

  mountScopedList(app, {
    path: '/volunteer-teams',
    access: 'authenticated',
    tags,
    query: orgFilter,
    item: teamSchema,
    list: (db, actor, _q, path) => listTeams(db, actor, path),
  });

  mountCreate(app, { ...manage, path: '/orgs/:id/volunteer-teams', body: teamBody, run: createTeam });

  mountWrite(
    app,
    'POST',
    '/volunteer-teams/:id/members',
    {
      access: 'volunteers.manage',
      tags,
      params: idParam,
      body: teamMemberBody,
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
    async ({ params, body, request }) => {
      await runAction(request, (trx, audit) =>
        addTeamMember(ctx(request, trx, audit), params.id, body.volunteerId),
      );
      return { ok: true as const };
    },
  );

  mountGet(
    app,
    '/volunteer-activities',
    {
      access: 'authenticated',
      tags,
      query: orgFilter,
      response: z.object({ data: z.array(activitySchema) }),
    },
    async ({ actor, query }) => {
      const rows = await listActivities(db, actor, await scopePath(actor, query.orgId));
      const signups = await listSignups(
        db,
        rows.map((r) => r.id),
      );
      return { data: rows.map((a) => presentActivity(actor, a, signups)) };
    },
  );

  mountGet(
    app,
    '/volunteer-activities/:id',
    { access: 'authenticated', tags, params: idParam, response: z.object({ data: activityDetailSchema }) },
    async ({ actor, params, reply }) => {
      noStore(reply);
      return { data: await activityDetail(db, actor, params.id) };
    },
  );

  mountCreate(app, {
    ...manage,
    path: '/orgs/:id/volunteer-activities',
    body: activityBody,
    run: createActivity,
  });

  mountWrite(
    app,
    'POST',
    '/volunteer-activities/:id/signup',
    {
      access: 'volunteers.participate',
      tags,
      params: idParam,
      body: z.object({}).strict(),
      response: { 200: z.object({ data: activityDetailSchema }) },
    },
    async ({ actor, params, request }) => {
      await runAction(request, (trx, audit) => signUp(ctx(request, trx, audit), params.id));
      return { data: await activityDetail(db, actor, params.id) };
    },
  );

  mountActions(app, signupActions);
};
