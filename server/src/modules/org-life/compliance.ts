import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import { sourceInWords } from '../../platform/provenance.contract.ts';
import { getRule, hasCommittee, type OrgSetupRule } from '../members/index.ts';
import {
  type ActivityType,
  appliesToKind,
  type Catalogue,
  catalogueFor,
  FIRST_PERIOD_RULE,
  holderOf,
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
  /** Signed meetings of the period whose own record calls them invalid (不足法定人数): not counted. */
  invalidCount?: number;
}

/**
 * A signed meeting whose record calls itself invalid: it put resolutions to the vote and none of
 * them had a quorum (实到有表决权人数未超过应到会半数, "会议无效"). It stays visible but does not
 * close an obligation (issue 13). `m` is the alias of org_life_meetings.
 */
export const INQUORATE = (m = 'm') =>
  sql.raw(`(exists (select 1 from org_life_resolutions r where r.meeting_id = ${m}.id and r.voted)
    and not exists (select 1 from org_life_resolutions r where r.meeting_id = ${m}.id and r.voted and r.quorum_met))`);

/** What decides whether an organization holds an obligation in a period. */
export interface OrgFacts {
  kind: string;
  establishedOn: string | null;
  /** 正式党员 in the organization's subtree. */
  fullMembers: number;
}

/**
 * Why an organization holds no obligation of this type in this period, or null when it does
 * (issue 13): another kind of holder, not yet established (FIRST_PERIOD_RULE), or a branch without
 * a committee for the committee meeting (orgs.setup).
 */
export function exemption(
  type: ActivityType,
  org: OrgFacts,
  period: Period,
  setup: OrgSetupRule,
): string | null {
  if (!appliesToKind(type, org.kind)) return '不适用';
  if (org.establishedOn) {
    if (org.establishedOn > period.end) return `组织 ${org.establishedOn} 成立，${period.label}尚未成立`;
    if (org.establishedOn > period.start && (type.firstPeriod ?? 'exempt') === 'exempt')
      return `组织 ${org.establishedOn} 成立，${FIRST_PERIOD_RULE.text}（${FIRST_PERIOD_RULE.status}）`;
  }
  if (holderOf(type) === 'committee' && !hasCommittee(org.fullMembers, setup))
    return `正式党员 ${org.fullMembers} 人，不足 ${setup.committeeMinFull} 人，不设支部委员会，由支部党员大会履行其职责`;
  return null;
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
  // In words: the catalogue's status letter and reference tags are internal (issue 14).
  return `规则：${sourceInWords(type.rule.text)}（${FREQUENCY_LABELS[type.frequency]}${type.timesPerPeriod > 1 ? ` ${type.timesPerPeriod} 次` : '一次'}）；来源：${sourceInWords(type.rule.source)}`;
}

/** The status of one obligation on a day, and the sentence that explains it. */
export function judge(o: Obligation, today: string): { status: ComplianceStatus; reason: string } {
  const { type, period } = o;
  const invalid = o.invalidCount ? `另有 ${o.invalidCount} 次会议不足法定人数（会议无效），不计入；` : '';
  const last = `${invalid}${o.lastHeldAt ? `上次召开 ${o.lastHeldAt}` : '此前没有已签发的记录'}`;
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
  establishedOn: string | null;
  fullMembers: number;
}

/** Kinds that hold organizational-life obligations: branches, and party groups for 党小组会. */
export const HOLDER_KINDS = ['branch', 'general_branch', 'group'] as const;

/**
 * The organizations of a subtree that hold obligations, with the facts `exemption` reads: kind,
 * established date and full members (member_rollups).
 */
export async function holdersWithin(db: Executor, rootPath: string): Promise<BranchRow[]> {
  const { rows } = await sql<BranchRow>`
    select o.id, o.name, o.path, o.kind, o.established_on::text as established_on,
           coalesce(r.n, 0)::int as full_members
      from orgs o
      left join member_rollups r on r.org_id = o.id and r.dim = 'status' and r.bucket = 'full'
     where o.path like ${`${rootPath}%`} and o.status = 'active'
       and o.kind in ('branch', 'general_branch', 'group')
     order by o.path`.execute(db);
  return rows;
}

/**
 * Invalid (inquorate) signed meetings of some organizations between two days: visible in the
 * reason of the obligation they did not close.
 */
export async function inquorateMeetings(
  db: Executor,
  orgIds: number[],
  from: string,
  to: string,
): Promise<{ orgId: number; typeCode: string; heldOn: string }[]> {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<{ orgId: number; typeCode: string; heldOn: string }>`
    select m.org_id, m.type_code, m.held_on::text as held_on
      from org_life_meetings m
     where m.org_id = any(${sql`${orgIds}::int[]`}) and m.status = 'signed'
       and m.held_on between ${from}::date and ${to}::date and ${INQUORATE('m')}`.execute(db);
  return rows;
}

/**
 * Compliance of the organization at `rootPath` and every branch (and party group) below it for
 * the month, read from the per-branch summaries (org_life_held_counts, org_life_last_held) kept by
 * the signing transaction: the cost grows with branches × types, never with attendance rows. An
 * organization holds no obligation where `exemption` says so (not yet established, no committee,
 * 党小组会 held by its groups).
 */
export async function computeCompliance(
  db: Executor,
  rootPath: string,
  month: string,
  today: string,
): Promise<ComplianceRow[]> {
  const ref = referenceDate(month, today);
  const branches = await holdersWithin(db, rootPath);
  if (branches.length === 0) return [];
  const setup = (await getRule(db, 'orgs.setup', rootPath, ref)).value;

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
  const idList = branches.map((b) => b.id);
  const ids = sql<number[]>`${idList}::int[]`;
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
  const earliest = pairs.reduce((a, p) => (p.start < a ? p.start : a), ref);
  const latest = pairs.reduce((a, p) => (p.end > a ? p.end : a), ref);
  const invalid = await inquorateMeetings(db, idList, earliest, latest);

  const periodOfType = new Map<ActivityType, Period>();
  const profileOfPath = (p: string) => (assigned.size === 0 ? 'default' : profileFromMap(assigned, p));
  const out: ComplianceRow[] = [];
  const needHistory: { row: ComplianceRow; index: number }[] = [];
  for (const b of branches) {
    const cat = catalogues.get(profileOfPath(b.path))!;
    for (const t of cat.types) {
      if (!appliesToKind(t, b.kind)) continue;
      let period = periodOfType.get(t);
      if (!period) {
        period = periodOf(t.frequency, ref);
        periodOfType.set(t, period);
      }
      if (exemption(t, b, period, setup) !== null) continue;
      const c = countOf.get(`${b.id}|${t.code}|${t.frequency}`);
      let lastHeldAt = lastOf.get(`${b.id}|${t.code}`) ?? null;
      if (c) lastHeldAt = lastHeldAt && lastHeldAt <= period.end ? lastHeldAt : c.lastHeldOn;
      const later = lastHeldAt !== null && lastHeldAt > period.end;
      const p = period;
      const invalidCount = invalid.filter(
        (m) => m.orgId === b.id && m.typeCode === t.code && m.heldOn >= p.start && m.heldOn <= p.end,
      ).length;
      const judged = judge(
        {
          type: t,
          period,
          heldCount: c?.heldCount ?? 0,
          lastHeldAt: later ? null : lastHeldAt,
          invalidCount,
        },
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
             and m.status = 'signed' and m.held_on <= q.period_end and not ${INQUORATE('m')}
       group by q.org_id, q.type_code, q.period_end
    `.execute(db);
    const found = new Map(rows.map((r) => [`${r.orgId}|${r.typeCode}`, r.lastHeld]));
    for (const { row } of needHistory) {
      const last = found.get(`${row.orgId}|${row.type}`) ?? null;
      const cat = catalogues.get(profileFromMap(assigned, row.orgPath))!;
      const t = cat.types.find((x) => x.code === row.type)!;
      const period = periodOf(t.frequency, ref);
      const c = countOf.get(`${row.orgId}|${t.code}|${t.frequency}`);
      const invalidCount = invalid.filter(
        (m) =>
          m.orgId === row.orgId &&
          m.typeCode === t.code &&
          m.heldOn >= period.start &&
          m.heldOn <= period.end,
      ).length;
      const judged = judge(
        { type: t, period, heldCount: c?.heldCount ?? 0, lastHeldAt: last, invalidCount },
        today,
      );
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
  /** Whether the organization holds the obligation (`exemption`) and its invalid meetings. */
  opts: {
    exempt?: (type: ActivityType, period: Period) => string | null;
    invalidOf?: (type: ActivityType, period: Period) => number;
  } = {},
) {
  const items = [];
  for (const t of catalogue.types) {
    if (!appliesToKind(t, kind)) continue;
    const current = periodOf(t.frequency, today);
    const prev = periodOf(t.frequency, daysBeforeStart(current));
    for (const period of [prev, current]) {
      if (opts.exempt && opts.exempt(t, period) !== null) continue;
      const o: Obligation = {
        type: t,
        period,
        heldCount: countOf(t, period),
        lastHeldAt: lastOf(t),
        invalidCount: opts.invalidOf?.(t, period) ?? 0,
      };
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
     where m.status = 'signed' and not ${INQUORATE('m')}
     group by 1, 2, 3, 4;
    insert into org_life_last_held (org_id, type_code, last_held_on, meeting_id)
    select distinct on (m.org_id, m.type_code) m.org_id, m.type_code, m.held_on, m.id
      from org_life_meetings m
     where m.status = 'signed' and not ${INQUORATE('m')}
     order by m.org_id, m.type_code, m.held_on desc, m.id desc;
    ${sql.raw(RECOUNT_SQL)}
    select set_config('jiceng.org_life_rollups_off', '', true);
  `.execute(db);
}

/**
 * What `obligationsFor` needs to know about one organization on a day: its exemptions
 * (`exemption`) and its invalid meetings of the periods shown (the current and previous ones).
 */
export async function obligationContext(
  db: Executor,
  org: { id: number; path: string; kind: string },
  date: string,
) {
  const { rows } = await sql<{ n: number; establishedOn: string | null }>`
    select coalesce((select n from member_rollups
                      where org_id = o.id and dim = 'status' and bucket = 'full'), 0)::int as n,
           o.established_on::text as established_on
      from orgs o where o.id = ${org.id}`.execute(db);
  const facts: OrgFacts = {
    kind: org.kind,
    establishedOn: rows[0]?.establishedOn ?? null,
    fullMembers: rows[0]?.n ?? 0,
  };
  const setup = (await getRule(db, 'orgs.setup', org.path, date)).value;
  // The previous yearly period starts at most two years back.
  const invalid = await inquorateMeetings(db, [org.id], `${Number(date.slice(0, 4)) - 1}-01-01`, date);
  return {
    exempt: (type: ActivityType, period: Period) => exemption(type, facts, period, setup),
    invalidOf: (type: ActivityType, period: Period) =>
      invalid.filter((m) => m.typeCode === type.code && m.heldOn >= period.start && m.heldOn <= period.end)
        .length,
  };
}
