import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { FieldCrypto } from '../../platform/crypto.ts';
import type { DB } from '../../platform/database.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { pathWithin } from '../../platform/scope.ts';
import { getVisibleOrg } from '../orgs/index.ts';
import { normalizeIdNumber, normalizePhone } from './idcard.ts';
import { exactLookupOf } from './lookups.ts';
import { ACTIVE_STATUSES, type MemberFilters, memberFilters } from './members.contract.ts';
import { getRule, type PartyBirthdayRule } from './rules.ts';

export const MEMBER_COLUMNS = [
  'm.id',
  'm.orgId',
  'm.userId',
  'm.name',
  'm.gender',
  'm.ethnicity',
  'm.birthDate',
  'm.idNumberMasked',
  'm.idNumberEnc',
  'm.phoneMasked',
  'm.phoneEnc',
  'm.addressEnc',
  'm.education',
  'm.workUnit',
  'm.position',
  'm.joinedOn',
  'm.fullOn',
  'm.category',
  'm.status',
  'm.statusSince',
  'o.name as orgName',
  'o.path as orgPath',
] as const;

export function selectMembers(db: Executor) {
  return db.selectFrom('members as m').innerJoin('orgs as o', 'o.id', 'm.orgId').select(MEMBER_COLUMNS);
}

export type MemberRow = NonNullable<Awaited<ReturnType<typeof getMember>>>;

export async function getMember(db: Executor, id: number) {
  return selectMembers(db).where('m.id', '=', id).executeTakeFirst();
}

export interface FilterContext {
  actor: Actor;
  crypto: FieldCrypto;
  today: string;
  /** The party-birthday rule in force; read only when a filter needs it and none is given. */
  birthday?: PartyBirthdayRule;
}

/**
 * The scoped member query behind the list, the exports and the cockpit's drill-downs: the
 * caller's `members.read` subtrees, narrowed to `orgId`'s subtree (404 when outside the scope).
 */
export async function filteredMembers(db: Executor, ctx: FilterContext, f: MemberFilters) {
  let q = selectMembers(db).where((eb) => pathWithin(eb, 'o.path', ctx.actor.paths('members.read')));
  let scopePath: string | null = null;
  if (f.orgId !== undefined) {
    scopePath = (await getVisibleOrg(db, ctx.actor, f.orgId)).path;
    q = q.where('o.path', 'like', `${scopePath}%`);
  }
  if (f.status) q = q.where('m.status', '=', f.status);
  else if (!f.includeInactive) q = q.where('m.status', 'in', ACTIVE_STATUSES);
  if (f.category) q = q.where('m.category', '=', f.category);
  if (f.gender) q = q.where('m.gender', '=', f.gender);
  if (f.education === 'unknown') q = q.where('m.education', 'is', null);
  else if (f.education) q = q.where('m.education', '=', f.education);
  // Ages by birth year (as shown, `ageOn`): a boundary at today's month-day would tell, member by
  // member, whether the birthday has passed.
  const year = Number(ctx.today.slice(0, 4));
  if (f.ageMin !== undefined) q = q.where('m.birthDate', '<=', `${year - f.ageMin}-12-31`);
  if (f.ageMax !== undefined) q = q.where('m.birthDate', '>=', `${year - f.ageMax}-01-01`);
  if (f.birthYear !== undefined) {
    q = q
      .where('m.birthDate', '>=', `${f.birthYear}-01-01`)
      .where('m.birthDate', '<=', `${f.birthYear}-12-31`);
  }
  if (f.birthYearFrom !== undefined) q = q.where('m.birthDate', '>=', `${f.birthYearFrom}-01-01`);
  if (f.birthYearTo !== undefined) q = q.where('m.birthDate', '<=', `${f.birthYearTo}-12-31`);
  if (f.joinedFrom) q = q.where('m.joinedOn', '>=', f.joinedFrom);
  if (f.joinedTo) q = q.where('m.joinedOn', '<=', f.joinedTo);
  if (f.partyMonth !== undefined) {
    const rule = ctx.birthday ?? (await getRule(db, 'members.party_birthday', scopePath, ctx.today)).value;
    const col = rule.basis === 'full' ? 'm.fullMd' : 'm.joinedMd';
    q = q.where(col, '>=', f.partyMonth * 100).where(col, '<', f.partyMonth * 100 + 100);
  }
  if (f.q) q = q.where((eb) => searchCondition(eb, ctx.crypto, f.q as string));
  return q;
}

/**
 * An ID number or a phone number is looked up exactly through its blind index (audited and
 * rate-limited by the routes, `guardExactLookup`); anything else by name or work unit.
 */
function searchCondition(
  eb: ExpressionBuilder<DB & { m: DB['members'] }, 'm'>,
  crypto: FieldCrypto,
  q: string,
): ReturnType<typeof sql<SqlBool>> | ReturnType<typeof eb.or> {
  const lookup = exactLookupOf(q);
  if (lookup?.kind === 'id_number') return eb('m.idNumberHash', '=', crypto.blindIndex(normalizeIdNumber(q)));
  // A number is looked up whole or not at all: never matched in part against names or units.
  if (lookup?.kind === 'phone') return eb('m.phoneHash', '=', crypto.blindIndex(normalizePhone(q)));
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return eb.or([eb('m.name', 'like', like), eb('m.workUnit', 'like', like)]);
}

export async function countQuery(q: Awaited<ReturnType<typeof filteredMembers>>): Promise<number> {
  const row = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const FILTER_KEYS = Object.keys(memberFilters.shape).filter(
  (k) => k !== 'orgId' && k !== 'includeInactive',
) as (keyof MemberFilters)[];

/**
 * The list's total from the subtree rollups when the filters name at most one rollup dimension
 * (the register's first page, the cockpit's drill-downs): one keyed read per scope root instead
 * of counting every member of the subtree on every page (docs/performance.md). Null when the
 * filters need the rows counted.
 */
export async function rollupTotal(
  db: Executor,
  actor: Actor,
  f: MemberFilters,
  scopePath: string | null,
): Promise<number | null> {
  const set = FILTER_KEYS.filter((k) => f[k] !== undefined);
  let key: [string, string] | null = null;
  if (set.length === 0) key = f.includeInactive ? null : ['all', 'all'];
  else if (set.length === 1 && f.status) key = ['status', f.status];
  else if (set.length === 1 && !f.includeInactive) {
    if (f.category) key = ['category', f.category];
    else if (f.gender) key = ['gender', f.gender];
    else if (f.education) key = ['education', f.education];
  }
  if (!key) return null;
  const readable = actor.paths('members.read');
  const roots =
    scopePath === null
      ? readable
      : readable.some((p) => scopePath.startsWith(p))
        ? [scopePath]
        : readable.filter((p) => p.startsWith(scopePath));
  if (roots.length === 0) return 0;
  const ids = roots.map((p) => Number(p.slice(0, -1).split('/').pop()));
  const row = await db
    .selectFrom('memberRollups')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('n'), sql<string>`0`).as('n'))
    .where('orgId', 'in', ids)
    .where('dim', '=', key[0])
    .where('bucket', '=', key[1])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A member the caller may read: through `members.read` on its subtree, or as that member. */
export async function getReadableMember(db: Executor, actor: Actor, id: number): Promise<MemberRow> {
  const row = await getMember(db, id);
  if (!row) throw new NotFoundError('党员不存在或无权访问');
  if (actor.can('members.read', row.orgPath)) return row;
  if (row.userId === actor.user.id && actor.hasPermission('members.read_self')) return row;
  if (!actor.sees(row.orgPath)) throw new NotFoundError('党员不存在或无权访问');
  throw new NotFoundError('党员不存在或无权访问');
}

export async function getStatusHistory(db: Executor, memberId: number) {
  return db
    .selectFrom('memberStatusHistory')
    .select(['status', 'since', 'reason'])
    .where('memberId', '=', memberId)
    .orderBy('since')
    .orderBy('id')
    .execute();
}

export async function getPosts(db: Executor, memberId: number) {
  return db
    .selectFrom('memberPosts as p')
    .innerJoin('orgs as o', 'o.id', 'p.orgId')
    .select(['p.id', 'p.orgId', 'o.name as orgName', 'p.title', 'p.startedOn', 'p.endedOn'])
    .where('p.memberId', '=', memberId)
    .orderBy('p.startedOn', 'desc')
    .execute();
}

export { sql };

/**
 * Active members of a subtree whose party birthday (under the configured basis) falls within
 * the next `days` days, soonest first, and how many there are. The number comes from the
 * month-day rollups of the subtree (at most 366 buckets of one organization, whatever the number
 * of members); the same buckets tell which days hold the first `limit` birthdays, so the list
 * reads only those days, in (month-day, id) index order, stopping at `limit` — never every
 * birthday of a district's month.
 */
export async function upcomingPartyBirthdays(
  db: Executor,
  org: { id: number; path: string },
  basis: PartyBirthdayRule['basis'],
  today: string,
  days: number,
  limit: number,
) {
  const start = new Date(`${today}T00:00:00Z`);
  const end = new Date(start.getTime() + days * 86_400_000);
  const md = (d: Date) => (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  const from = md(start);
  const to = md(end);
  const inWindow = (x: number) => (from <= to ? x >= from && x <= to : x >= from || x <= to);
  const buckets = await db
    .selectFrom('memberRollups')
    .select(['bucket', 'n'])
    .where('orgId', '=', org.id)
    .where('dim', '=', basis === 'full' ? 'full_md' : 'joined_md')
    .where('n', '<>', 0)
    .execute();
  // Window order: this year's month-days from today on, then next year's.
  const window = buckets
    .map((b) => ({ md: Number(b.bucket), n: Number(b.n) }))
    .filter((b) => inWindow(b.md))
    .sort((a, b) => Number(a.md < from) - Number(b.md < from) || a.md - b.md);
  const total = window.reduce((a, b) => a + b.n, 0);
  // The days that hold the first `limit` birthdays, as at most two ranges of month-days (this
  // year's from today on, then next year's): each is read in (month-day, id) index order.
  const ranges: { from: number; to: number }[] = [];
  for (let i = 0, seen = 0; i < window.length && seen < limit; i++) {
    const day = window[i]?.md ?? 0;
    const last = ranges.at(-1);
    if (last && day >= from === last.from >= from) last.to = day;
    else ranges.push({ from: day, to: day });
    seen += window[i]?.n ?? 0;
  }
  const col = basis === 'full' ? 'm.fullMd' : 'm.joinedMd';
  const dateCol = basis === 'full' ? 'm.fullOn' : 'm.joinedOn';
  const rows = [];
  for (const range of ranges) {
    if (rows.length >= limit) break;
    rows.push(
      ...(await db
        .selectFrom('members as m')
        .innerJoin('orgs as o', 'o.id', 'm.orgId')
        .select(['m.id as memberId', 'm.name', 'm.orgId', 'o.name as orgName', `${dateCol} as date`])
        .where('o.path', 'like', `${org.path}%`)
        .where('m.status', 'in', ACTIVE_STATUSES)
        .where(col, '>=', range.from)
        .where(col, '<=', range.to)
        .orderBy(col)
        .orderBy('m.id')
        .limit(limit - rows.length)
        .execute()),
    );
  }
  const year = start.getUTCFullYear();
  const items = rows.map((r) => {
    const date = r.date as string;
    let next = `${year}-${date.slice(5)}`;
    if (next < today) next = `${year + 1}-${date.slice(5)}`;
    return {
      memberId: r.memberId,
      name: r.name,
      orgId: r.orgId,
      orgName: r.orgName,
      date: next,
      years: Number(next.slice(0, 4)) - Number(date.slice(0, 4)),
    };
  });
  return { total, items };
}
