import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';

/**
 * The signed meetings (三会一课, 主题党日 …) of a subtree between two days, one fact per meeting,
 * for the assessment's organizational-life indicators (the drill-down lists these meetings).
 */
export async function meetingFacts(db: Executor, rootPath: string, from: string, to: string) {
  const { rows } = await sql<{ orgPath: string; recordId: number; on: string; label: string }>`
    select o.path as org_path, m.id as record_id, m.held_on::text as "on", m.topic as label
      from org_life_meetings m join orgs o on o.id = m.org_id
     where o.path like ${`${rootPath}%`} and m.status = 'signed'
       and m.held_on between ${from}::date and ${to}::date
     order by m.held_on, m.id`.execute(db);
  return rows.map((r) => ({ ...r, ok: true, amount: 1, link: `/org-life/meetings/${r.recordId}` }));
}
