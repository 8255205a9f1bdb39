import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';

/** A member of a branch on a date, as the register stood then (for organizational life). */
export interface BranchMemberOnDate {
  memberId: number;
  name: string;
  /** Probationary or full on that date, from the status history. */
  status: 'probationary' | 'full';
  /** Held a post (支部委员) in the branch on that date. */
  committee: boolean;
}

/**
 * The members of a branch subtree (the branch and its 党小组) on a date: joined by then and
 * probationary or full on that date (from the status history), with their committee posts then.
 */
export async function branchMembersOn(
  db: Executor,
  branchPath: string,
  branchId: number,
  date: string,
): Promise<BranchMemberOnDate[]> {
  const { rows } = await sql<{ id: number; name: string; statusThen: string | null; committee: boolean }>`
    select m.id, m.name,
           coalesce(
             (select h.status from member_status_history h
               where h.member_id = m.id and h.since <= ${date}
               order by h.since desc, h.id desc limit 1),
             case when m.status_since <= ${date} then m.status end
           ) as status_then,
           exists (select 1 from member_posts p
                    where p.member_id = m.id and p.org_id = ${branchId}
                      and p.started_on <= ${date} and (p.ended_on is null or p.ended_on >= ${date})) as committee
      from members m
      join orgs o on o.id = m.org_id
     where o.path like ${`${branchPath}%`}
       and m.joined_on <= ${date}
     order by m.id
  `.execute(db);
  return rows.flatMap((r) =>
    r.statusThen === 'probationary' || r.statusThen === 'full'
      ? [{ memberId: r.id, name: r.name, status: r.statusThen, committee: Boolean(r.committee) }]
      : [],
  );
}

/** The member records linked to a user account (a person may be a member of one branch). */
export async function membersOfUser(db: Executor, userId: number) {
  const { rows } = await sql<{ id: number; name: string; orgId: number; path: string }>`
    select m.id, m.name, m.org_id, o.path
      from members m join orgs o on o.id = m.org_id
     where m.user_id = ${userId}
  `.execute(db);
  return rows;
}
