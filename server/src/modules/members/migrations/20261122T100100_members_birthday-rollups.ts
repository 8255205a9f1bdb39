import { type Kysely, sql } from 'kysely';

/**
 * Two more rollup dimensions for the cockpit's "upcoming party birthdays": the month-day ('MMDD')
 * of joining and of becoming a full member, so the number of birthdays in the next N days is a
 * sum over at most N buckets of one organization, whatever the number of members. The trigger
 * functions are replaced with the extended dimension list (a frozen copy; the first migration
 * stays as it was) and the new buckets are counted once from the rows.
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

// Grouped per organization first, then spread to the ancestors: a 5,000-row import chunk into
// one branch spreads a few hundred buckets instead of 50,000 (half the trigger's time).
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

    -- The list of the first birthdays walks these in (month-day, id) order and stops early.
    drop index members_joined_md_idx;
    drop index members_full_md_idx;
    create index members_joined_md_idx on members (joined_md, id);
    create index members_full_md_idx on members (full_md, id);

    insert into member_rollups (org_id, dim, bucket, n)
    select a.id, d.dim, d.bucket, count(*)
      from members c
      join orgs o on o.id = c.org_id
      cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) a(id)
      cross join lateral (values
        ('joined_md', case when c.status in ('probationary', 'full', 'lost_contact') then to_char(c.joined_on, 'MMDD') end),
        ('full_md', case when c.status in ('probationary', 'full', 'lost_contact') and c.full_on is not null then to_char(c.full_on, 'MMDD') end)
      ) d(dim, bucket)
     where d.bucket is not null
     group by a.id, d.dim, d.bucket;
  `)
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  // The wider trigger functions stay (they only add buckets nobody reads after a down migration).
  await sql`
    delete from member_rollups where dim in ('joined_md', 'full_md');
    drop index members_joined_md_idx;
    drop index members_full_md_idx;
    create index members_joined_md_idx on members (joined_md);
    create index members_full_md_idx on members (full_md);
  `.execute(db);
}
