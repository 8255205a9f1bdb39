import type { Executor } from '../../platform/db.ts';
import { branchMembersOn, membersOfUser } from '../members/index.ts';
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
 * The branch roster on a date, from the members module (its exported query): members of the
 * branch subtree probationary or full on that date, and committee posts active on that date.
 */
export async function rosterAsOf(db: Executor, branchPath: string, branchId: number, date: string) {
  return (await branchMembersOn(db, branchPath, branchId, date)).map(
    (m): RosterEntry => ({
      memberId: m.memberId,
      name: m.name,
      canVote: m.status === 'full',
      committee: m.committee,
    }),
  );
}

/** Who is expected at a meeting of this type: everyone, or the committee for 支委会/谈心谈话. */
export function expectedFor(type: ActivityType, roster: RosterEntry[]): RosterEntry[] {
  if (type.attendees === 'committee') return roster.filter((r) => r.committee);
  return roster;
}

export { membersOfUser };
