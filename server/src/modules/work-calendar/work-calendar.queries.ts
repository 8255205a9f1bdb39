import type { Executor } from '../../platform/db.ts';
import { type CalendarDay, createCalendar, type WorkCalendar } from './calendar.ts';

/** The calendar for the given years (a working-day computation loads the years it spans). */
export async function loadWorkCalendar(db: Executor, years: readonly number[]): Promise<WorkCalendar> {
  if (years.length === 0) return createCalendar([], []);
  const loaded = await db
    .selectFrom('workCalendarYears')
    .select('year')
    .where('year', 'in', [...years])
    .execute();
  const days = await db
    .selectFrom('workCalendarDays')
    .select(['day as date', 'isWorkday', 'name'])
    .where('year', 'in', [...years])
    .execute();
  return createCalendar(
    days,
    loaded.map((r) => r.year),
  );
}

export async function findCalendarYears(db: Executor) {
  return db
    .selectFrom('workCalendarYears as y')
    .select(['y.year', 'y.source', 'y.loadedAt'])
    .select((eb) =>
      eb
        .selectFrom('workCalendarDays as d')
        .whereRef('d.year', '=', 'y.year')
        .select(eb.fn.countAll<number>().as('n'))
        .as('dayCount'),
    )
    .orderBy('y.year')
    .execute();
}

export async function getCalendarYear(db: Executor, year: number) {
  const row = await db
    .selectFrom('workCalendarYears')
    .select(['year', 'source', 'loadedAt'])
    .where('year', '=', year)
    .executeTakeFirst();
  if (!row) return undefined;
  const days: CalendarDay[] = await db
    .selectFrom('workCalendarDays')
    .select(['day as date', 'isWorkday', 'name'])
    .where('year', '=', year)
    .orderBy('day')
    .execute();
  return { ...row, days };
}
