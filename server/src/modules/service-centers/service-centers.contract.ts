import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';

export const ROOM_KINDS = ['activity_room', 'meeting_room', 'library', 'classroom', 'hall'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];
export const BOOKING_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'cancelled',
  'checked_in',
  'no_show',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday); a missing day is closed. */
export const openingHoursSchema = z.partialRecord(
  z.enum(['1', '2', '3', '4', '5', '6', '7']),
  z.tuple([hhmm, hhmm]),
);
export type OpeningHours = z.infer<typeof openingHoursSchema>;
export const catalogueItemSchema = z.object({
  name: z.string().trim().min(1).max(40),
  description: z.string().trim().max(200).optional(),
});
export type CatalogueItem = z.infer<typeof catalogueItemSchema>;

export const roomSchema = z.object({
  id: z.number(),
  centerId: z.number(),
  name: z.string(),
  kind: z.enum(ROOM_KINDS),
  capacity: z.number(),
  requiresApproval: z.boolean(),
  active: z.boolean(),
});

export const centerSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  openingHours: openingHoursSchema,
  catalogue: z.array(catalogueItemSchema),
  noShowGraceMinutes: z.number(),
});
export const centerDetailSchema = centerSchema.extend({
  rooms: z.array(roomSchema),
  abilities: z.object({ manage: z.boolean(), approve: z.boolean(), book: z.boolean() }),
});

export const createCenterBody = z
  .object({
    name: z.string().trim().min(2).max(60),
    address: z.string().trim().max(200).nullish(),
    phone: z.string().trim().max(30).nullish(),
    openingHours: openingHoursSchema,
    catalogue: z.array(catalogueItemSchema.strict()).max(50).default([]),
    noShowGraceMinutes: z.number().int().min(0).max(240).optional(),
  })
  .strict();
export type CreateCenterBody = z.infer<typeof createCenterBody>;

export const createRoomBody = z
  .object({
    name: z.string().trim().min(1).max(40),
    kind: z.enum(ROOM_KINDS),
    capacity: z.number().int().min(1).max(2000),
    requiresApproval: z.boolean().default(true),
  })
  .strict();

export const bookingSchema = z.object({
  id: z.number(),
  roomId: z.number(),
  roomName: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  attendees: z.number(),
  bookedByName: z.string(),
  status: z.enum(BOOKING_STATUSES),
  linkedType: z.enum(['meeting', 'activity']).nullable(),
  linkedId: z.number().nullable(),
  decisionNote: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  /** Booked by the caller (who may cancel it). */
  mine: z.boolean(),
  /** What the caller may do with it now (the action table's checks). */
  abilities: z.object({
    approve: z.boolean(),
    reject: z.boolean(),
    checkIn: z.boolean(),
    noShow: z.boolean(),
    cancel: z.boolean(),
  }),
});

/** A booking may belong to a meeting or an activity (type + id); the room is in the URL. */
export const createBookingBody = z
  .object({
    title: z.string().trim().min(2).max(60),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    attendees: z.number().int().min(1).max(2000),
    linkedType: z.enum(['meeting', 'activity']).optional(),
    linkedId: z.number().int().positive().optional(),
  })
  .strict();
export type CreateBookingBody = z.infer<typeof createBookingBody>;

export const decisionBody = z.object({ note: z.string().trim().max(200).optional() }).strict();
export const bookingsQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
});

const bookingAnswer = z.object({ data: bookingSchema });
const bookingStep = <P extends string>(path: P) =>
  post(path, { body: decisionBody, response: bookingAnswer });

/** The service-centre endpoints the web reads (web/src/modules/service-centers/api.ts). */
export const serviceCentersEndpoints = defineEndpoints({
  list: get('/service-centers', { response: z.object({ data: z.array(centerSchema) }) }),
  get: get('/service-centers/:id', { response: z.object({ data: centerDetailSchema }) }),
  create: post('/orgs/:id/service-centers', {
    body: createCenterBody,
    response: z.object({ data: centerSchema }),
  }),
  addRoom: post('/service-centers/:id/rooms', {
    body: createRoomBody,
    response: z.object({ data: roomSchema }),
  }),
  bookings: get('/service-centers/:id/bookings', {
    query: bookingsQuery,
    response: z.object({ data: z.array(bookingSchema) }),
  }),
  book: post('/service-center-rooms/:id/bookings', { body: createBookingBody, response: bookingAnswer }),
  approve: bookingStep('/room-bookings/:id/approve'),
  reject: bookingStep('/room-bookings/:id/reject'),
  'check-in': bookingStep('/room-bookings/:id/check-in'),
  'no-show': bookingStep('/room-bookings/:id/no-show'),
  cancel: bookingStep('/room-bookings/:id/cancel'),
});
