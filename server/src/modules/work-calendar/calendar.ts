/**
 * Working-day arithmetic over a holiday and make-up-workday calendar (节假日与调休). Pure functions
 * on 'YYYY-MM-DD' strings: no time zones inside, callers convert instants with `localDate`.
 */
import { addDays } from '../../platform/clock.ts';

// China time lives in the platform clock; this module's names for it stay for its callers.
export { addDays, chinaDate as localDate, endOfChinaDay as endOfLocalDay } from '../../platform/clock.ts';

export interface CalendarDay {
  date: string;
  isWorkday: boolean;
  name: string;
}

export interface WorkCalendar {
  /** Days that differ from (or name) the default rule: Monday–Friday work, weekend rest. */
  overrides: ReadonlyMap<string, CalendarDay>;
  /** Years for which an official calendar is loaded; other years use the default rule only. */
  loadedYears: ReadonlySet<number>;
}

export function createCalendar(days: readonly CalendarDay[], years: readonly number[]): WorkCalendar {
  return { overrides: new Map(days.map((d) => [d.date, d])), loadedYears: new Set(years) };
}

export function isWorkday(calendar: WorkCalendar, date: string): boolean {
  const override = calendar.overrides.get(date);
  if (override) return override.isWorkday;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The n-th working day after `date` (the start day itself does not count, like a deadline of
 * "n 个工作日内"). n = 0 returns `date`.
 */
export function addWorkingDays(calendar: WorkCalendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('工作日数必须是非负整数');
  let current = date;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkday(calendar, current)) left -= 1;
  }
  return current;
}

/** Working days in (from, to]: how many working days have passed since `from` by the end of `to`. */
export function workingDaysBetween(calendar: WorkCalendar, from: string, to: string): number {
  if (to <= from) return 0;
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    if (isWorkday(calendar, d)) count += 1;
  }
  return count;
}

/** The years a date range touches: the calendar to load for an arithmetic over it. */
export function yearsOf(from: string, to: string): number[] {
  const a = Number(from.slice(0, 4));
  const b = Number(to.slice(0, 4));
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
