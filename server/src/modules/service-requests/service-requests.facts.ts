import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';

/**
 * Requests (诉求) of a subtree received between two days: `ok` when resolved or closed; `rating`
 * the final return-visit rating (null when not rated), for completion and satisfaction indicators.
 */
export async function requestFacts(db: Executor, rootPath: string, from: string, to: string) {
  const { rows } = await sql<{
    orgPath: string;
    recordId: number;
    on: string;
    label: string;
    ok: boolean;
    rating: string | null;
  }>`
    select r.org_path, r.id as record_id, (r.received_at at time zone 'Asia/Shanghai')::date::text as "on",
           r.title as label, r.status in ('resolved', 'closed') as ok,
           (select v.rating from service_request_visits v where v.request_id = r.id
             order by v.rated_at desc limit 1) as rating
      from service_requests r
     where r.org_path like ${`${rootPath}%`}
       and (r.received_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date
     order by r.received_at, r.id`.execute(db);
  return rows.map((r) => ({ ...r, amount: 1, link: `/service-requests?requestId=${r.recordId}` }));
}
