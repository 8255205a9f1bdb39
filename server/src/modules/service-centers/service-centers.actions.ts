import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { stepsOf } from '../../platform/action-steps.ts';
import { type ActionContext, abilitiesOf, defineActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http.ts';
import { roleHas } from '../../platform/permissions.ts';
import { type BookingStatus, bookingSchema, decisionBody } from './service-centers.contract.ts';
import { transitionBooking } from './service-centers.service.ts';

/**
 * Whether a centre serves the caller for `permission`: it stands where they live or work (at or
 * above an organization they hold the permission on) or inside the subtree they look after.
 */
export function serves(
  actor: Actor,
  permission: 'service_centers.read' | 'service_centers.book',
  centerPath: string,
): boolean {
  return actor.grants.some(
    (g) =>
      roleHas(g.role, permission) && (g.orgPath.startsWith(centerPath) || centerPath.startsWith(g.orgPath)),
  );
}

/** The organization paths at or above each grant holding `permission` (the centres serving the caller). */
export function servingPaths(actor: Actor, permission: 'service_centers.read'): string[] {
  const out = new Set<string>();
  for (const g of actor.grants) {
    if (!roleHas(g.role, permission)) continue;
    const ids = g.orgPath.split('/').filter(Boolean);
    for (let i = 1; i <= ids.length; i++) out.add(`/${ids.slice(0, i).join('/')}/`);
  }
  return [...out];
}

export function bookings(db: Executor) {
  return db
    .selectFrom('roomBookings as b')
    .innerJoin('serviceCenterRooms as r', 'r.id', 'b.roomId')
    .innerJoin('serviceCenters as c', 'c.id', 'r.centerId')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .innerJoin('users as u', 'u.id', 'b.bookedBy')
    .select([
      'b.id',
      'b.roomId',
      'r.name as roomName',
      'b.title',
      'b.startsAt',
      'b.endsAt',
      'b.attendees',
      'u.displayName as bookedByName',
      'b.bookedBy',
      'b.status',
      'b.linkedType',
      'b.linkedId',
      'b.decisionNote',
      'b.checkedInAt',
      'o.path as orgPath',
      'c.noShowGraceMinutes',
    ]);
}

export type BookingRow = NonNullable<Awaited<ReturnType<ReturnType<typeof bookings>['executeTakeFirst']>>>;
/** A booking as the action table sees it: with the instant it was loaded (check-in and no-show are timed). */
export type BookingActionRow = BookingRow & { asOf: Date };

const from =
  (...states: BookingStatus[]) =>
  (row: BookingActionRow) =>
    states.includes(row.status) ? null : '预约当前状态不允许此操作';

const run =
  (transition: 'approve' | 'reject' | 'cancel' | 'check_in' | 'no_show') =>
  async (ctx: ActionContext, row: BookingActionRow, body: z.infer<typeof decisionBody>) => {
    await transitionBooking(
      { trx: ctx.trx, audit: ctx.audit, now: ctx.now, userId: ctx.actor.user.id },
      row,
      transition,
      body.note ?? null,
    );
    return row.id;
  };

export function presentBooking(b: BookingRow, actor: Actor, now: Date) {
  const approver = actor.can('service_centers.approve', b.orgPath);
  return {
    id: b.id,
    roomId: b.roomId,
    roomName: b.roomName,
    title: b.title,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    attendees: b.attendees,
    // Others see when a room is taken, not who booked it.
    bookedByName: approver || b.bookedBy === actor.user.id ? b.bookedByName : '—',
    status: b.status,
    linkedType: b.linkedType,
    linkedId: b.linkedId,
    decisionNote: b.decisionNote,
    checkedInAt: b.checkedInAt?.toISOString() ?? null,
    mine: b.bookedBy === actor.user.id,
    abilities: abilitiesOfBooking(actor, { ...b, asOf: now }),
  };
}

async function reply(id: number, request: FastifyRequest) {
  const { db, clock } = request.server.deps;
  const actor = actorOf(request);
  const row = (await bookings(db).where('b.id', '=', id).executeTakeFirst())!;
  return { data: presentBooking(row, actor, clock.now()) };
}

const step = stepsOf<BookingActionRow, number>({ path: '/room-bookings/:id/' });
const approver = stepsOf<BookingActionRow, number>({
  path: '/room-bookings/:id/',
  permission: 'service_centers.approve',
});

/**
 * A room booking's workflow: pending → approved | rejected; approved → checked in (from 30
 * minutes before the start) | no-show (after the grace period); the booker (or an approver)
 * cancels while it is pending or approved.
 */
export const bookingActions = defineActions({
  tags: ['service-centers'],
  objectType: 'room_booking',
  load: async (db, actor, params, { lock, now }) => {
    const id = Number(params.id);
    if (lock) await db.selectFrom('roomBookings').select('id').where('id', '=', id).forUpdate().execute();
    const row = await bookings(db).where('b.id', '=', id).executeTakeFirst();
    if (!row || !(serves(actor, 'service_centers.read', row.orgPath) || row.bookedBy === actor.user.id)) {
      throw new NotFoundError('预约不存在或无权访问');
    }
    return { ...row, asOf: now ?? new Date() };
  },
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply,
  response: z.object({ data: bookingSchema }),
  actions: {
    approve: approver({
      title: '批准',
      path: 'approve',
      when: from('pending'),
      body: decisionBody,
      run: run('approve'),
      audit: 'service_centers.approve',
    }),
    reject: approver({
      title: '驳回',
      path: 'reject',
      when: from('pending'),
      body: decisionBody,
      run: run('reject'),
      audit: 'service_centers.reject',
    }),
    checkIn: approver({
      title: '签到',
      path: 'check-in',
      when: (row) =>
        from('approved')(row) ??
        (row.asOf.getTime() < row.startsAt.getTime() - 30 * 60_000 || row.asOf > row.endsAt
          ? '只能在开始前 30 分钟至结束前签到'
          : null),
      body: decisionBody,
      run: run('check_in'),
      audit: 'service_centers.check_in',
    }),
    noShow: approver({
      title: '记为爽约',
      path: 'no-show',
      when: (row) =>
        from('approved')(row) ??
        (row.asOf.getTime() < row.startsAt.getTime() + row.noShowGraceMinutes * 60_000
          ? `开始 ${row.noShowGraceMinutes} 分钟后仍未签到才能记为爽约`
          : null),
      body: decisionBody,
      run: run('no_show'),
      audit: 'service_centers.no_show',
    }),
    cancel: step({
      title: '取消预约',
      path: 'cancel',
      permission: 'authenticated',
      allowed: (actor, row) =>
        row.bookedBy === actor.user.id || actor.can('service_centers.approve', row.orgPath)
          ? null
          : '只能取消自己的预约',
      when: from('pending', 'approved'),
      body: decisionBody,
      run: run('cancel'),
      audit: 'service_centers.cancel',
    }),
  },
});

/** The booking's abilities from the same checks as its routes. */
function abilitiesOfBooking(actor: Actor, row: BookingActionRow) {
  return abilitiesOf(bookingActions, actor, row);
}
