import { type Kysely, sql } from 'kysely';

/**
 * Idempotency keys of creating requests (security.md REL-04), shared by every module through
 * `platform/idempotency.ts`: (user, scope, key) → request hash and the id of what the first
 * request created, for 24 hours. Organization and member creates use it first. It lives in the
 * orgs migrations because the platform has no migration folder of its own.
 */
// Frozen once merged.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table idempotency_keys (
      user_id integer not null,
      scope text not null,
      idempotency_key text not null check (length(idempotency_key) between 1 and 255),
      request_hash text not null,
      object_id integer not null,
      created_at timestamptz not null,
      primary key (user_id, scope, idempotency_key)
    );
    create index idempotency_keys_created_idx on idempotency_keys (created_at);
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table idempotency_keys`.execute(db);
}
