import { type Kysely, sql } from 'kysely';

/**
 * Supervision rollup rows are written in one fixed order (ADR 0010), like member_rollups and
 * org_rollups: the trigger functions of `20261122T100500_org-life_create-compliance-rollups`
 * (a frozen copy) with `order by` on the key of every upsert, so two concurrent writes under one
 * district (organization creates, signings) take the shared ancestor rows in the same order.
 */
const BRANCH_KINDS = `('branch', 'general_branch')`;
const OFF = `coalesce(current_setting('jiceng.org_life_rollups_off', true), '') = 'on'`;
const ANCESTORS = (path: string) =>
  `cross join lateral unnest(string_to_array(trim(both '/' from ${path}), '/')::int[]) a(id)`;

/** Add signed histogram rows `(org_id, frequency, period_start, type_code, held_count, sign)` under each ancestor. */
function applyHeld(source: string): string {
  return `
    insert into org_life_held_rollups (org_id, frequency, period_start, type_code, kind, held_count, n)
    select a.id, c.frequency, c.period_start, c.type_code, o.kind, c.held_count, sum(c.sign)
      from (${source}) c
      join orgs o on o.id = c.org_id and o.status = 'active' and o.kind in ${BRANCH_KINDS}
      ${ANCESTORS('o.path')}
     group by 1, 2, 3, 4, 5, 6
    having sum(c.sign) <> 0
     order by 1, 2, 3, 4, 5, 6
    on conflict (org_id, frequency, period_start, type_code, kind, held_count)
    do update set n = org_life_held_rollups.n + excluded.n;`;
}

const HELD_COLS = 'org_id, frequency, period_start, type_code, held_count';

/**
 * An organization's own contribution `(id, path, kind, sign)` taken from or given to each ancestor
 * on its path: one branch of its kind, and its held-count histogram rows.
 */
function applyOrgs(source: string): string {
  return `
    insert into org_life_branch_rollups (org_id, kind, n)
    select a.id, c.kind, sum(c.sign)
      from (${source}) c
      ${ANCESTORS('c.path')}
     group by 1, 2
    having sum(c.sign) <> 0
     order by 1, 2
    on conflict (org_id, kind) do update set n = org_life_branch_rollups.n + excluded.n;
    insert into org_life_held_rollups (org_id, frequency, period_start, type_code, kind, held_count, n)
    select a.id, h.frequency, h.period_start, h.type_code, c.kind, h.held_count, sum(c.sign)
      from (${source}) c
      join org_life_held_counts h on h.org_id = c.id
      ${ANCESTORS('c.path')}
     group by 1, 2, 3, 4, 5, 6
    having sum(c.sign) <> 0
     order by 1, 2, 3, 4, 5, 6
    on conflict (org_id, frequency, period_start, type_code, kind, held_count)
    do update set n = org_life_held_rollups.n + excluded.n;`;
}

// Frozen once merged.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create or replace function org_life_held_rollup_insert() returns trigger language plpgsql as $fn$
    begin
      if ${OFF} then return null; end if;
      ${applyHeld(`select ${HELD_COLS}, 1 as sign from new_rows`)}
      return null;
    end $fn$;
    create or replace function org_life_held_rollup_update() returns trigger language plpgsql as $fn$
    begin
      if ${OFF} then return null; end if;
      ${applyHeld(`select ${HELD_COLS}, 1 as sign from new_rows union all select ${HELD_COLS}, -1 as sign from old_rows`)}
      return null;
    end $fn$;
    create or replace function org_life_held_rollup_delete() returns trigger language plpgsql as $fn$
    begin
      if ${OFF} then return null; end if;
      ${applyHeld(`select ${HELD_COLS}, -1 as sign from old_rows`)}
      return null;
    end $fn$;

    create or replace function org_life_orgs_rollup_insert() returns trigger language plpgsql as $fn$
    begin
      ${applyOrgs(`select id, path, kind, 1 as sign from new_rows where status = 'active' and kind in ${BRANCH_KINDS}`)}
      return null;
    end $fn$;
    create or replace function org_life_orgs_rollup_delete() returns trigger language plpgsql as $fn$
    begin
      ${applyOrgs(`select id, path, kind, -1 as sign from old_rows where status = 'active' and kind in ${BRANCH_KINDS}`)}
      delete from org_life_branch_rollups where org_id in (select id from old_rows);
      delete from org_life_held_rollups where org_id in (select id from old_rows);
      return null;
    end $fn$;
    -- 1. An organization closed, reopened or re-kinded changes its own contribution (at its old path).
    -- 2. A moved subtree takes its totals from its old ancestors to its new ones (as orgs_rollup_move).
    create or replace function org_life_orgs_rollup_update() returns trigger language plpgsql as $fn$
    declare r record;
    begin
      ${applyOrgs(`
        select o.id, o.path, o.kind, -1 as sign
          from old_rows o join new_rows n on n.id = o.id
         where (o.status, o.kind) is distinct from (n.status, n.kind)
           and o.status = 'active' and o.kind in ${BRANCH_KINDS}
        union all
        select o.id, o.path, n.kind, 1 as sign
          from old_rows o join new_rows n on n.id = o.id
         where (o.status, o.kind) is distinct from (n.status, n.kind)
           and n.status = 'active' and n.kind in ${BRANCH_KINDS}`)}
      for r in
        select o.id, o.path as old_path, n.path as new_path
          from old_rows o join new_rows n on n.id = o.id
         where o.path <> n.path
           and not exists (
             select 1 from old_rows p join new_rows q on q.id = p.id
              where p.path <> q.path and p.id <> o.id and o.path like p.path || '%')
         order by o.id
      loop
        insert into org_life_branch_rollups (org_id, kind, n)
        select a.id, b.kind, sum(b.n * s.sign)
          from org_life_branch_rollups b
          cross join lateral (values (r.old_path, -1), (r.new_path, 1)) s(path, sign)
          ${ANCESTORS('s.path')}
         where b.org_id = r.id and a.id <> r.id and b.n <> 0
         group by 1, 2
        having sum(b.n * s.sign) <> 0
         order by 1, 2
        on conflict (org_id, kind) do update set n = org_life_branch_rollups.n + excluded.n;
        insert into org_life_held_rollups (org_id, frequency, period_start, type_code, kind, held_count, n)
        select a.id, h.frequency, h.period_start, h.type_code, h.kind, h.held_count, sum(h.n * s.sign)
          from org_life_held_rollups h
          cross join lateral (values (r.old_path, -1), (r.new_path, 1)) s(path, sign)
          ${ANCESTORS('s.path')}
         where h.org_id = r.id and a.id <> r.id and h.n <> 0
         group by 1, 2, 3, 4, 5, 6
        having sum(h.n * s.sign) <> 0
         order by 1, 2, 3, 4, 5, 6
        on conflict (org_id, frequency, period_start, type_code, kind, held_count)
        do update set n = org_life_held_rollups.n + excluded.n;
      end loop;
      return null;
    end $fn$;
  `)
    .execute(db);
}

// The unordered functions of the earlier migration count the same; nothing to undo.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(_db: Kysely<any>): Promise<void> {}
