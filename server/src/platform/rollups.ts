import type { DB } from './database.ts';
import type { Executor } from './db.ts';

/** One count of a subtree rollup table (`org_id, dim, bucket, n`: members by sex, organizations by kind …). */
export interface DimRollupRow {
  orgId: number;
  dim: string;
  bucket: string;
  n: number;
}

/**
 * What a rollup table holds, in the order its recount answers (organization, dimension, bucket);
 * zero rows left behind by deletions are not figures. Tests and repairs compare it with the recount.
 */
export async function storedDimRollups(db: Executor, table: keyof DB & string): Promise<DimRollupRow[]> {
  // The table is named at the call; Kysely cannot follow a generic table name.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const rows: { orgId: number; dim: string; bucket: string; n: number | string }[] = await (db as any)
    .selectFrom(table)
    .select(['orgId', 'dim', 'bucket', 'n'])
    .where('n', '<>', 0)
    .orderBy('orgId')
    .orderBy('dim')
    .orderBy('bucket')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
