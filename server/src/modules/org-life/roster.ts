import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import type { ActivityType } from './catalogue.ts';

/** One person expected at a meeting, as the roster stood on the meeting date. */
export interface RosterEntry {
  memberId: number;
  name: string;
  /** 正式党员 on that date: only they vote (预备党员 have no vote). */
  canVote: boolean;
  /** Held a post (支部委员) in the branch on that date. */
  committee: boolean;
}

/**
 * The branch roster on a date, read from the members module's tables: members whose
 * organization lies in the branch subtree (branch and its 党小组), with their status on that date
 * (from the status history) probationary or full, and committee posts active on that date.
 */
export async function rosterAsOf(db: Executor, branchPath: string, branchId: number, date: string) {
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
  return rows
    .filter((r) => r.statusThen === 'probationary' || r.statusThen === 'full')
    .map(
      (r): RosterEntry => ({
        memberId: r.id,
        name: r.name,
        canVote: r.statusThen === 'full',
        committee: Boolean(r.committee),
      }),
    );
}

/** Who is expected at a meeting of this type: everyone, or the committee for 支委会/谈心谈话. */
export function expectedFor(type: ActivityType, roster: RosterEntry[]): RosterEntry[] {
  if (type.attendees === 'committee') return roster.filter((r) => r.committee);
  return roster;
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
