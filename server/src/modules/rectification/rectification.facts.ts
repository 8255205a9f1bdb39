import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';

/**
 * Rectification items of a subtree whose deadline falls between two days: `ok` when it was
 * submitted by the deadline and verified or closed; false when it is late (overdue or submitted late).
 */
export async function rectificationFacts(db: Executor, rootPath: string, from: string, to: string) {
  const { rows } = await sql<{ orgPath: string; recordId: number; on: string; label: string; ok: boolean }>`
    select i.org_path, i.id as record_id, i.deadline::text as "on", i.title as label,
           (i.status in ('verified', 'closed') and i.submitted_on <= i.deadline) as ok
      from rectification_items i
     where i.org_path like ${`${rootPath}%`} and i.deadline between ${from}::date and ${to}::date
     order by i.deadline, i.id`.execute(db);
  return rows.map((r) => ({ ...r, amount: 1, link: `/rectification?itemId=${r.recordId}` }));
}
