import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';

/**
 * Subtree rollups (member_rollups): for every organization, how many members of its subtree fall
 * in each bucket of each dimension. Statement triggers keep them in step inside the writing
 * transaction (see the members migration); this file recounts them from scratch.
 *
 * The recount groups per organization first and only then spreads to the ancestors, so it reads
 * each member row once.
 */
const RECOUNT = sql`
  with per_org as (
    select m.org_id, d.dim, d.bucket, count(*)::bigint as n
      from members m
      cross join lateral (values
        ('status', m.status),
        ('all', case when m.status in ('probationary', 'full', 'lost_contact') then 'all' end),
        ('category', case when m.status in ('probationary', 'full', 'lost_contact') then m.category end),
        ('gender', case when m.status in ('probationary', 'full', 'lost_contact') then m.gender end),
        ('education', case when m.status in ('probationary', 'full', 'lost_contact') then coalesce(m.education, 'unknown') end),
        ('birth_year', case when m.status in ('probationary', 'full', 'lost_contact') then extract(year from m.birth_date)::int::text end),
        ('joined_month', case when m.status in ('probationary', 'full', 'lost_contact') then extract(month from m.joined_on)::int::text end),
        ('full_month', case when m.status in ('probationary', 'full', 'lost_contact') and m.full_on is not null then extract(month from m.full_on)::int::text end)
      ) d(dim, bucket)
     where d.bucket is not null
     group by m.org_id, d.dim, d.bucket
  )
  select a.id as org_id, p.dim, p.bucket, sum(p.n)::bigint as n
    from per_org p
    join orgs o on o.id = p.org_id
    cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) a(id)
   group by a.id, p.dim, p.bucket`;

export interface RollupRow {
  orgId: number;
  dim: string;
  bucket: string;
  n: number;
}

/** What the rollups should hold, counted from the member rows. */
export async function recountRollups(db: Executor): Promise<RollupRow[]> {
  const { rows } = await sql<RollupRow>`${RECOUNT} order by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** What the rollups hold (zero rows left behind by deletions are not figures). */
export async function storedRollups(db: Executor): Promise<RollupRow[]> {
  const rows = await db
    .selectFrom('memberRollups')
    .select(['orgId', 'dim', 'bucket', 'n'])
    .where('n', '<>', 0)
    .orderBy('orgId')
    .orderBy('dim')
    .orderBy('bucket')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Replace every rollup by a recount (after bulk loads that ran with the triggers off). */
export async function rebuildRollups(db: Executor): Promise<void> {
  await sql`delete from member_rollups`.execute(db);
  await sql`insert into member_rollups (org_id, dim, bucket, n) ${RECOUNT}`.execute(db);
}

/**
 * Bulk loads (demo data, benchmarks) switch the per-statement triggers off and rebuild once at
 * the end, inside one transaction: nobody ever sees rollups that disagree with the rows.
 */
export async function withRollupsDeferred<T>(db: Executor, fn: () => Promise<T>): Promise<T> {
  await sql`alter table members disable trigger members_rollup_insert`.execute(db);
  try {
    return await fn();
  } finally {
    await sql`alter table members enable trigger members_rollup_insert`.execute(db);
    await rebuildRollups(db);
  }
}
