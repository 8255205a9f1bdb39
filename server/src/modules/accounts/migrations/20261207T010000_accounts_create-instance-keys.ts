import { type Kysely, sql } from 'kysely';

// Frozen once merged. The fingerprint (never the key) of the secret that encrypts personal data
// (phones, TOTP secrets, ID numbers, addresses) and keys the blind indexes: start-up and restore
// refuse a key that does not match it (ADR 0008).
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table instance_keys (
      purpose text primary key,
      fingerprint text not null,
      recorded_at timestamptz not null,
      constraint instance_keys_purpose check (purpose in ('field-encryption')),
      constraint instance_keys_fingerprint check (fingerprint ~ '^[0-9a-f]{16}$')
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table instance_keys`.execute(db);
}
