import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import {
  type ActivityType,
  type Catalogue,
  catalogueFor,
  profileFromMap,
  profilesWithin,
} from './catalogue.ts';
import { RECOUNT_SQL } from './migrations/20261122T100500_org-life_create-compliance-rollups.ts';
import { daysBetween, FREQUENCY_LABELS, type Period, periodOf } from './periods.ts';

export type ComplianceStatus = 'ok' | 'due' | 'overdue';
export type CalendarStatus = 'on_time' | 'due_soon' | 'open' | 'overdue';

export interface Obligation {
  type: ActivityType;
  period: Period;
  heldCount: number;
  lastHeldAt: string | null;
}

const ruleTexts = new WeakMap<ActivityType, string>();
function ruleText(type: ActivityType): string {
  const cached = ruleTexts.get(type);
  if (cached) return cached;
  const text = buildRuleText(type);
  ruleTexts.set(type, text);
  return text;
}

function buildRuleText(type: ActivityType): string {
  return `规则：${type.rule.text}（${FREQUENCY_LABELS[type.frequency]}${type.timesPerPeriod > 1 ? ` ${type.timesPerPeriod} 次` : '一次'}，${type.rule.status}）；来源：${type.rule.source}`;
}

/** The status of one obligation on a day, and the sentence that explains it. */
export function judge(o: Obligation, today: string): { status: ComplianceStatus; reason: string } {
  const { type, period } = o;
  const last = o.lastHeldAt ? `上次召开 ${o.lastHeldAt}` : '此前没有已签发的记录';
  const need = type.timesPerPeriod;
  if (o.heldCount >= need) {
    return {
      status: 'ok',
      reason: `${type.name}：${period.label}已召开 ${o.heldCount} 次（${last}）；${ruleText(type)}`,
    };
  }
  const done = o.heldCount > 0 ? `仅召开 ${o.heldCount} 次，应 ${need} 次` : '尚未召开';
  if (today > period.end) {
    return {
      status: 'overdue',
      reason: `${type.name}：${period.label}${done}，截止 ${period.end}，已逾期；${last}；${ruleText(type)}`,
    };
  }
  const left = daysBetween(today < period.start ? period.start : today, period.end);
  return {
    status: 'due',
    reason: `${type.name}：${period.label}${done}，截止 ${period.end}（还剩 ${left} 天）；${last}；${ruleText(type)}`,
  };
}

/** The calendar's finer status: due soon when the deadline is within the type's dueSoonDays. */
export function calendarStatus(o: Obligation, today: string): CalendarStatus {
  const { status } = judge(o, today);
  if (status === 'ok') return 'on_time';
  if (status === 'overdue') return 'overdue';
  return daysBetween(today, o.period.end) <= o.type.dueSoonDays ? 'due_soon' : 'open';
}

/** The day a 'YYYY-MM' period is judged at: today inside the month, its last day for a past month. */
export function referenceDate(month: string, today: string): string {
  const p = periodOf('monthly', `${month}-01`);
  if (today < p.start) return p.start;
  if (today > p.end) return p.end;
  return today;
}

export interface ComplianceRow {
  orgId: number;
  orgName: string;
  orgPath: string;
  type: string;
  typeName: string;
  status: ComplianceStatus;
  lastHeldAt: string | null;
  reason: string;
  periodStart: string;
  periodEnd: string;
}

interface BranchRow {
  id: number;
  name: string;
  path: string;
  kind: string;
}

/**
 * Compliance of the organization at `rootPath` and every branch below it for the month, read from
 * the per-branch summaries (org_life_held_counts, org_life_last_held) kept by the signing
 * transaction: the cost grows with branches × types, never with attendance rows.
 */
export async function computeCompliance(
  db: Executor,
  rootPath: string,
  month: string,
  today: string,
): Promise<ComplianceRow[]> {
  const ref = referenceDate(month, today);
  const branches = await db
    .selectFrom('orgs')
    .select(['id', 'name', 'path', 'kind'])
    .where('path', 'like', `${rootPath}%`)
    .where('status', '=', 'active')
    .where('kind', 'in', ['branch', 'general_branch'])
    .orderBy('path')
    .execute();
  if (branches.length === 0) return [];

  const assigned = await profilesWithin(db, rootPath);
  const catalogues = new Map<string, Catalogue>();
  for (const profile of new Set(branches.map((b) => profileFromMap(assigned, b.path)))) {
    catalogues.set(profile, await catalogueFor(db, profile, ref));
  }

  // Every (type, period start) pair that can occur, to read all counts in one query.
  const periodStarts = new Map<string, Period>();
  for (const cat of catalogues.values()) {
    for (const t of cat.types) {
      const p = periodOf(t.frequency, ref);
      periodStarts.set(`${t.frequency}|${p.start}`, p);
    }
  }
  const pairs = [...periodStarts.values()];
  // Keyed reads by branch id (one array parameter): no dependence on how well the planner
  // estimates a path prefix, which matters at 60,000 organizations.
  const ids = sql<number[]>`${branches.map((b) => b.id)}::int[]`;
  const counts = await db
    .selectFrom('orgLifeHeldCounts as h')
    .select(['h.orgId', 'h.typeCode', 'h.frequency', 'h.periodStart', 'h.heldCount', 'h.lastHeldOn'])
    .where(sql<boolean>`h.org_id = any(${ids})`)
    .where((eb) =>
      eb.or(
        pairs.map((p) => eb.and([eb('h.frequency', '=', p.frequency), eb('h.periodStart', '=', p.start)])),
      ),
    )
    .execute();
  const countOf = new Map(counts.map((c) => [`${c.orgId}|${c.typeCode}|${c.frequency}`, c]));
  const lastRows = await db
    .selectFrom('orgLifeLastHeld as l')
    .select(['l.orgId', 'l.typeCode', 'l.lastHeldOn'])
    .where(sql<boolean>`l.org_id = any(${ids})`)
    .execute();
  const lastOf = new Map(lastRows.map((l) => [`${l.orgId}|${l.typeCode}`, l.lastHeldOn]));

  const periodOfType = new Map<ActivityType, Period>();
  const profileOfPath = (p: string) => (assigned.size === 0 ? 'default' : profileFromMap(assigned, p));
  const out: ComplianceRow[] = [];
  const needHistory: { row: ComplianceRow; index: number }[] = [];
  for (const b of branches as BranchRow[]) {
    const cat = catalogues.get(profileOfPath(b.path))!;
    for (const t of cat.types) {
      if (!t.appliesToKinds.includes(b.kind)) continue;
      let period = periodOfType.get(t);
      if (!period) {
        period = periodOf(t.frequency, ref);
        periodOfType.set(t, period);
      }
      const c = countOf.get(`${b.id}|${t.code}|${t.frequency}`);
      let lastHeldAt = lastOf.get(`${b.id}|${t.code}`) ?? null;
      if (c) lastHeldAt = lastHeldAt && lastHeldAt <= period.end ? lastHeldAt : c.lastHeldOn;
      const later = lastHeldAt !== null && lastHeldAt > period.end;
      const judged = judge(
        { type: t, period, heldCount: c?.heldCount ?? 0, lastHeldAt: later ? null : lastHeldAt },
        today,
      );
      const row: ComplianceRow = {
        orgId: b.id,
        orgName: b.name,
        orgPath: b.path,
        type: t.code,
        typeName: t.name,
        status: judged.status,
        lastHeldAt: later ? null : lastHeldAt,
        reason: judged.reason,
        periodStart: period.start,
        periodEnd: period.end,
      };
      if (later) needHistory.push({ row, index: out.length });
      out.push(row);
    }
  }
  // A past month asked after later meetings: the last one held by the end of that period.
  if (needHistory.length > 0) {
    const { rows } = await sql<{ orgId: number; typeCode: string; periodEnd: string; lastHeld: string }>`
      select q.org_id, q.type_code, q.period_end, max(m.held_on)::text as last_held
        from jsonb_to_recordset(${JSON.stringify(
          needHistory.map(({ row }) => ({
            org_id: row.orgId,
            type_code: row.type,
            period_end: row.periodEnd,
          })),
        )}::jsonb) as q(org_id integer, type_code text, period_end date)
        join org_life_meetings m on m.org_id = q.org_id and m.type_code = q.type_code
             and m.status = 'signed' and m.held_on <= q.period_end
       group by q.org_id, q.type_code, q.period_end
    `.execute(db);
    const found = new Map(rows.map((r) => [`${r.orgId}|${r.typeCode}`, r.lastHeld]));
    for (const { row } of needHistory) {
      const last = found.get(`${row.orgId}|${row.type}`) ?? null;
      const cat = catalogues.get(profileFromMap(assigned, row.orgPath))!;
      const t = cat.types.find((x) => x.code === row.type)!;
      const period = periodOf(t.frequency, ref);
      const c = countOf.get(`${row.orgId}|${t.code}|${t.frequency}`);
      const judged = judge({ type: t, period, heldCount: c?.heldCount ?? 0, lastHeldAt: last }, today);
      row.lastHeldAt = last;
      row.reason = judged.reason;
    }
  }
  return out;
}

/** The must-do list of one branch on a day: current periods of every type, plus missed previous ones. */
export function obligationsFor(
  catalogue: Catalogue,
  kind: string,
  today: string,
  countOf: (type: ActivityType, period: Period) => number,
  lastOf: (type: ActivityType) => string | null,
) {
  const items = [];
  for (const t of catalogue.types) {
    if (!t.appliesToKinds.includes(kind)) continue;
    const current = periodOf(t.frequency, today);
    const prev = periodOf(t.frequency, daysBeforeStart(current));
    for (const period of [prev, current]) {
      const o: Obligation = { type: t, period, heldCount: countOf(t, period), lastHeldAt: lastOf(t) };
      const status = calendarStatus(o, today);
      if (period === prev && status === 'on_time') continue;
      items.push({ ...o, status, reason: judge(o, today).reason });
    }
  }
  return items;
}

function daysBeforeStart(p: Period): string {
  const d = new Date(`${p.start}T00:00:00Z`);
  return new Date(d.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Rebuild every per-branch summary from the signed records in one set-based pass: for repairs,
 * bulk loads and benchmarks. Gives the same rows as the incremental upkeep in the signing
 * transaction (weeks start on Monday, as in periods.ts).
 */
export async function rebuildHeldSummaries(db: Executor): Promise<void> {
  // One multi-statement query (one implicit transaction): the row-by-row rollup triggers are
  // switched off for it and the subtree rollups are recounted set-based at the end.
  await sql`
    select set_config('jiceng.org_life_rollups_off', 'on', true);
    delete from org_life_held_counts;
    delete from org_life_last_held;
    insert into org_life_held_counts (org_id, type_code, frequency, period_start, held_count, last_held_on)
    select m.org_id, m.type_code, f.frequency,
           case f.frequency
             when 'weekly' then date_trunc('week', m.held_on)::date
             when 'monthly' then date_trunc('month', m.held_on)::date
             when 'quarterly' then date_trunc('quarter', m.held_on)::date
             when 'half_yearly' then make_date(extract(year from m.held_on)::int,
                                               case when extract(month from m.held_on) <= 6 then 1 else 7 end, 1)
             else date_trunc('year', m.held_on)::date
           end as period_start,
           count(*), max(m.held_on)
      from org_life_meetings m
     cross join (values ('weekly'), ('monthly'), ('quarterly'), ('half_yearly'), ('yearly')) f(frequency)
     where m.status = 'signed'
     group by 1, 2, 3, 4;
    insert into org_life_last_held (org_id, type_code, last_held_on, meeting_id)
    select distinct on (org_id, type_code) org_id, type_code, held_on, id
      from org_life_meetings
     where status = 'signed'
     order by org_id, type_code, held_on desc, id desc;
    ${sql.raw(RECOUNT_SQL)}
    select set_config('jiceng.org_life_rollups_off', '', true);
  `.execute(db);
}
