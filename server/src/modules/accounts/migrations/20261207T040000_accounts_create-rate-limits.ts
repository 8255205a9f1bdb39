import { type Kysely, sql } from 'kysely';

/**
 * Fixed-window request counters shared by every app process: one row per (bucket, key), e.g.
 * ('login', client IP), ('session', session id), ('api_key', key id). One upsert per request.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rate_limits (
      bucket text not null,
      key text not null,
      window_start timestamptz not null,
      hits integer not null,
      primary key (bucket, key)
    );
    create index rate_limits_window_idx on rate_limits (window_start);
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table rate_limits;`.execute(db);
}
