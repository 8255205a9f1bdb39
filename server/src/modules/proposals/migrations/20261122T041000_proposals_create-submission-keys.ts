import { type Kysely, sql } from 'kysely';

/**
 * Idempotency keys for proposal submission (security.md REL-04): a retry with the same
 * `Idempotency-Key` from the same user replays the first answer instead of creating a second
 * proposal. The unique constraint serialises two concurrent attempts with one key.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table proposal_submission_keys (
      user_id integer not null references users (id),
      idempotency_key text not null check (length(idempotency_key) between 1 and 255),
      request_hash text not null,
      proposal_id integer not null references proposals (id),
      created_at timestamptz not null,
      primary key (user_id, idempotency_key)
    );
    create index proposal_submission_keys_created_at on proposal_submission_keys (created_at);
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table proposal_submission_keys`.execute(db);
}
