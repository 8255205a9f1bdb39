import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import { type DimRollupRow, storedDimRollups } from '../../platform/rollups.ts';

/**
 * Subtree organization counts (org_rollups): active organizations of each subtree, in total,
 * per kind and per level. Kept by statement triggers in the writing transaction (see the
 * org-rollups migration); read by the cockpit with one indexed lookup at any tree size.
 */
export type OrgRollupRow = DimRollupRow;

/** The stored counts of one subtree (zero rows left behind by closings are not figures). */
export async function subtreeOrgCounts(db: Executor, orgId: number): Promise<OrgRollupRow[]> {
  const rows = await db
    .selectFrom('orgRollups')
    .select(['orgId', 'dim', 'bucket', 'n'])
    .where('orgId', '=', orgId)
    .where('n', '<>', 0)
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** What the counts should be, recounted from the organization rows (for tests and repairs). */
export async function recountOrgRollups(db: Executor): Promise<OrgRollupRow[]> {
  const { rows } = await sql<OrgRollupRow>`
    select a.id as org_id, d.dim, d.bucket, count(*)::int as n
      from orgs c
      cross join lateral unnest(string_to_array(trim(both '/' from c.path), '/')::int[]) a(id)
      cross join lateral (values ('all', 'all'), ('kind', c.kind), ('level', c.level)) d(dim, bucket)
     where c.status = 'active' and d.bucket is not null
     group by a.id, d.dim, d.bucket
     order by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Every stored count, in the recount's order. */
export function storedOrgRollups(db: Executor): Promise<OrgRollupRow[]> {
  return storedDimRollups(db, 'orgRollups');
}
