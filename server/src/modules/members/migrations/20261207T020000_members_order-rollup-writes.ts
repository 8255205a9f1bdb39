import { type Kysely, sql } from 'kysely';

/**
 * Rollup rows are written in one fixed order (ADR 0010). The statement triggers of the birthday
 * migration upserted `member_rollups` in the order a hash aggregate happened to produce, so two
 * concurrent member writes in one district locked the same ancestor rows in different orders and
 * PostgreSQL answered one of them with "deadlock detected". The same functions (a frozen copy of
 * `20261122T100100_members_birthday-rollups` and of `orgs_rollup_move`), now with
 * `order by org_id, dim, bucket`: every transaction takes the rows of one statement in key order.
 */
const DIMENSIONS = `
  (values
    ('status', c.status),
    ('all', case when c.status in ('probationary', 'full', 'lost_contact') then 'all' end),
    ('category', case when c.status in ('probationary', 'full', 'lost_contact') then c.category end),
    ('gender', case when c.status in ('probationary', 'full', 'lost_contact') then c.gender end),
    ('education', case when c.status in ('probationary', 'full', 'lost_contact') then coalesce(c.education, 'unknown') end),
    ('birth_year', case when c.status in ('probationary', 'full', 'lost_contact') then extract(year from c.birth_date)::int::text end),
    ('joined_month', case when c.status in ('probationary', 'full', 'lost_contact') then extract(month from c.joined_on)::int::text end),
    ('full_month', case when c.status in ('probationary', 'full', 'lost_contact') and c.full_on is not null then extract(month from c.full_on)::int::text end),
    ('joined_md', case when c.status in ('probationary', 'full', 'lost_contact') then to_char(c.joined_on, 'MMDD') end),
    ('full_md', case when c.status in ('probationary', 'full', 'lost_contact') and c.full_on is not null then to_char(c.full_on, 'MMDD') end)
  ) d(dim, bucket)`;

function applyChanges(source: string): string {
  return `
    with per_org as (
      select c.org_id, d.dim, d.bucket, sum(c.sign) as n
        from (${source}) c
        cross join lateral ${DIMENSIONS}
       where d.bucket is not null
       group by c.org_id, d.dim, d.bucket
    )
    insert into member_rollups (org_id, dim, bucket, n)
    select a.id, p.dim, p.bucket, sum(p.n)
      from per_org p
      join orgs o on o.id = p.org_id
      cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) a(id)
     group by a.id, p.dim, p.bucket
    having sum(p.n) <> 0
     order by 1, 2, 3
    on conflict (org_id, dim, bucket) do update set n = member_rollups.n + excluded.n;`;
}

const COLS = 'org_id, status, category, gender, education, birth_date, joined_on, full_on';

// Frozen once merged.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create or replace function members_rollup_insert() returns trigger language plpgsql as $fn$
    begin
      ${applyChanges(`select ${COLS}, 1 as sign from new_rows`)}
      return null;
    end $fn$;
    create or replace function members_rollup_update() returns trigger language plpgsql as $fn$
    begin
      ${applyChanges(`select ${COLS}, 1 as sign from new_rows union all select ${COLS}, -1 as sign from old_rows`)}
      return null;
    end $fn$;
    create or replace function members_rollup_delete() returns trigger language plpgsql as $fn$
    begin
      ${applyChanges(`select ${COLS}, -1 as sign from old_rows`)}
      return null;
    end $fn$;

    -- An organization that moves takes its subtree totals from its old ancestors to its new ones.
    create or replace function orgs_rollup_move() returns trigger language plpgsql as $fn$
    declare r record;
    begin
      for r in
        select o.id, o.path as old_path, n.path as new_path
          from old_rows o join new_rows n on n.id = o.id
         where o.path <> n.path
           and not exists (
             select 1 from old_rows p join new_rows q on q.id = p.id
              where p.path <> q.path and p.id <> o.id and o.path like p.path || '%')
         order by o.id
      loop
        insert into member_rollups (org_id, dim, bucket, n)
        select a.id, m.dim, m.bucket, sum(m.n * s.sign)
          from member_rollups m
          cross join lateral (values (r.old_path, -1), (r.new_path, 1)) s(path, sign)
          cross join lateral unnest(string_to_array(trim(both '/' from s.path), '/')::int[]) a(id)
         where m.org_id = r.id and a.id <> r.id and m.n <> 0
         group by a.id, m.dim, m.bucket
        having sum(m.n * s.sign) <> 0
         order by 1, 2, 3
        on conflict (org_id, dim, bucket) do update set n = member_rollups.n + excluded.n;
      end loop;
      return null;
    end $fn$;
  `)
    .execute(db);
}

// The unordered functions of the earlier migrations count the same; nothing to undo.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(_db: Kysely<any>): Promise<void> {}
