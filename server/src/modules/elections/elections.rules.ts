import type { Executor } from '../../platform/db.ts';
import { nearestRule } from '../../platform/rules.ts';
import type { TermStatus } from './elections.contract.ts';
import type { Candidate, TermLengths } from './elections.tables.ts';

/** The date `n` months after an ISO date, the day clamped to the month's end (29 Feb + 12 months → 28 Feb). */
export function addMonthsTo(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  const year = Math.floor(i / 12);
  const month = (i % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The term length of an organization: villages and communities 5 years, then by kind of committee. */
export function termLengthOf(lengths: TermLengths, org: { kind: string; level: string | null }): number {
  if (org.level === 'community') return lengths.villageCommunity;
  if (org.kind === 'general_branch') return lengths.generalBranch;
  if (org.kind === 'branch') return lengths.branch;
  return lengths.committee;
}

/** Kinds of organization that elect a committee (or a secretary) for a term. */
export const ELECTED_KINDS = ['committee', 'general_branch', 'branch'] as const;

/**
 * A term's standing on a date: overdue after its end, due from the reminder date
 * (`remindMonths` before the end, the level above is reminded), ok before.
 */
export function termStanding(
  term: { startedOn: string; endsOn: string } | undefined,
  remindMonths: number,
  today: string,
): { startedOn: string | null; endsOn: string | null; remindFrom: string | null; status: TermStatus } {
  if (!term) return { startedOn: null, endsOn: null, remindFrom: null, status: 'none' };
  const remindFrom = addMonthsTo(term.endsOn, -remindMonths);
  const status: TermStatus = today > term.endsOn ? 'overdue' : today >= remindFrom ? 'due' : 'ok';
  return { startedOn: term.startedOn, endsOn: term.endsOn, remindFrom, status };
}

/** 差额: at least 20 % more candidates than seats, rounded up (5 seats → 6, 7 → 9). */
export const minCandidates = (seats: number) => Math.ceil((seats * 12) / 10);

/** The election is valid when more than 4/5 of those entitled are present. */
export const quorumMet = (entitled: number, present: number) => present * 5 > entitled * 4;

/**
 * Who is elected: more votes in favour than half of those present; when more pass than there are
 * seats, the most votes win, and a tie across the last seat elects none of the tied (a new round).
 */
export function electedOf(
  votes: Record<string, number>,
  present: number,
  seats: number,
): { elected: string[]; tie: string[] } {
  const passing = Object.entries(votes)
    .filter(([, v]) => v * 2 > present)
    .sort((a, b) => b[1] - a[1]);
  if (passing.length <= seats) return { elected: passing.map(([n]) => n), tie: [] };
  const cutoff = passing[seats - 1][1];
  if (passing[seats][1] !== cutoff) return { elected: passing.slice(0, seats).map(([n]) => n), tie: [] };
  return {
    elected: passing.filter(([, v]) => v > cutoff).map(([n]) => n),
    tie: passing.filter(([, v]) => v === cutoff).map(([n]) => n),
  };
}

/** "三个三分之一": each of the three groups holds at least a third of the candidates (rounded down). */
export function structureOf(candidates: Candidate[]) {
  const counts: Record<string, number> = { street_staff: 0, experienced: 0, young_graduate: 0 };
  for (const c of candidates) if (c.group) counts[c.group] += 1;
  const third = Math.floor(candidates.length / 3);
  return { counts, balanced: candidates.length >= 3 && Object.values(counts).every((n) => n >= third) };
}

export async function termRuleFor(db: Executor, orgPath: string, on: string) {
  return nearestRule(db, 'termRules', orgPath, on);
}
