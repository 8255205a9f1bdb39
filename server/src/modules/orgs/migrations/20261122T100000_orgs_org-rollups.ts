import { type Kysely, sql } from 'kysely';

/**
 * Subtree counts of active organizations per kind and per level (org_rollups), read by the
 * cockpit instead of counting the subtree (60,000 organizations in a large city). Every active
 * organization counts for itself and each of its ancestors. Statement triggers keep the counts in
 * step in the writing transaction: an update subtracts what the old rows counted and adds what the
 * new rows count, which covers renames of kind or level, closing, reopening and subtree moves
 * (a move rewrites the paths of every moved row).
 */
function applyChanges(source: string): string {
  return `
    insert into org_rollups (org_id, dim, bucket, n)
    select a.id, d.dim, d.bucket, sum(c.sign)
      from (${source}) c
      cross join lateral unnest(string_to_array(trim(both '/' from c.path), '/')::int[]) a(id)
      cross join lateral (values ('all', 'all'), ('kind', c.kind), ('level', c.level)) d(dim, bucket)
     where c.status = 'active' and d.bucket is not null
     group by a.id, d.dim, d.bucket
    having sum(c.sign) <> 0
    on conflict (org_id, dim, bucket) do update set n = org_rollups.n + excluded.n;`;
}

const COLS = 'path, kind, level, status';

// Frozen once merged.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table org_rollups (
      org_id integer not null references orgs (id) on delete cascade,
      dim text not null,
      bucket text not null,
      n bigint not null,
      primary key (org_id, dim, bucket)
    );
  `.execute(db);
  await sql
    .raw(`
    create function orgs_count_insert() returns trigger language plpgsql as $fn$
    begin
      ${applyChanges(`select ${COLS}, 1 as sign from new_rows`)}
      return null;
    end $fn$;
    create function orgs_count_update() returns trigger language plpgsql as $fn$
    begin
      ${applyChanges(`
        select n.path, n.kind, n.level, n.status, 1 as sign
          from new_rows n join old_rows o on o.id = n.id
         where (n.path, n.kind, n.level, n.status) is distinct from (o.path, o.kind, o.level, o.status)
        union all
        select o.path, o.kind, o.level, o.status, -1 as sign
          from old_rows o join new_rows n on n.id = o.id
         where (n.path, n.kind, n.level, n.status) is distinct from (o.path, o.kind, o.level, o.status)`)}
      return null;
    end $fn$;
    create function orgs_count_delete() returns trigger language plpgsql as $fn$
    begin
      ${applyChanges(`select ${COLS}, -1 as sign from old_rows`)}
      return null;
    end $fn$;
    create trigger orgs_count_insert after insert on orgs
      referencing new table as new_rows for each statement execute function orgs_count_insert();
    create trigger orgs_count_update after update on orgs
      referencing old table as old_rows new table as new_rows for each statement execute function orgs_count_update();
    create trigger orgs_count_delete after delete on orgs
      referencing old table as old_rows for each statement execute function orgs_count_delete();

    insert into org_rollups (org_id, dim, bucket, n)
    select a.id, d.dim, d.bucket, count(*)
      from orgs c
      cross join lateral unnest(string_to_array(trim(both '/' from c.path), '/')::int[]) a(id)
      cross join lateral (values ('all', 'all'), ('kind', c.kind), ('level', c.level)) d(dim, bucket)
     where c.status = 'active' and d.bucket is not null
     group by a.id, d.dim, d.bucket;
  `)
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger orgs_count_insert on orgs;
    drop trigger orgs_count_update on orgs;
    drop trigger orgs_count_delete on orgs;
    drop function orgs_count_insert();
    drop function orgs_count_update();
    drop function orgs_count_delete();
    drop table org_rollups;
  `.execute(db);
}
