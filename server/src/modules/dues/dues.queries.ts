import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import type { DuesCategory, DuesChannel } from './dues.contract.ts';
import { addMonths, monthOf, toYuan } from './dues.rules.ts';

export interface DeclRow {
  id: number;
  memberId: number;
  year: number;
  fromMonth: number;
  category: DuesCategory;
  monthlyCents: number;
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

/** The approved declaration in force for a month ('YYYY-MM'): the latest one starting on or before it. */
export function declarationFor(decls: DeclRow[], memberId: number, month: string): DeclRow | undefined {
  let found: DeclRow | undefined;
  for (const d of decls) {
    if (d.memberId !== memberId) continue;
    const start = `${d.year}-${String(d.fromMonth).padStart(2, '0')}`;
    if (start <= month) found = d;
  }
  return found;
}

/** A month's position on one axis (year × 12 + month − 1), to count months between two dates in SQL. */
const monthIndex = (date: RawBuilder<unknown>) =>
  sql`(extract(year from ${date})::int * 12 + extract(month from ${date})::int - 1)`;

/**
 * The members below an organization in the register, each with the first month they owe dues: the
 * first month of their first approved declaration, else January of this year; never before the
 * month they joined. One statement, the source of the ledger and the arrears.
 */
function owingMembers(scope: DuesScope, today: string) {
  return sql`
    select m.id, m.name, m.org_id, o.path as org_path,
           greatest(date_trunc('month', m.joined_on)::date,
                    coalesce(fd.first_month, date_trunc('year', ${today}::date)::date)) as first_owed
      from members m
      join orgs o on o.id = m.org_id
      left join lateral (
        select make_date(d.year, d.from_month, 1) as first_month
          from dues_declarations d
         where d.member_id = m.id and d.status = 'approved'
         order by d.year, d.from_month, d.id
         limit 1) fd on true
     where ${scopeFilter(scope)}
       and m.status in ('probationary', 'full', 'lost_contact')`;
}

/** Whose dues: the members below an organization, one organization's own members, or given members. */
export type DuesScope = { orgPath: string } | { orgId: number } | { memberIds: number[] };

function scopeFilter(scope: DuesScope) {
  if ('memberIds' in scope) return sql`m.id in (${sql.join(scope.memberIds.length ? scope.memberIds : [0])})`;
  if ('orgId' in scope) return sql`m.org_id = ${scope.orgId}`;
  return sql`o.path like ${`${scope.orgPath}%`}`;
}

/**
 * Arrears of every member below an organization as of the last complete month, set-based: months
 * owed counted from the first owed month (across year boundaries), months paid from the payments
 * (one row per member and month), the last month paid, the trailing run of unpaid months and the
 * flag of six or more of them with no reason recorded over the run (the branch handles it under
 * the rules; the software flags and records, it never removes a member).
 */
function arrearsSql(scope: DuesScope, today: string) {
  const last = sql`(date_trunc('month', ${today}::date) - interval '1 month')::date`;
  return sql`
    with o as (${owingMembers(scope, today)}),
    a as (
      select o.id, o.org_id, o.org_path, o.first_owed,
             greatest(0, ${monthIndex(last)} - ${monthIndex(sql`o.first_owed`)} + 1) as owed,
             coalesce(p.paid, 0) as paid, p.last_paid,
             greatest(o.first_owed, (p.last_paid + interval '1 month')::date) as run_from
        from o
        left join lateral (
          select count(*) filter (where q.month >= o.first_owed)::int as paid, max(q.month) as last_paid
            from dues_payments q
           where q.member_id = o.id and q.month <= ${last}) p on true
    )
    select a.id as member_id, a.org_id, a.org_path, a.owed - a.paid as months_unpaid, a.last_paid,
           greatest(0, ${monthIndex(last)} - ${monthIndex(sql`a.run_from`)} + 1) >= 6
             and not exists (
               select 1 from dues_reasons r
                where r.member_id = a.id and r.to_month >= a.run_from and r.from_month <= ${last}) as flagged
      from a
     where a.owed - a.paid > 0`;
}

export interface ArrearsItem {
  memberId: number;
  monthsUnpaid: number;
  lastPaidMonth: string | null;
  flagged: boolean;
  name?: string;
  orgName?: string;
}

/**
 * Arrears of the members below an organization (the stable contract's list), most months unpaid
 * first; a page of them when asked (`total` counts them all).
 */
export async function arrearsOf(
  db: Executor,
  scope: DuesScope,
  today: string,
  page?: { page: number; pageSize: number },
  names = false,
): Promise<{ items: ArrearsItem[]; total: number }> {
  const limit = page ? sql`limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}` : sql``;
  const { rows } = await sql<{
    memberId: number;
    monthsUnpaid: number;
    lastPaid: string | null;
    flagged: boolean;
    total: number;
  }>`
    select x.member_id, x.months_unpaid, to_char(x.last_paid, 'YYYY-MM') as last_paid, x.flagged,
           count(*) over ()::int as total
      from (${arrearsSql(scope, today)}) x
     order by x.months_unpaid desc, x.member_id
     ${limit}`.execute(db);
  const labels = new Map<number, { name: string; orgName: string }>();
  if (names && rows.length) {
    const found = await db
      .selectFrom('members as m')
      .innerJoin('orgs as o', 'o.id', 'm.orgId')
      .select(['m.id', 'm.name', 'o.name as orgName'])
      .where(
        'm.id',
        'in',
        rows.map((r) => r.memberId),
      )
      .execute();
    for (const f of found) labels.set(f.id, { name: f.name, orgName: f.orgName });
  }
  const items = rows.map((r) => ({
    memberId: r.memberId,
    monthsUnpaid: Number(r.monthsUnpaid),
    lastPaidMonth: r.lastPaid,
    flagged: r.flagged,
    ...(names ? labels.get(r.memberId) : {}),
  }));
  let total = rows[0]?.total ?? 0;
  if (page && rows.length === 0 && page.page > 1) {
    const { rows: n } = await sql<{ n: number }>`
      select count(*)::int as n from (${arrearsSql(scope, today)}) x`.execute(db);
    total = n[0]?.n ?? 0;
  }
  return { items, total };
}

/**
 * Recompute the stored figures of organizations' own members as of the last complete month: one
 * organization (after a dues write for one of its members, in the writing transaction) or every
 * organization of a subtree. One set-based statement.
 */
export async function refreshOrgFigures(
  db: Executor,
  scope: { orgPath: string } | { orgId: number },
  today: string,
): Promise<void> {
  const last = sql`(date_trunc('month', ${today}::date) - interval '1 month')::date`;
  const orgs = 'orgId' in scope ? sql`o.id = ${scope.orgId}` : sql`o.path like ${`${scope.orgPath}%`}`;
  const payments =
    'orgId' in scope ? sql`p.org_id = ${scope.orgId}` : sql`p.org_path like ${`${scope.orgPath}%`}`;
  await sql`
    delete from dues_org_figures f using orgs o where o.id = f.org_id and ${orgs}`.execute(db);
  await sql`
    insert into dues_org_figures (org_id, as_of, members, owing, flagged, months_unpaid, paid_last_month)
    select o.id, ${last}, coalesce(mem.n, 0), coalesce(arr.owing, 0), coalesce(arr.flagged, 0),
           coalesce(arr.months_unpaid, 0), coalesce(paid.n, 0)
      from orgs o
      left join (
        select m.org_id, count(*)::int as n
          from members m join orgs o on o.id = m.org_id
         where ${scopeFilter(scope)} and m.status in ('probationary', 'full', 'lost_contact')
         group by m.org_id) mem on mem.org_id = o.id
      left join (
        select x.org_id, count(*)::int as owing, count(*) filter (where x.flagged)::int as flagged,
               sum(x.months_unpaid)::int as months_unpaid
          from (${arrearsSql(scope, today)}) x
         group by x.org_id) arr on arr.org_id = o.id
      left join (
        select p.org_id, count(*)::int as n from dues_payments p
         where ${payments} and p.month = ${last}
         group by p.org_id) paid on paid.org_id = o.id
     where ${orgs} and (mem.n is not null or paid.n is not null)
     order by o.id
    on conflict (org_id) do update set
      as_of = excluded.as_of, members = excluded.members, owing = excluded.owing,
      flagged = excluded.flagged, months_unpaid = excluded.months_unpaid,
      paid_last_month = excluded.paid_last_month, computed_at = now()`.execute(db);
}

/**
 * The dues figures of an organization's subtree, per child organization (the district's
 * supervision read), added up from the stored figures of each organization's own members: members
 * in the register, those in arrears, months unpaid, the flagged, and last month's payments. The
 * subtree is recomputed first (one statement) when its stored rows are of an older month or no
 * longer count the register's members (members added, moved out or struck off by other modules).
 */
export async function arrearsSummary(db: Executor, org: { id: number; path: string }, today: string) {
  const last = sql`(date_trunc('month', ${today}::date) - interval '1 month')::date`;
  const { rows: check } = await sql<{ stale: boolean }>`
    select coalesce(bool_or(f.as_of <> ${last}), false)
           or coalesce(sum(f.members), 0) <> coalesce((select r.n from member_rollups r
                where r.org_id = ${org.id} and r.dim = 'all' and r.bucket = 'all'), 0) as stale
      from dues_org_figures f join orgs o on o.id = f.org_id
     where o.path like ${`${org.path}%`}`.execute(db);
  if (check[0]?.stale !== false) {
    if (db.isTransaction) {
      await refreshOrgFigures(db, { orgPath: org.path }, today);
      return summedFigures(db, org);
    }
    // In a transaction: on the primary (a replica takes no writes), and the sums read what it wrote.
    return db.transaction().execute(async (trx) => {
      await refreshOrgFigures(trx, { orgPath: org.path }, today);
      return summedFigures(trx, org);
    });
  }
  return summedFigures(db, org);
}

async function summedFigures(db: Executor, org: { id: number; path: string }) {
  // The child organization a row's path falls under (null: the organization itself).
  const child = sql`nullif(split_part(substr(o.path, ${org.path.length + 1}), '/', 1), '')::int`;
  const { rows } = await sql<{
    orgId: number;
    name: string;
    members: number;
    owing: number;
    flagged: number;
    monthsUnpaid: number;
    paidLastMonth: number;
  }>`
    with kids as (
      select c.id, c.name, c.sort_order from orgs c where c.parent_id = ${org.id}
      union all
      select o.id, o.name, -1 from orgs o where o.id = ${org.id}
    ),
    sums as (
      select coalesce(${child}, ${org.id}) as k, sum(f.members)::int as members, sum(f.owing)::int as owing,
             sum(f.flagged)::int as flagged, sum(f.months_unpaid)::int as months_unpaid,
             sum(f.paid_last_month)::int as paid_last_month
        from dues_org_figures f join orgs o on o.id = f.org_id
       where o.path like ${`${org.path}%`}
       group by 1
    )
    select k.id as org_id, k.name, coalesce(s.members, 0) as members, coalesce(s.owing, 0) as owing,
           coalesce(s.flagged, 0) as flagged, coalesce(s.months_unpaid, 0) as months_unpaid,
           coalesce(s.paid_last_month, 0) as paid_last_month
      from kids k
      left join sums s on s.k = k.id
     order by k.sort_order, k.id`.execute(db);
  return rows;
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

export type LedgerStatus = 'on_time' | 'advance' | 'late' | 'unpaid' | 'not_yet';

/**
 * An organization's monthly ledger for a year, set-based: its members in the register (a page of
 * them, by branch and id), each month from generate_series joined with the payment and the approved
 * declaration in force; the status of each month (on time, in advance, late, unpaid, not yet owed)
 * is decided in SQL, and the totals are over the whole subtree.
 */
export async function ledgerOf(
  db: Executor,
  org: { id: number; path: string } | { id: null; memberIds: number[] },
  year: number,
  today: string,
  page: { page: number; pageSize: number },
) {
  const scope: DuesScope = 'path' in org ? { orgPath: org.path } : { memberIds: org.memberIds };
  const months = sql`(select make_date(${year}, g, 1) as month from generate_series(1, 12) g)`;
  const current = sql`date_trunc('month', ${today}::date)::date`;
  const cell = sql`
    left join dues_payments p on p.member_id = o.id and p.month = mo.month
    left join lateral (
      select d.monthly_cents from dues_declarations d
       where d.member_id = o.id and d.status = 'approved' and make_date(d.year, d.from_month, 1) <= mo.month
       order by d.year desc, d.from_month desc, d.id desc
       limit 1) d on true`;
  const [{ rows }, { rows: totals }] = await Promise.all([
    sql<{
      memberId: number;
      name: string;
      category: DuesCategory | null;
      monthlyCents: number | null;
      month: string;
      dueCents: number | null;
      paidCents: number | null;
      paidOn: string | null;
      channel: DuesChannel | null;
      receiptNo: string | null;
      status: LedgerStatus;
      total: number;
    }>`
      with o as (
        select x.*, count(*) over ()::int as total
          from (${owingMembers(scope, today)}) x
         order by x.org_id, x.id
         limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}
      )
      select o.id as member_id, o.name, cur.category, cur.monthly_cents, to_char(mo.month, 'YYYY-MM') as month,
             coalesce(p.due_cents, case when mo.month >= o.first_owed then d.monthly_cents end) as due_cents,
             p.paid_cents, to_char(p.paid_on, 'YYYY-MM-DD') as paid_on, p.channel, p.receipt_no,
             case when p.id is not null then
                    case when date_trunc('month', p.paid_on) < mo.month then 'advance'
                         when date_trunc('month', p.paid_on) = mo.month then 'on_time' else 'late' end
                  when mo.month >= ${current} or mo.month < o.first_owed then 'not_yet'
                  else 'unpaid' end as status,
             o.total
        from o
        cross join ${months} mo
        ${cell}
        left join lateral (
          select c.category, c.monthly_cents from dues_declarations c
           where c.member_id = o.id and c.status = 'approved'
           order by c.year desc, c.from_month desc, c.id desc
           limit 1) cur on true
       order by o.org_id, o.id, mo.month`.execute(db),
    sql<{ dueCents: number | null; paidCents: number | null }>`
      with o as (${owingMembers(scope, today)})
      select sum(coalesce(p.due_cents,
                          case when mo.month >= o.first_owed and mo.month < ${current} then d.monthly_cents end)
             )::bigint as due_cents,
             sum(p.paid_cents)::bigint as paid_cents
        from o
        cross join ${months} mo
        ${cell}`.execute(db),
  ]);
  const byMember = new Map<
    number,
    {
      memberId: number;
      name: string;
      category: DuesCategory | null;
      monthly: number | null;
      months: {
        month: string;
        due: number | null;
        paid: number | null;
        paidOn: string | null;
        channel: DuesChannel | null;
        receiptNo: string | null;
        status: LedgerStatus;
      }[];
      paidTotal: number;
    }
  >();
  for (const r of rows) {
    let m = byMember.get(r.memberId);
    if (!m) {
      m = {
        memberId: r.memberId,
        name: r.name,
        category: r.category,
        monthly: r.monthlyCents === null ? null : toYuan(r.monthlyCents),
        months: [],
        paidTotal: 0,
      };
      byMember.set(r.memberId, m);
    }
    m.months.push({
      month: r.month,
      due: r.dueCents === null ? null : toYuan(r.dueCents),
      paid: r.paidCents === null ? null : toYuan(r.paidCents),
      paidOn: r.paidOn,
      channel: r.channel,
      receiptNo: r.receiptNo,
      status: r.status,
    });
    m.paidTotal += Number(r.paidCents ?? 0);
  }
  const list = [...byMember.values()].map((m) => ({ ...m, paidTotal: toYuan(m.paidTotal) }));
  return {
    orgId: org.id,
    year,
    rows: list,
    dueTotal: toYuan(Number(totals[0]?.dueCents ?? 0)),
    paidTotal: toYuan(Number(totals[0]?.paidCents ?? 0)),
    page: { page: page.page, pageSize: page.pageSize, total: rows[0]?.total ?? 0 },
  };
}
