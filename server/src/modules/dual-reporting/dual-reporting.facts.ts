import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import type { FactRow } from '../../platform/facts.ts';

/** Confirmed service hours of members reporting to a subtree's communities between two days. */
export async function dualReportingHourFacts(db: Executor, rootPath: string, from: string, to: string) {
  const { rows } = await sql<FactRow>`
    select o.path as org_path, s.id as record_id, s.served_on::text as "on", s.description as label,
           s.hours::float8 as amount
      from dual_reporting_services s
      join dual_reporting_members m on m.id = s.registration_id
      join dual_reporting_units u on u.id = m.unit_id
      join orgs o on o.id = u.community_org_id
     where o.path like ${`${rootPath}%`} and s.status = 'confirmed'
       and s.served_on between ${from}::date and ${to}::date
     order by s.served_on, s.id`.execute(db);
  return rows.map((r) => ({ ...r, ok: true, link: `/dual-reporting?serviceId=${r.recordId}` }));
}
