import { updateAudited } from '../../platform/audited.ts';
import { chinaDate, chinaTime, chinaWeekday } from '../../platform/clock.ts';
import type { Trx } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import type { BookingStatus, CreateBookingBody, OpeningHours } from './service-centers.contract.ts';

export interface CenterContext {
  trx: Trx;
  audit: AuditFn;
  now: Date;
  userId: number;
}

/** Local (CST) 'HH:MM' and ISO weekday of an instant. */
function localClock(at: Date): { date: string; time: string; weekday: string } {
  return { date: chinaDate(at), time: chinaTime(at), weekday: String(chinaWeekday(at)) };
}

/** A booking lies inside one day's opening hours. */
export function withinOpeningHours(hours: OpeningHours, startsAt: Date, endsAt: Date): boolean {
  const a = localClock(startsAt);
  const b = localClock(endsAt);
  const open = hours[a.weekday as keyof OpeningHours];
  if (!open || a.date !== b.date) return false;
  return a.time >= open[0] && b.time <= open[1];
}

const HOLDING: readonly BookingStatus[] = ['pending', 'approved', 'checked_in'];

/** Book a room: capacity, opening hours, and no overlap with a live booking (row lock on the room). */
export async function createBooking(
  ctx: CenterContext,
  room: {
    id: number;
    capacity: number;
    requiresApproval: boolean;
    active: boolean;
    openingHours: OpeningHours;
  },
  body: CreateBookingBody,
) {
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (!room.active) throw new ValidationError({ roomId: '该场室已停用' });
  if (endsAt <= startsAt) throw new ValidationError({ endsAt: '结束时间必须晚于开始时间' });
  if (startsAt < ctx.now) throw new ValidationError({ startsAt: '不能预约已经过去的时间' });
  if (body.attendees > room.capacity) {
    throw new ValidationError({ attendees: `人数超过场室容量（${room.capacity} 人）` });
  }
  if ((body.linkedType === undefined) !== (body.linkedId === undefined)) {
    throw new ValidationError({ linkedId: '关联会议或活动时需同时填写类型和编号' });
  }
  if (!withinOpeningHours(room.openingHours, startsAt, endsAt)) {
    throw new ValidationError({ startsAt: '预约时间不在服务中心开放时间内' });
  }
  await ctx.trx.selectFrom('serviceCenterRooms').select('id').where('id', '=', room.id).forUpdate().execute();
  const clash = await ctx.trx
    .selectFrom('roomBookings')
    .select(['id', 'title', 'startsAt', 'endsAt'])
    .where('roomId', '=', room.id)
    .where('status', 'in', [...HOLDING])
    .where('startsAt', '<', endsAt)
    .where('endsAt', '>', startsAt)
    .executeTakeFirst();
  if (clash) {
    throw new ConflictError('该时段已被预约', {
      startsAt: `与“${clash.title}”（${localClock(clash.startsAt).time}–${localClock(clash.endsAt).time}）时间冲突`,
    });
  }
  const row = await ctx.trx
    .insertInto('roomBookings')
    .values({
      roomId: room.id,
      title: body.title,
      startsAt,
      endsAt,
      attendees: body.attendees,
      bookedBy: ctx.userId,
      status: room.requiresApproval ? 'pending' : 'approved',
      linkedType: body.linkedType ?? null,
      linkedId: body.linkedId ?? null,
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      checkedInAt: null,
      createdAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({ action: 'service_centers.book', objectType: 'room_booking', objectId: row.id });
  return row.id;
}

type Transition = 'approve' | 'reject' | 'cancel' | 'check_in' | 'no_show';
const TO: Record<Transition, BookingStatus> = {
  approve: 'approved',
  reject: 'rejected',
  cancel: 'cancelled',
  check_in: 'checked_in',
  no_show: 'no_show',
};

/**
 * Move a booking on (approval, rejection, cancellation, check-in, no-show). The action table
 * (service-centers.actions.ts) has checked the state and the time on the locked row.
 */
export async function transitionBooking(
  ctx: CenterContext,
  booking: { id: number; status: BookingStatus },
  transition: Transition,
  note: string | null,
) {
  await updateAudited(
    ctx,
    'roomBookings',
    booking.id,
    {
      status: TO[transition],
      ...(transition === 'check_in'
        ? { checkedInAt: ctx.now }
        : { decidedBy: ctx.userId, decidedAt: ctx.now, decisionNote: note }),
    },
    {
      action: `service_centers.${transition}`,
      objectType: 'room_booking',
      detail: { from: booking.status, to: TO[transition] },
    },
  );
}
