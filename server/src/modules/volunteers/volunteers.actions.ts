import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { abilitiesOf, actionFor, defineActions, noBody } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { actorOf } from '../../platform/http.ts';
import { idParam } from '../../platform/validation.ts';
import {
  activityDetailSchema,
  type activitySchema,
  confirmBody,
  type signupSchema,
} from './volunteers.contract.ts';
import {
  checkIn,
  confirmHours,
  getVisibleActivity,
  type listActivities,
  listSignups,
  loadSignup,
  type SignupState,
} from './volunteers.service.ts';

type ActivityRow = Awaited<ReturnType<typeof listActivities>>[number];
type SignupRow = Awaited<ReturnType<typeof listSignups>>[number];
type SignupDto = z.infer<typeof signupSchema>;
type ActivityDto = z.infer<typeof activitySchema>;
type ActivityDetailDto = z.infer<typeof activityDetailSchema>;

const act = actionFor<SignupState, number>();

/**
 * A sign-up's approval (志愿时长认定): signed up → 签到 (check-in) → 确认时长 (hours, and points for a
 * party member through the ledger). The organization's volunteer managers act; the activity's
 * sign-ups carry `abilities` from this table.
 */
export const signupActions = defineActions({
  tags: ['volunteers'],
  objectType: 'volunteer_signup',
  params: idParam.extend({ signupId: z.coerce.number().int().positive() }),
  load: (db, actor, params, { lock }) =>
    loadSignup(db, actor, Number(params.id), Number(params.signupId), lock),
  id: ({ s }) => s.id,
  scope: ({ a }) => a.orgPath,
  reply: async (activityId: number, request: FastifyRequest): Promise<unknown> => ({
    data: await activityDetail(request.server.deps.db, actorOf(request), activityId),
  }),
  response: z.object({ data: activityDetailSchema }),
  actions: {
    checkIn: act({
      title: '签到',
      path: '/volunteer-activities/:id/signups/:signupId/check-in',
      permission: 'volunteers.manage',
      when: ({ s }) => (s.checkedInAt ? '已签到' : null),
      conflictStatus: 409,
      body: noBody,
      run: async (ctx, row) => {
        await checkIn(ctx, row);
        return row.a.id;
      },
      audit: 'volunteers.check_in',
    }),
    confirm: act({
      title: '确认时长',
      path: '/volunteer-activities/:id/signups/:signupId/confirm',
      permission: 'volunteers.manage',
      when: ({ s }) =>
        s.confirmedAt
          ? '时长已确认'
          : s.checkedInAt
            ? null
            : { reason: '未签到的志愿者不能确认时长', field: 'hours', status: 422 },
      conflictStatus: 409,
      body: confirmBody,
      run: async (ctx, row, b) => {
        await confirmHours(ctx, row, b.hours);
        return row.a.id;
      },
      audit: 'volunteers.confirm_hours',
    }),
  },
});

function presentSignup(actor: Actor, a: ActivityRow, manage: boolean, s: SignupRow): SignupDto {
  return {
    id: s.id,
    volunteerName:
      manage || s.userId === actor.user.id ? s.volunteerName : `${s.volunteerName.slice(0, 1)}**`,
    mine: s.userId === actor.user.id,
    signedUpAt: s.signedUpAt.toISOString(),
    checkedInAt: s.checkedInAt?.toISOString() ?? null,
    hours: s.hours === null ? null : Number(s.hours),
    points: s.points === null ? null : Number(s.points),
    pointsNote: s.pointsNote,
    abilities: abilitiesOf(signupActions, actor, { a, s }),
  };
}

/** An activity as the caller sees it, with the caller's own sign-up. */
export function presentActivity(actor: Actor, a: ActivityRow, signups: SignupRow[]): ActivityDto {
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
    mySignup: mine ? presentSignup(actor, a, manage, mine) : null,
    canManage: manage,
  };
}

/** An activity with the sign-ups the caller may see (all for its managers, else their own). */
export async function activityDetail(db: Executor, actor: Actor, id: number): Promise<ActivityDetailDto> {
  const a = await getVisibleActivity(db, actor, id);
  const signups = await listSignups(db, [a.id]);
  const manage = actor.can('volunteers.manage', a.orgPath);
  return {
    ...presentActivity(actor, a, signups),
    signups: signups
      .filter((s) => manage || s.userId === actor.user.id)
      .map((s) => presentSignup(actor, a, manage, s)),
  };
}
