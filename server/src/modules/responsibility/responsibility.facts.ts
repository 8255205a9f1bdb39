import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';

/** Responsibility items of a subtree due between two days: `ok` when done by the deadline. */
export async function responsibilityFacts(db: Executor, rootPath: string, from: string, to: string) {
  const { rows } = await sql<{ orgPath: string; recordId: number; on: string; label: string; ok: boolean }>`
    select i.org_path, i.id as record_id, i.deadline::text as "on", i.title as label,
           (i.status = 'done' and i.done_on <= i.deadline) as ok
      from responsibility_items i
     where i.org_path like ${`${rootPath}%`} and i.deadline between ${from}::date and ${to}::date
     order by i.deadline, i.id`.execute(db);
  return rows.map((r) => ({ ...r, amount: 1, link: `/responsibility?itemId=${r.recordId}` }));
}
