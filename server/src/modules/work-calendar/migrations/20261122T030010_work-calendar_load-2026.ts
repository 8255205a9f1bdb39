import type { Kysely } from 'kysely';
import calendar2026 from '../data/cn-2026.json' with { type: 'json' };

// Frozen once merged. Loads the State Council's 2026 holiday arrangement (see data/README.md).
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto('work_calendar_years')
    .values({ year: calendar2026.year, source: calendar2026.source, loaded_by: null })
    .execute();
  await db
    .insertInto('work_calendar_days')
    .values(
      calendar2026.days.map((d) => ({
        day: d.date,
        year: calendar2026.year,
        is_workday: d.isWorkday,
        name: d.name,
      })),
    )
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('work_calendar_years').where('year', '=', calendar2026.year).execute();
}
