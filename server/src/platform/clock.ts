/** The one source of "now" for the server. Tests pass a fake clock to move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for lockout, idle timeout and calendar tests. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-11-21T09:00:00+08:00') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
  advanceDays(days: number): void {
    this.current += days * 86_400_000;
  }
}

/*
 * China time. Calendar days, opening hours and deadlines are in Asia/Shanghai, which has been
 * UTC+8 all year since 1991 (no daylight saving): a fixed offset is exact and needs no ICU data.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The instant shifted so that its UTC fields read as China wall-clock time. */
function chinaWallClock(at: Date): Date {
  return new Date(at.getTime() + CHINA_OFFSET_MS);
}

/** The calendar date in China at an instant, 'YYYY-MM-DD': "today" is `chinaDate(clock.now())`. */
export function chinaDate(at: Date): string {
  return chinaWallClock(at).toISOString().slice(0, 10);
}

/** The wall-clock time in China at an instant, 'HH:MM'. */
export function chinaTime(at: Date): string {
  return chinaWallClock(at).toISOString().slice(11, 16);
}

/** Date and time in China at an instant, 'YYYY-MM-DD HH:mm:ss' (audit rows, exports). */
export function chinaDateTime(at: Date): string {
  return chinaWallClock(at).toISOString().slice(0, 19).replace('T', ' ');
}

/** The ISO weekday in China at an instant: 1 = Monday … 7 = Sunday. */
export function chinaWeekday(at: Date): number {
  const day = chinaWallClock(at).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The instant a China calendar date begins (00:00 CST). */
export function startOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS);
}

/** The last instant of a China calendar date (23:59:59.999 CST). */
export function endOfChinaDay(date: string): Date {
  return new Date(startOfChinaDay(date).getTime() + DAY_MS - 1);
}

/** A calendar date moved by whole days: addDays('2026-02-28', 1) = '2026-03-01'. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
