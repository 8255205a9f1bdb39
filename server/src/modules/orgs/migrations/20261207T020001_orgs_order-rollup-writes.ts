import { type Kysely, sql } from 'kysely';

/**
 * `org_rollups` rows are written in one fixed order (ADR 0010): the statement triggers of
 * `20261122T100000_orgs_org-rollups` (a frozen copy) with `order by org_id, dim, bucket`, so two
 * concurrent organization writes under one district take the shared ancestor rows in the same
 * order instead of deadlocking.
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
     order by 1, 2, 3
    on conflict (org_id, dim, bucket) do update set n = org_rollups.n + excluded.n;`;
}

const COLS = 'path, kind, level, status';

// Frozen once merged.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create or replace function orgs_count_insert() returns trigger language plpgsql as $fn$
    begin
      ${applyChanges(`select ${COLS}, 1 as sign from new_rows`)}
      return null;
    end $fn$;
    create or replace function orgs_count_update() returns trigger language plpgsql as $fn$
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
    create or replace function orgs_count_delete() returns trigger language plpgsql as $fn$
    begin
      ${applyChanges(`select ${COLS}, -1 as sign from old_rows`)}
      return null;
    end $fn$;
  `)
    .execute(db);
}

// The unordered functions of the earlier migration count the same; nothing to undo.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(_db: Kysely<any>): Promise<void> {}
