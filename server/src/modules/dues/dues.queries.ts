import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { DuesCategory, DuesChannel } from './dues.contract.ts';
import { addMonths, monthOf, monthsBetween, toYuan } from './dues.rules.ts';

/** Members in the register (counted and owing dues). */
const ACTIVE = ['probationary', 'full', 'lost_contact'] as const;

export interface DuesMember {
  id: number;
  name: string;
  orgId: number;
  orgPath: string;
  joinedOn: string;
}
export interface DeclRow {
  id: number;
  memberId: number;
  year: number;
  fromMonth: number;
  category: DuesCategory;
  monthlyCents: number;
}
export interface PayRow {
  memberId: number;
  month: string;
  dueCents: number;
  paidCents: number;
  paidOn: string;
  channel: DuesChannel;
  receiptNo: string | null;
}

/**
 * The ledger and the arrears are read per branch (or a community's few branches): above that many
 * members they are refused with a hint, since they are computed member by member in the process
 * and a whole district's would hold the embedded database for minutes. District-wide figures come
 * from `countUnpaidLastMonth` (one query).
 */
export const DUES_LEDGER_MAX_MEMBERS = 400;

export async function ledgerMembersIn(db: Executor, orgPath: string): Promise<DuesMember[]> {
  const members = await membersIn(db, orgPath);
  if (members.length > DUES_LEDGER_MAX_MEMBERS)
    throw new ValidationError(
      {
        orgId: `党费台账和欠缴情况按党支部查看：本组织下有 ${members.length} 名党员，请选择一个党支部或社区`,
      },
      '党费台账和欠缴情况按党支部查看，请选择一个党支部或社区',
    );
  return members;
}

export async function membersIn(db: Executor, orgPath: string): Promise<DuesMember[]> {
  return db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['m.id', 'm.name', 'm.orgId', 'o.path as orgPath', 'm.joinedOn'])
    .where('o.path', 'like', `${orgPath}%`)
    .where('m.status', 'in', ACTIVE)
    .orderBy('m.orgId')
    .orderBy('m.id')
    .execute();
}

export async function approvedDeclarations(db: Executor, memberIds: number[]): Promise<DeclRow[]> {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('duesDeclarations')
    .select(['id', 'memberId', 'year', 'fromMonth', 'category', 'monthlyCents'])
    .where('memberId', 'in', memberIds)
    .where('status', '=', 'approved')
    .orderBy('year')
    .orderBy('fromMonth')
    .orderBy('id')
    .execute();
}

export async function paymentsOf(db: Executor, memberIds: number[], from?: string): Promise<PayRow[]> {
  if (memberIds.length === 0) return [];
  let q = db
    .selectFrom('duesPayments')
    .select(['memberId', 'month', 'dueCents', 'paidCents', 'paidOn', 'channel', 'receiptNo'])
    .where('memberId', 'in', memberIds);
  if (from) q = q.where('month', '>=', `${from}-01`);
  return q.orderBy('month').execute();
}

export async function reasonsOf(db: Executor, memberIds: number[]) {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('duesReasons')
    .select(['memberId', 'fromMonth', 'toMonth', 'reason'])
    .where('memberId', 'in', memberIds)
    .execute();
}

const groups = new WeakMap<readonly object[], Map<number, unknown[]>>();

/**
 * The rows of one member, from a list of many members' rows: grouped once per list (a district's
 * ledger asks for every member and month; a scan per question made it quadratic).
 */
function rowsOf<T extends { memberId: number }>(rows: readonly T[], memberId: number): T[] {
  let byMember = groups.get(rows);
  if (!byMember) {
    byMember = new Map();
    for (const r of rows) {
      const list = byMember.get(r.memberId) ?? [];
      list.push(r);
      byMember.set(r.memberId, list);
    }
    groups.set(rows, byMember);
  }
  return (byMember.get(memberId) as T[] | undefined) ?? [];
}

/** The approved declaration in force for a month ('YYYY-MM'): the latest one starting on or before it. */
export function declarationFor(decls: DeclRow[], memberId: number, month: string): DeclRow | undefined {
  let found: DeclRow | undefined;
  for (const d of rowsOf(decls, memberId)) {
    const start = `${d.year}-${String(d.fromMonth).padStart(2, '0')}`;
    if (start <= month) found = d;
  }
  return found;
}

/** The first month a member owes dues: the first declared month, else January of this year; never before joining. */
export function firstOwedMonth(member: DuesMember, decls: DeclRow[], today: string): string {
  const own = rowsOf(decls, member.id)[0];
  const declared = own ? `${own.year}-${String(own.fromMonth).padStart(2, '0')}` : `${today.slice(0, 4)}-01`;
  const joined = monthOf(member.joinedOn);
  return joined > declared ? joined : declared;
}

/** One member's ledger months (the months given), from declarations and payments. */
export function ledgerMonths(
  member: DuesMember,
  months: string[],
  decls: DeclRow[],
  pays: PayRow[],
  today: string,
) {
  const current = monthOf(today);
  const start = firstOwedMonth(member, decls, today);
  return months.map((month) => {
    const p = rowsOf(pays, member.id).find((x) => monthOf(x.month) === month);
    const d = declarationFor(decls, member.id, month);
    const due = p ? toYuan(p.dueCents) : d && month >= start ? toYuan(d.monthlyCents) : null;
    let status: 'on_time' | 'advance' | 'late' | 'unpaid' | 'not_yet';
    if (p) {
      const paidMonth = monthOf(p.paidOn);
      status = paidMonth < month ? 'advance' : paidMonth === month ? 'on_time' : 'late';
    } else status = month >= current || month < start ? 'not_yet' : 'unpaid';
    return {
      month,
      due,
      paid: p ? toYuan(p.paidCents) : null,
      paidOn: p?.paidOn ?? null,
      channel: p?.channel ?? null,
      receiptNo: p?.receiptNo ?? null,
      status,
    };
  });
}

/**
 * Arrears of the members below an organization, up to the last complete month: months unpaid
 * since each member's first owed month, the last month paid, and the flag of six consecutive
 * unpaid months with no reason recorded for any of them (the branch handles it; nothing else
 * happens to the member).
 */
export async function arrearsOf(db: Executor, orgPath: string, today: string) {
  const members = await ledgerMembersIn(db, orgPath);
  const ids = members.map((m) => m.id);
  const [decls, pays, reasons] = await Promise.all([
    approvedDeclarations(db, ids),
    paymentsOf(db, ids),
    reasonsOf(db, ids),
  ]);
  const lastComplete = addMonths(monthOf(today), -1);
  const paidBy = new Map<number, Set<string>>();
  for (const p of pays) {
    const set = paidBy.get(p.memberId) ?? new Set<string>();
    set.add(monthOf(p.month));
    paidBy.set(p.memberId, set);
  }
  const out = [];
  for (const m of members) {
    const paid = paidBy.get(m.id) ?? new Set<string>();
    const owed = monthsBetween(firstOwedMonth(m, decls, today), lastComplete);
    const unpaid = owed.filter((x) => !paid.has(x));
    if (unpaid.length === 0) continue;
    const lastPaid =
      [...paid]
        .filter((x) => x <= lastComplete)
        .sort()
        .pop() ?? null;
    let streak = 0;
    for (let i = owed.length - 1; i >= 0 && !paid.has(owed[i]); i--) streak++;
    const streakFrom = addMonths(lastComplete, -streak + 1);
    const excused = rowsOf(reasons, m.id).some(
      (r) => monthOf(r.toMonth) >= streakFrom && monthOf(r.fromMonth) <= lastComplete,
    );
    out.push({
      memberId: m.id,
      monthsUnpaid: unpaid.length,
      lastPaidMonth: lastPaid,
      flagged: streak >= 6 && !excused,
    });
  }
  return out.sort((a, b) => b.monthsUnpaid - a.monthsUnpaid || a.memberId - b.memberId);
}

/** Members below an organization with an approved base and nothing paid for last month (one query, the cockpit figure). */
export async function countUnpaidLastMonth(db: Executor, orgPath: string, today: string): Promise<number> {
  const last = `${addMonths(monthOf(today), -1)}-01`;
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n
      from members m join orgs o on o.id = m.org_id
     where o.path like ${`${orgPath}%`}
       and m.status in ('probationary', 'full', 'lost_contact')
       and exists (select 1 from dues_declarations d where d.member_id = m.id and d.status = 'approved')
       and not exists (select 1 from dues_payments p where p.member_id = m.id and p.month = ${last}::date)
  `.execute(db);
  return rows[0]?.n ?? 0;
}

export async function declarationRow(db: Executor, id: number) {
  return db
    .selectFrom('duesDeclarations as d')
    .innerJoin('members as m', 'm.id', 'd.memberId')
    .selectAll('d')
    .select('m.name as memberName')
    .where('d.id', '=', id)
    .executeTakeFirst();
}
export type DeclarationRow = NonNullable<Awaited<ReturnType<typeof declarationRow>>>;

export async function declarationsIn(db: Executor, orgPath: string, year?: number) {
  let q = db
    .selectFrom('duesDeclarations as d')
    .innerJoin('members as m', 'm.id', 'd.memberId')
    .selectAll('d')
    .select('m.name as memberName')
    .where('d.orgPath', 'like', `${orgPath}%`);
  if (year) q = q.where('d.year', '=', year);
  return q.orderBy('d.id', 'desc').limit(2000).execute();
}

export async function movementsIn(db: Executor, orgPath: string, year?: number) {
  let q = db
    .selectFrom('duesMovements as v')
    .innerJoin('orgs as o', 'o.id', 'v.orgId')
    .leftJoin('orgs as c', 'c.id', 'v.counterpartOrgId')
    .select([
      'v.id',
      'v.orgId',
      'o.name as orgName',
      'v.kind',
      'c.name as counterpartOrgName',
      'v.amountCents',
      'v.onDate',
      'v.note',
    ])
    .where('v.orgPath', 'like', `${orgPath}%`);
  if (year) q = q.where('v.onDate', '>=', `${year}-01-01`).where('v.onDate', '<=', `${year}-12-31`);
  const rows = await q.orderBy('v.onDate', 'desc').orderBy('v.id', 'desc').limit(1000).execute();
  return rows.map(({ amountCents, ...r }) => ({ ...r, amount: toYuan(amountCents) }));
}
