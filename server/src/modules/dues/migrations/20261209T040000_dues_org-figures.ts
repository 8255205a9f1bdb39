import { type Kysely, sql } from 'kysely';

// Frozen once merged. The dues figures of each organization's own members as of a month (members
// in the register, in arrears, flagged, months unpaid, paid for that month): the district's
// figures add up these rows per child organization instead of computing every member's arrears
// on each read. Refreshed by the module (a member's organization on each dues write; a subtree
// when its rows are of an older month or no longer count its members).
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dues_org_figures (
      org_id integer primary key references orgs (id) on delete cascade,
      as_of date not null,
      members integer not null,
      owing integer not null,
      flagged integer not null,
      months_unpaid integer not null,
      paid_last_month integer not null,
      computed_at timestamptz not null default now()
    );
    create index dues_payments_org_month_idx on dues_payments (org_id, month);
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index dues_payments_org_month_idx;
    drop table dues_org_figures;
  `.execute(db);
}
