/**
 * Organizational-life benchmark pieces for the bench harness (issue 6 owns `bench/run.ts`):
 *
 *   await seedOrgLifeHistory(db, { from: '2025-12-01', months: 12 });   // signed meetings + attendance
 *   const s = await measureComplianceSummary(db, districtOrgId, '2026-11'); // supervision aggregate
 *   const r = await measureCompliance(db, districtOrgId, '2026-11');      // every branch row
 *
 * The full compliance reads the per-branch summaries (org_life_held_counts, org_life_last_held),
 * so its cost follows branches × types, not attendance rows. The supervision aggregate reads the
 * subtree rollups of the organization and its children, so its cost follows neither.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import {
  computeCompliance,
  computeComplianceSummary,
  rebuildHeldSummaries,
} from '../server/src/modules/org-life/index.ts';
import { chinaDate } from '../server/src/modules/org-life/periods.ts';
import type { Db } from '../server/src/platform/db.ts';

export interface SeedOptions {
  /** First month of history ('YYYY-MM-01'). */
  from: string;
  months: number;
  /** Every n-th branch-month skips its 支委会, so the result has red cells too. */
  skipEvery?: number;
}

/**
 * Signed 支委会 and 主题党日 for every branch and month, with a 主题党日 attendance row for every
 * member of the branch (and its 党小组), then a set-based rebuild of the summaries. 10M attendance
 * rows ≈ 1M members × 10 months.
 */
export async function seedOrgLifeHistory(
  db: Db,
  options: SeedOptions,
): Promise<{ meetings: number; attendance: number }> {
  const skip = options.skipEvery ?? 7;
  const catalogue = await db
    .selectFrom('orgLifeCatalogues')
    .select('id')
    .where('profile', '=', 'default')
    .orderBy('effectiveFrom', 'desc')
    .executeTakeFirstOrThrow();
  const meetings = await sql<{ n: number }>`
    with ins as (
      insert into org_life_meetings (org_id, type_code, catalogue_id, status, topic, planned_on, host_name,
             recorder_name, held_on, minutes, filed_by, filed_at, recorded_at, signed_by, signed_at, updated_at)
      select o.id, t.code, ${catalogue.id}, 'signed', t.name || to_char(d, 'YYYY"年"MM"月"'),
             (d + ((o.id % 20) || ' days')::interval)::date, '书记', '组织委员',
             (d + ((o.id % 20) || ' days')::interval)::date, '会议纪要', 0, now(), now(), 0, now(), now()
        from orgs o
       cross join generate_series(${options.from}::date, ${options.from}::date + (${options.months - 1} || ' months')::interval, '1 month') d
       cross join (values ('committee_meeting', '支委会'), ('theme_day', '主题党日')) t(code, name)
       where o.kind in ('branch', 'general_branch') and o.status = 'active'
         and not (t.code = 'committee_meeting' and (o.id + extract(month from d)::int) % ${skip} = 0)
      returning id
    ) select count(*)::int as n from ins
  `.execute(db);
  // Members of the branch itself, then members of its groups (党小组): two equi-joins (hash joins
  // over members) instead of one join on an `or`, which planned as a nested loop and never
  // finished at 1M members. Each is one set-based insert, no per-row round trips.
  const sources = [
    sql`join members mem on mem.org_id = m.org_id`,
    sql`join orgs g on g.parent_id = m.org_id join members mem on mem.org_id = g.id`,
  ];
  let attendance = 0;
  for (const source of sources) {
    const { rows } = await sql<{ n: number }>`
      with ins as (
        insert into org_life_attendance (meeting_id, org_id, member_id, member_name, can_vote, status, reason)
        select m.id, m.org_id, mem.id, mem.name, mem.status = 'full',
               case when (mem.id + m.id) % 10 = 0 then 'leave' when (mem.id + m.id) % 17 = 0 then 'absent' else 'present' end,
               case when (mem.id + m.id) % 10 = 0 then '外出' end
          from org_life_meetings m
          ${source}
         where m.type_code = 'theme_day' and m.status = 'signed' and mem.status in ('probationary', 'full')
        on conflict do nothing
        returning 1
      ) select count(*)::int as n from ins
    `.execute(db);
    attendance += rows[0].n;
  }
  await sql`
    update org_life_meetings m set expected_count = a.n, present_count = a.p
      from (select meeting_id, count(*)::int n, count(*) filter (where status = 'present')::int p
              from org_life_attendance group by meeting_id) a
     where a.meeting_id = m.id
  `.execute(db);
  await rebuildHeldSummaries(db);
  await sql`analyze org_life_meetings; analyze org_life_attendance; analyze org_life_held_counts; analyze org_life_last_held; analyze org_life_branch_rollups; analyze org_life_held_rollups`.execute(
    db,
  );
  return { meetings: meetings.rows[0].n, attendance };
}

export interface ComplianceMeasure {
  orgId: number;
  period: string;
  rows: number;
  branches: number;
  overdue: number;
  /** Wall time of each run, ms. */
  runs: number[];
  medianMs: number;
}

/** Time `GET /org-life/compliance` work for an organization's subtree (the service call, no HTTP). */
export async function measureCompliance(
  db: Db,
  orgId: number,
  period?: string,
  repeat = 5,
): Promise<ComplianceMeasure> {
  const org = await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirstOrThrow();
  const today = chinaDate(new Date());
  const month = period ?? today.slice(0, 7);
  const runs: number[] = [];
  let rows: Awaited<ReturnType<typeof computeCompliance>> = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    rows = await computeCompliance(db, org.path, month, today);
    runs.push(performance.now() - start);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    orgId,
    period: month,
    rows: rows.length,
    branches: new Set(rows.map((r) => r.orgId)).size,
    overdue: rows.filter((r) => r.status === 'overdue').length,
    runs,
    medianMs: sorted[Math.floor(sorted.length / 2)],
  };
}

export interface SummaryMeasure {
  orgId: number;
  period: string;
  /** Child organizations with branches below them (rows of the supervision table). */
  children: number;
  /** Branch × type obligations the figures cover. */
  obligations: number;
  runs: number[];
  medianMs: number;
}

/** Time `GET /org-life/compliance/summary` work (the service call, no HTTP). */
export async function measureComplianceSummary(
  db: Db,
  orgId: number,
  period?: string,
  repeat = 5,
): Promise<SummaryMeasure> {
  const today = chinaDate(new Date());
  const month = period ?? today.slice(0, 7);
  const runs: number[] = [];
  let result: Awaited<ReturnType<typeof computeComplianceSummary>> | undefined;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    const org = await db
      .selectFrom('orgs')
      .select(['id', 'name', 'path', 'kind', 'level'])
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    result = await computeComplianceSummary(db, org, month, today);
    runs.push(performance.now() - start);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    orgId,
    period: month,
    children: result?.children.length ?? 0,
    obligations: result?.total.counts.total ?? 0,
    runs,
    medianMs: sorted[Math.floor(sorted.length / 2)],
  };
}
