import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import type { Trx } from '../../platform/db.ts';
import { type AuditFn, actorOf, noStore, runAction } from '../../platform/http.ts';
import { mountCreate, mountScopedList, serviceContext } from '../../platform/module-kit.ts';
import { visibleOrgPath } from '../../platform/org-scope.ts';
import { idParam } from '../../platform/validation.ts';
import {
  activityBody,
  activityDetailSchema,
  activitySchema,
  confirmBody,
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
  checkIn,
  confirmHours,
  createActivity,
  createTeam,
  getVisibleActivity,
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
const signupParams = idParam.extend({ signupId: z.coerce.number().int().positive() });

type ActivityRow = Awaited<ReturnType<typeof listActivities>>[number];
type SignupRow = Awaited<ReturnType<typeof listSignups>>[number];

export const volunteersRoutes: FastifyPluginAsyncZod = async (app) => {
  mountVolunteersLedger(app);
  const { db } = app.deps;
  const ctx = (request: FastifyRequest, trx: Trx, audit: AuditFn) => serviceContext(request)(trx, audit);
  const scopePath = (actor: Actor, orgId?: number) => visibleOrgPath(db, actor, orgId);

  const presentSignup = (actor: Actor, manage: boolean, s: SignupRow) => ({
    id: s.id,
    volunteerName:
      manage || s.userId === actor.user.id ? s.volunteerName : `${s.volunteerName.slice(0, 1)}**`,
    mine: s.userId === actor.user.id,
    signedUpAt: s.signedUpAt.toISOString(),
    checkedInAt: s.checkedInAt?.toISOString() ?? null,
    hours: s.hours === null ? null : Number(s.hours),
    points: s.points === null ? null : Number(s.points),
    pointsNote: s.pointsNote,
  });
  const presentActivity = (actor: Actor, a: ActivityRow, signups: SignupRow[]) => {
    const manage = actor.can('volunteers.manage', a.orgPath);
    const mine = signups.find((s) => s.activityId === a.id && s.userId === actor.user.id);
    return {
      id: a.id,
      orgId: a.orgId,
      orgName: a.orgName,
      teamName: a.teamName,
      title: a.title,
      description: a.description,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      capacity: a.capacity,
      signedUp: Number(a.signedUp),
      mySignup: mine ? presentSignup(actor, manage, mine) : null,
      canManage: manage,
    };
  };

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

  app.post(
    '/volunteer-teams/:id/members',
    {
      config: { access: 'volunteers.manage' },
      schema: {
        tags,
        params: idParam,
        body: teamMemberBody,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await runAction(request, (trx, audit) =>
        addTeamMember(ctx(request, trx, audit), request.params.id, request.body.volunteerId),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/volunteer-activities',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        querystring: orgFilter,
        response: { 200: z.object({ data: z.array(activitySchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await listActivities(db, actor, await scopePath(actor, request.query.orgId));
      const signups = await listSignups(
        db,
        rows.map((r) => r.id),
      );
      return { data: rows.map((a) => presentActivity(actor, a, signups)) };
    },
  );

  const detail = async (actor: Actor, id: number) => {
    const a = await getVisibleActivity(db, actor, id);
    const signups = await listSignups(db, [a.id]);
    const manage = actor.can('volunteers.manage', a.orgPath);
    return {
      ...presentActivity(actor, a, signups),
      signups: signups
        .filter((s) => manage || s.userId === actor.user.id)
        .map((s) => presentSignup(actor, manage, s)),
    };
  };

  app.get(
    '/volunteer-activities/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: activityDetailSchema }) } },
    },
    async (request, reply) => {
      noStore(reply);
      return { data: await detail(actorOf(request), request.params.id) };
    },
  );

  mountCreate(app, {
    ...manage,
    path: '/orgs/:id/volunteer-activities',
    body: activityBody,
    run: createActivity,
  });

  app.post(
    '/volunteer-activities/:id/signup',
    {
      config: { access: 'volunteers.participate' },
      schema: {
        tags,
        params: idParam,
        body: z.object({}).strict(),
        response: { 200: z.object({ data: activityDetailSchema }) },
      },
    },
    async (request) => {
      await runAction(request, (trx, audit) => signUp(ctx(request, trx, audit), request.params.id));
      return { data: await detail(actorOf(request), request.params.id) };
    },
  );

  app.post(
    '/volunteer-activities/:id/signups/:signupId/check-in',
    {
      config: { access: 'volunteers.manage' },
      schema: {
        tags,
        params: signupParams,
        body: z.object({}).strict(),
        response: { 200: z.object({ data: activityDetailSchema }) },
      },
    },
    async (request) => {
      await runAction(request, (trx, audit) =>
        checkIn(ctx(request, trx, audit), request.params.id, request.params.signupId),
      );
      return { data: await detail(actorOf(request), request.params.id) };
    },
  );

  app.post(
    '/volunteer-activities/:id/signups/:signupId/confirm',
    {
      config: { access: 'volunteers.manage' },
      schema: {
        tags,
        params: signupParams,
        body: confirmBody,
        response: { 200: z.object({ data: activityDetailSchema }) },
      },
    },
    async (request) => {
      await runAction(request, (trx, audit) =>
        confirmHours(
          ctx(request, trx, audit),
          request.params.id,
          request.params.signupId,
          request.body.hours,
        ),
      );
      return { data: await detail(actorOf(request), request.params.id) };
    },
  );
};
