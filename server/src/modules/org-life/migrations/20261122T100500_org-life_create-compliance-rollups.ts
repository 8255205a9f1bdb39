import { type Kysely, sql } from 'kysely';

// Frozen once merged. Subtree rollups for supervision (督导): for every organization, how many
// active branches of each kind lie in its subtree (itself included), and for every (frequency,
// period start, type, kind) how many of them held a given number of signed meetings in that period
// (a histogram of org_life_held_counts.held_count). Statement triggers keep both in step inside the
// writing transaction: changes to org_life_held_counts (signing), and organizations created,
// moved, closed, reopened, re-kinded or deleted. A period's ok / due / overdue counts for any
// subtree are then read from a few rows whatever the number of branches (see summary.ts). No
// foreign keys to orgs: a deleted organization's own rows go with it.

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
    on conflict (org_id, kind) do update set n = org_life_branch_rollups.n + excluded.n;
    insert into org_life_held_rollups (org_id, frequency, period_start, type_code, kind, held_count, n)
    select a.id, h.frequency, h.period_start, h.type_code, c.kind, h.held_count, sum(c.sign)
      from (${source}) c
      join org_life_held_counts h on h.org_id = c.id
      ${ANCESTORS('c.path')}
     group by 1, 2, 3, 4, 5, 6
    having sum(c.sign) <> 0
    on conflict (org_id, frequency, period_start, type_code, kind, held_count)
    do update set n = org_life_held_rollups.n + excluded.n;`;
}

/** Full recount from org_life_held_counts and orgs (the migration's backfill; also used by repairs). */
export const RECOUNT_SQL = `
    delete from org_life_branch_rollups;
    delete from org_life_held_rollups;
    insert into org_life_branch_rollups (org_id, kind, n)
    select a.id, o.kind, count(*)
      from orgs o
      ${ANCESTORS('o.path')}
     where o.status = 'active' and o.kind in ${BRANCH_KINDS}
     group by 1, 2;
    insert into org_life_held_rollups (org_id, frequency, period_start, type_code, kind, held_count, n)
    select a.id, h.frequency, h.period_start, h.type_code, o.kind, h.held_count, count(*)
      from org_life_held_counts h
      join orgs o on o.id = h.org_id and o.status = 'active' and o.kind in ${BRANCH_KINDS}
      ${ANCESTORS('o.path')}
     group by 1, 2, 3, 4, 5, 6;`;

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table org_life_branch_rollups (
      org_id integer not null,
      kind text not null,
      n bigint not null,
      primary key (org_id, kind)
    );
    create table org_life_held_rollups (
      org_id integer not null,
      frequency text not null,
      period_start date not null,
      type_code text not null,
      kind text not null,
      held_count integer not null,
      n bigint not null,
      primary key (org_id, frequency, period_start, type_code, kind, held_count)
    );

    create function org_life_held_rollup_insert() returns trigger language plpgsql as $fn$
    begin
      if ${OFF} then return null; end if;
      ${applyHeld(`select ${HELD_COLS}, 1 as sign from new_rows`)}
      return null;
    end $fn$;
    create function org_life_held_rollup_update() returns trigger language plpgsql as $fn$
    begin
      if ${OFF} then return null; end if;
      ${applyHeld(`select ${HELD_COLS}, 1 as sign from new_rows union all select ${HELD_COLS}, -1 as sign from old_rows`)}
      return null;
    end $fn$;
    create function org_life_held_rollup_delete() returns trigger language plpgsql as $fn$
    begin
      if ${OFF} then return null; end if;
      ${applyHeld(`select ${HELD_COLS}, -1 as sign from old_rows`)}
      return null;
    end $fn$;
    create trigger org_life_held_rollup_insert after insert on org_life_held_counts
      referencing new table as new_rows for each statement execute function org_life_held_rollup_insert();
    create trigger org_life_held_rollup_update after update on org_life_held_counts
      referencing old table as old_rows new table as new_rows for each statement execute function org_life_held_rollup_update();
    create trigger org_life_held_rollup_delete after delete on org_life_held_counts
      referencing old table as old_rows for each statement execute function org_life_held_rollup_delete();

    create function org_life_orgs_rollup_insert() returns trigger language plpgsql as $fn$
    begin
      ${applyOrgs(`select id, path, kind, 1 as sign from new_rows where status = 'active' and kind in ${BRANCH_KINDS}`)}
      return null;
    end $fn$;
    create function org_life_orgs_rollup_delete() returns trigger language plpgsql as $fn$
    begin
      ${applyOrgs(`select id, path, kind, -1 as sign from old_rows where status = 'active' and kind in ${BRANCH_KINDS}`)}
      delete from org_life_branch_rollups where org_id in (select id from old_rows);
      delete from org_life_held_rollups where org_id in (select id from old_rows);
      return null;
    end $fn$;
    -- 1. An organization closed, reopened or re-kinded changes its own contribution (at its old path).
    -- 2. A moved subtree takes its totals from its old ancestors to its new ones (as orgs_rollup_move).
    create function org_life_orgs_rollup_update() returns trigger language plpgsql as $fn$
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
      loop
        insert into org_life_branch_rollups (org_id, kind, n)
        select a.id, b.kind, sum(b.n * s.sign)
          from org_life_branch_rollups b
          cross join lateral (values (r.old_path, -1), (r.new_path, 1)) s(path, sign)
          ${ANCESTORS('s.path')}
         where b.org_id = r.id and a.id <> r.id and b.n <> 0
         group by 1, 2
        having sum(b.n * s.sign) <> 0
        on conflict (org_id, kind) do update set n = org_life_branch_rollups.n + excluded.n;
        insert into org_life_held_rollups (org_id, frequency, period_start, type_code, kind, held_count, n)
        select a.id, h.frequency, h.period_start, h.type_code, h.kind, h.held_count, sum(h.n * s.sign)
          from org_life_held_rollups h
          cross join lateral (values (r.old_path, -1), (r.new_path, 1)) s(path, sign)
          ${ANCESTORS('s.path')}
         where h.org_id = r.id and a.id <> r.id and h.n <> 0
         group by 1, 2, 3, 4, 5, 6
        having sum(h.n * s.sign) <> 0
        on conflict (org_id, frequency, period_start, type_code, kind, held_count)
        do update set n = org_life_held_rollups.n + excluded.n;
      end loop;
      return null;
    end $fn$;
    create trigger org_life_orgs_rollup_insert after insert on orgs
      referencing new table as new_rows for each statement execute function org_life_orgs_rollup_insert();
    create trigger org_life_orgs_rollup_update after update on orgs
      referencing old table as old_rows new table as new_rows for each statement execute function org_life_orgs_rollup_update();
    create trigger org_life_orgs_rollup_delete after delete on orgs
      referencing old table as old_rows for each statement execute function org_life_orgs_rollup_delete();
    ${RECOUNT_SQL}
  `)
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger org_life_orgs_rollup_delete on orgs;
    drop trigger org_life_orgs_rollup_update on orgs;
    drop trigger org_life_orgs_rollup_insert on orgs;
    drop function org_life_orgs_rollup_delete();
    drop function org_life_orgs_rollup_update();
    drop function org_life_orgs_rollup_insert();
    drop table org_life_held_rollups;
    drop table org_life_branch_rollups;
    drop function org_life_held_rollup_insert();
    drop function org_life_held_rollup_update();
    drop function org_life_held_rollup_delete();
  `.execute(db);
}
