import { type Kysely, sql } from 'kysely';

// Frozen once merged. Which to-do items a person has seen: the header badge counts the others.
// An item's key names its source, record and state (`org-life.to-record:12`), so a record whose
// state changes comes back unread. Rows belong to one account and go with it.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notification_reads (
      user_id integer not null references users (id) on delete cascade,
      item_key text not null check (length(item_key) between 1 and 200),
      read_at timestamptz not null,
      primary key (user_id, item_key)
    )
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table notification_reads`.execute(db);
}
