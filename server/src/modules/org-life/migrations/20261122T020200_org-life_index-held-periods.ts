import { type Kysely, sql } from 'kysely';

// Frozen once merged. Compliance reads one period of every branch in a subtree: look the period up
// first (a few thousand rows per district), then the organizations by key.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index org_life_held_counts_period_idx on org_life_held_counts (frequency, period_start, type_code)`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index org_life_held_counts_period_idx`.execute(db);
}
