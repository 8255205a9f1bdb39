import { type Kysely, sql } from 'kysely';

// Frozen once merged. The holiday and make-up-workday calendar (节假日与调休), one row per year and
// one row per day that differs from the Monday–Friday rule.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table work_calendar_years (
      year integer primary key check (year between 2000 and 2100),
      source text not null,
      loaded_at timestamptz not null default now(),
      loaded_by integer
    );
    create table work_calendar_days (
      day date primary key,
      year integer not null references work_calendar_years (year) on delete cascade,
      is_workday boolean not null,
      name text not null,
      constraint work_calendar_days_year check (extract(year from day) = year)
    );
    create index work_calendar_days_year_idx on work_calendar_days (year);
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table work_calendar_days; drop table work_calendar_years;`.execute(db);
}
