import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import type { FactRow } from '../../platform/facts.ts';

/** Confirmed volunteer hours of a subtree's activities between two days, one fact per activity. */
export async function volunteerHourFacts(db: Executor, rootPath: string, from: string, to: string) {
  const { rows } = await sql<FactRow>`
    select o.path as org_path, a.id as record_id, (a.starts_at at time zone 'Asia/Shanghai')::date::text as "on",
           a.title as label, coalesce(sum(s.hours), 0)::float8 as amount
      from volunteer_activities a
      join orgs o on o.id = a.org_id
      join volunteer_signups s on s.activity_id = a.id and s.confirmed_at is not null and s.hours is not null
     where o.path like ${`${rootPath}%`}
       and (a.starts_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date
     group by o.path, a.id
     order by a.starts_at, a.id`.execute(db);
  return rows.map((r) => ({ ...r, ok: true, link: `/volunteers/activities/${r.recordId}` }));
}
