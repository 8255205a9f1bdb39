/** The service-centre client and types, from the server's contract. */
import type { z } from 'zod';
import {
  type BookingStatus,
  type bookingSchema,
  type centerDetailSchema,
  type centerSchema,
  type OpeningHours,
  type RoomKind,
  type roomSchema,
  serviceCentersEndpoints,
} from '../../../../server/src/modules/service-centers/service-centers.contract.ts';
import { createClient } from '../../shared/client.ts';

/** The service-centre client, built from the contract's endpoint table (no hand-written calls). */
export const centersApi = createClient(serviceCentersEndpoints);

export type Center = z.infer<typeof centerSchema>;
export type CenterDetail = z.infer<typeof centerDetailSchema>;
export type Room = z.infer<typeof roomSchema>;
export type Booking = z.infer<typeof bookingSchema>;
export type { BookingStatus, OpeningHours, RoomKind };

export const ROOM_KINDS: readonly RoomKind[] = [
  'activity_room',
  'meeting_room',
  'library',
  'classroom',
  'hall',
];
export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

export const BOOKING_COLORS: Record<BookingStatus, string> = {
  pending: 'gold',
  approved: 'blue',
  rejected: 'default',
  cancelled: 'default',
  checked_in: 'green',
  no_show: 'red',
};

/** Local (Beijing) date and HH:MM of an ISO instant. */
export function localParts(iso: string): { date: string; time: string } {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** The ISO instant of a local (Beijing) date and HH:MM, as the API takes it. */
export function toInstant(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

/** Consecutive weekdays with the same hours are joined: 周一至周五 08:30–20:30. */
export function hoursSummary(hours: OpeningHours, dayName: (d: string) => string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const h = hours[WEEKDAYS[i]];
    if (!h) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < WEEKDAYS.length && hours[WEEKDAYS[j + 1]]?.join() === h.join()) j++;
    const days = i === j ? dayName(WEEKDAYS[i]) : `${dayName(WEEKDAYS[i])}–${dayName(WEEKDAYS[j])}`;
    out.push(`${days} ${h[0]}–${h[1]}`);
    i = j + 1;
  }
  return out;
}
