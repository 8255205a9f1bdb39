import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';

/** Member points of a subtree's organizations for a year, one fact per organization and rule. */
export async function memberPointFacts(db: Executor, rootPath: string, year: number) {
  const { rows } = await sql<{ orgPath: string; recordId: number; label: string; amount: number }>`
    select o.path as org_path, o.id as record_id, e.rule_code as label, sum(e.points)::float8 as amount
      from points_entries e join orgs o on o.id = e.org_id
     where o.path like ${`${rootPath}%`} and e.year = ${year}
     group by o.path, o.id, e.rule_code
     order by o.path, e.rule_code`.execute(db);
  return rows.map((r) => ({
    ...r,
    on: `${year}-12-31`,
    ok: true,
    link: `/points/ranking?orgId=${r.recordId}`,
  }));
}
