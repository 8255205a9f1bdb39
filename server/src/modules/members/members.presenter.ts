import type { Actor } from '../../platform/actor.ts';
import { type ProbationRule, probationEnd } from './member-checks.contract.ts';
import type { MemberDetail, MemberListItem } from './members.contract.ts';
import type { getPosts, getStatusHistory, MemberRow } from './members.queries.ts';
import type { PartyBirthdayRule } from './rules.ts';

/**
 * Age in the current year (year − birth year), as the cockpit's age bands count it. It tells the
 * birth year and nothing finer: an age that ticked over on the birthday would reveal the birth
 * date to anyone watching the record day by day (issue 11).
 */
export function ageOn(birthDate: string, today: string): number {
  return Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
}

/** List rows carry only masked personal data (PIPL-04/05). */
export function presentListItem(row: MemberRow, today: string, probation: ProbationRule): MemberListItem {
  const end = row.status === 'probationary' ? probationEnd(row.joinedOn, probation) : null;
  return {
    id: row.id,
    name: row.name,
    orgId: row.orgId,
    orgName: row.orgName,
    category: row.category,
    status: row.status,
    idNumber: row.idNumberMasked,
    gender: row.gender,
    age: ageOn(row.birthDate, today),
    phone: row.phoneMasked,
    joinedOn: row.joinedOn,
    probationEnd: end,
    conversionOverdue: end !== null && end < today,
  };
}

export function partyBirthdayOf(
  row: { joinedOn: string; fullOn: string | null },
  rule: PartyBirthdayRule,
): string {
  return rule.basis === 'full' && row.fullOn ? row.fullOn : row.joinedOn;
}

export function presentDetail(
  row: MemberRow,
  today: string,
  actor: Actor,
  rule: PartyBirthdayRule,
  probation: ProbationRule,
  history: Awaited<ReturnType<typeof getStatusHistory>>,
  posts: Awaited<ReturnType<typeof getPosts>>,
  addressMasked: string | null,
): MemberDetail {
  return {
    ...presentListItem(row, today, probation),
    userId: row.userId,
    ethnicity: row.ethnicity,
    // No birth date: with the masked number's first 3 and last 4 characters and the check digit
    // it leaves about 91 candidates (issue 11). The age (in the list item) is all that is shown.
    address: addressMasked,
    education: row.education,
    workUnit: row.workUnit,
    position: row.position,
    fullOn: row.fullOn,
    statusSince: row.statusSince,
    partyBirthday: partyBirthdayOf(row, rule),
    statusHistory: history,
    posts,
    abilities: {
      update: actor.can('members.update', row.orgPath),
      reveal: actor.can('members.reveal', row.orgPath),
      transfer: actor.can('members.transfer', row.orgPath),
      delete: actor.can('members.delete', row.orgPath),
    },
  };
}

/** An address shows its first 6 characters (city and district level) only. */
export function maskAddress(address: string): string {
  return address.length <= 6 ? '*'.repeat(address.length) : `${address.slice(0, 6)}****`;
}
