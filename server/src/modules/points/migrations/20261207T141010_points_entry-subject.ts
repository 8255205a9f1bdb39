import { type Kysely, sql } from 'kysely';

/**
 * What each points entry was for: `subject` (e.g. the meeting's type and topic) and `for_date`
 * (the day the points are for, e.g. the meeting's date), besides `at` (when it was written).
 * Existing meeting entries take their meeting's topic and date; the others the day they were written.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('points_entries').addColumn('subject', 'text').execute();
  await db.schema.alterTable('points_entries').addColumn('for_date', 'date').execute();
  await sql`
    update points_entries e set subject = m.topic, for_date = m.held_on
      from org_life_meetings m
     where e.source_type = 'org_life_meeting' and e.source_id = m.id::text
  `.execute(db);
  await sql`
    update points_entries set for_date = (at at time zone 'Asia/Shanghai')::date where for_date is null
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('points_entries').dropColumn('for_date').execute();
  await db.schema.alterTable('points_entries').dropColumn('subject').execute();
}
