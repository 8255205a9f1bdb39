import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { getRule } from '../members/index.ts';
import {
  appliesToKind,
  type Catalogue,
  type CatalogueRow,
  holderOf,
  profileFromMap,
  toCatalogue,
} from './catalogue.ts';
import { type ComplianceStatus, exemption, referenceDate } from './compliance.ts';
import { FREQUENCIES, periodOf } from './periods.ts';

/**
 * Supervision figures for a subtree: per direct child and per activity type, how many branches are
 * ok / due / overdue for a month, read from the subtree rollups (org_life_branch_rollups,
 * org_life_held_rollups) that triggers keep in the writing transaction. The reads touch the root,
 * its children and any place-profile boundary below them — never the branches — so the cost does
 * not grow with branches or members.
 *
 * A branch is ok for a type when it held at least `timesPerPeriod` signed meetings in the type's
 * period containing the reference day (as `judge` in compliance.ts); otherwise it is overdue once
 * today is past the period's end, else due. Every branch in a subtree that is not ok has the same
 * status, so counts are enough.
 */

export interface StatusCounts {
  ok: number;
  due: number;
  overdue: number;
  total: number;
}

type TypeCounts = Map<string, StatusCounts>;

export interface SummaryNode {
  orgId: number;
  orgName: string;
  kind: string;
  level: string | null;
  counts: StatusCounts;
  byType: (StatusCounts & { type: string })[];
}

export interface ComplianceSummary {
  period: string;
  /**
   * Asked for the current month: every month of the last year with overdue items, newest first
   * (the supervision page opens on what is late now, not on an empty new month).
   */
  latePeriods?: { period: string; overdue: number }[];
  types: { code: string; name: string; periodStart: string; periodEnd: string }[];
  total: SummaryNode;
  children: (SummaryNode & { rank: number; rate: number })[];
}

interface OrgNode {
  id: number;
  name: string;
  path: string;
  kind: string;
  level: string | null;
}

const empty = (): StatusCounts => ({ ok: 0, due: 0, overdue: 0, total: 0 });

function addInto(target: TypeCounts, source: TypeCounts, sign: 1 | -1): void {
  for (const [type, c] of source) {
    const t = target.get(type) ?? empty();
    t.ok += sign * c.ok;
    t.due += sign * c.due;
    t.overdue += sign * c.overdue;
    t.total += sign * c.total;
    target.set(type, t);
  }
}

export async function computeComplianceSummary(
  db: Executor,
  root: OrgNode,
  month: string,
  today: string,
): Promise<ComplianceSummary> {
  const summary = await figuresOf(db, root, month, today);
  if (month !== today.slice(0, 7)) return summary;
  const latePeriods: { period: string; overdue: number }[] = [];
  if (summary.total.counts.overdue > 0)
    latePeriods.push({ period: month, overdue: summary.total.counts.overdue });
  let [y, m] = month.split('-').map(Number);
  for (let i = 0; i < 12; i++) {
    m -= 1;
    if (m === 0) [y, m] = [y - 1, 12];
    const p = `${y}-${String(m).padStart(2, '0')}`;
    const overdue = (await figuresOf(db, root, p, today)).total.counts.overdue;
    if (overdue > 0) latePeriods.push({ period: p, overdue });
  }
  return { ...summary, latePeriods };
}

async function figuresOf(
  db: Executor,
  root: OrgNode,
  month: string,
  today: string,
): Promise<ComplianceSummary> {
  const ref = referenceDate(month, today);
  const loaded = await loadRollups(db, root, ref);
  const { children, branchRows, heldRows } = loaded;
  // Place-profile assignments on the root's path and inside its subtree: boundaries where the
  // catalogue changes. Figures of a node = its rollup under its own catalogue, minus the rollups
  // of the nearest boundaries below it under that catalogue, plus their own figures.
  const assigned = new Map(loaded.profiles.map((p) => [p.path, p.profile]));
  const inside = loaded.profiles
    .filter((p) => p.path.startsWith(root.path) && p.path !== root.path)
    .map((p) => p.path);
  const nodes = new Map<string, number>([[root.path, root.id]]);
  for (const c of children) nodes.set(c.path, c.id);
  for (const p of loaded.profiles) nodes.set(p.path, p.orgId);

  const profileOf = (p: string) => (assigned.size === 0 ? 'default' : profileFromMap(assigned, p));
  const versions = new Map(loaded.catalogues.map((c) => [c.profile, c]));
  const catalogues = new Map<string, Catalogue>();
  for (const p of nodes.keys()) {
    const profile = profileOf(p);
    if (catalogues.has(profile)) continue;
    const row = versions.get(profile) ?? versions.get('default');
    if (!row) throw new NotFoundError(`${ref} 没有生效的组织生活目录`);
    catalogues.set(profile, toCatalogue(row));
  }
  const branchesOf = new Map<number, Map<string, number>>();
  for (const r of branchRows) {
    const m = branchesOf.get(r.orgId) ?? new Map<string, number>();
    m.set(r.kind, Number(r.n));
    branchesOf.set(r.orgId, m);
  }
  const heldOf = new Map<number, typeof heldRows>();
  for (const r of heldRows) {
    const list = heldOf.get(r.orgId) ?? [];
    list.push(r);
    heldOf.set(r.orgId, list);
  }

  /**
   * Counts of one rollup node as if its whole subtree used `cat` and every branch held every
   * obligation of its kind; `corrections` below adjusts for the organizations that do not.
   */
  function countsUnder(orgId: number, cat: Catalogue): TypeCounts {
    const out: TypeCounts = new Map();
    const kinds = branchesOf.get(orgId);
    for (const t of cat.types) {
      if (holderOf(t) === 'groups') continue;
      const period = periodOf(t.frequency, ref);
      let total = 0;
      for (const k of t.appliesToKinds) total += kinds?.get(k) ?? 0;
      let ok = 0;
      for (const h of heldOf.get(orgId) ?? []) {
        if (
          h.typeCode === t.code &&
          h.frequency === t.frequency &&
          h.periodStart === period.start &&
          h.heldCount >= t.timesPerPeriod &&
          t.appliesToKinds.includes(h.kind)
        )
          ok += Number(h.n);
      }
      const late: ComplianceStatus = today > period.end ? 'overdue' : 'due';
      const c = { ok, due: 0, overdue: 0, total };
      c[late] = total - ok;
      if (total > 0) out.set(t.code, c);
    }
    return out;
  }

  function rollupFigures(path: string): TypeCounts {
    const cat = catalogues.get(profileOf(path))!;
    const out = countsUnder(nodes.get(path)!, cat);
    const below = inside.filter((p) => p.startsWith(path) && p !== path);
    const nearest = below.filter((p) => !below.some((q) => q !== p && p.startsWith(q)));
    for (const p of nearest) {
      addInto(out, countsUnder(nodes.get(p)!, cat), -1);
      addInto(out, rollupFigures(p), 1);
    }
    return out;
  }

  // Organizations whose obligations differ from "every branch holds every type of its kind"
  // (exemption in compliance.ts): party groups (党小组会), branches below the committee threshold,
  // and organizations established after the start of a period. One row each, with its counts.
  const setup = (await getRule(db, 'orgs.setup', root.path, ref)).value;
  const exceptions = await loadExceptions(db, root.path, ref, setup.committeeMinFull);
  const delta = (o: (typeof exceptions)[number]): TypeCounts => {
    const out: TypeCounts = new Map();
    const cat = catalogues.get(profileOf(o.path)) ?? toCatalogueFor(profileOf(o.path));
    for (const t of cat.types) {
      const period = periodOf(t.frequency, ref);
      const counted = holderOf(t) !== 'groups' && t.appliesToKinds.includes(o.kind);
      const holds = appliesToKind(t, o.kind) && exemption(t, o, period, setup) === null;
      if (counted === holds) continue;
      const held = o.held.find(
        (h) => h.typeCode === t.code && h.frequency === t.frequency && h.periodStart === period.start,
      );
      const status: ComplianceStatus =
        (held?.heldCount ?? 0) >= t.timesPerPeriod ? 'ok' : today > period.end ? 'overdue' : 'due';
      const c = empty();
      const sign = holds ? 1 : -1;
      c[status] = sign;
      c.total = sign;
      out.set(t.code, c);
    }
    return out;
  };
  function toCatalogueFor(profile: string): Catalogue {
    const row = versions.get(profile) ?? versions.get('default');
    if (!row) throw new NotFoundError(`${ref} 没有生效的组织生活目录`);
    const cat = toCatalogue(row);
    catalogues.set(profile, cat);
    return cat;
  }
  const deltas = exceptions.map((o) => ({ path: o.path, counts: delta(o) }));

  function figures(path: string): TypeCounts {
    const out = rollupFigures(path);
    for (const d of deltas) if (d.path.startsWith(path)) addInto(out, d.counts, 1);
    for (const [k, c] of out) if (c.total === 0) out.delete(k);
    return out;
  }

  const typeNames = new Map<string, { code: string; name: string; periodStart: string; periodEnd: string }>();
  for (const p of [root.path, ...children.map((c) => c.path), ...inside]) {
    for (const t of catalogues.get(profileOf(p))!.types) {
      if (typeNames.has(t.code)) continue;
      const period = periodOf(t.frequency, ref);
      typeNames.set(t.code, { code: t.code, name: t.name, periodStart: period.start, periodEnd: period.end });
    }
  }

  function toNode(o: OrgNode, byType: TypeCounts): SummaryNode {
    const counts = empty();
    const list = [];
    for (const code of typeNames.keys()) {
      const c = byType.get(code);
      if (!c) continue;
      counts.ok += c.ok;
      counts.due += c.due;
      counts.overdue += c.overdue;
      counts.total += c.total;
      list.push({ type: code, ...c });
    }
    return { orgId: o.id, orgName: o.name, kind: o.kind, level: o.level, counts, byType: list };
  }

  const total = toNode(root, figures(root.path));
  const rows = children
    .map((c) => toNode(c, figures(c.path)))
    .filter((n) => n.counts.total > 0)
    .map((n) => ({ ...n, rate: Math.round((n.counts.ok / n.counts.total) * 1000) / 10 }));
  // Worst first: lowest share on time, then most overdue; ties share a rank.
  rows.sort(
    (a, b) => a.rate - b.rate || b.counts.overdue - a.counts.overdue || a.orgName.localeCompare(b.orgName),
  );
  let rank = 0;
  const ranked = rows.map((r, i) => {
    const prev = rows[i - 1];
    if (!prev || prev.rate !== r.rate || prev.counts.overdue !== r.counts.overdue) rank = i + 1;
    return { ...r, rank };
  });
  return { period: month, types: [...typeNames.values()], total, children: ranked };
}

/**
 * The organizations of a subtree that `exemption` may treat differently from the rollups: every
 * party group, branches below the committee threshold, and organizations established after the
 * start of the earliest period containing `ref` — with their held counts for those periods.
 * Their number grows with such organizations, not with members.
 */
async function loadExceptions(db: Executor, rootPath: string, ref: string, committeeMinFull: number) {
  const pairs = FREQUENCIES.map((f) => periodOf(f, ref));
  const earliest = pairs.reduce((a, p) => (p.start < a ? p.start : a), ref);
  const { rows } = await sql<{
    id: number;
    path: string;
    kind: string;
    establishedOn: string | null;
    fullMembers: number;
    held: { typeCode: string; frequency: string; periodStart: string; heldCount: number }[] | null;
  }>`
    select o.id, o.path, o.kind, o.established_on::text as established_on,
           coalesce(r.n, 0)::int as full_members,
           (select json_agg(json_build_object('typeCode', h.type_code, 'frequency', h.frequency,
                   'periodStart', h.period_start, 'heldCount', h.held_count))
              from org_life_held_counts h
             where h.org_id = o.id and (${sql.join(
               pairs.map((p) => sql`(h.frequency = ${p.frequency} and h.period_start = ${p.start}::date)`),
               sql` or `,
             )})) as held
      from orgs o
      left join member_rollups r on r.org_id = o.id and r.dim = 'status' and r.bucket = 'full'
     where o.path like ${`${rootPath}%`} and o.status = 'active'
       and (o.kind = 'group'
            or (o.kind in ('branch', 'general_branch')
                and (coalesce(r.n, 0) < ${committeeMinFull} or o.established_on > ${earliest}::date)))`.execute(
    db,
  );
  return rows.map((r) => ({ ...r, held: r.held ?? [] }));
}

/**
 * Everything the figures need in one round trip: the children, the place profiles on the root's
 * path and below it, the catalogue versions in effect, and the rollup rows of the root, its
 * children and the profile boundaries for the periods of every frequency that contain `ref`.
 */
async function loadRollups(db: Executor, root: OrgNode, ref: string) {
  const pairs = FREQUENCIES.map((f) => periodOf(f, ref));
  const { rows } = await sql<{
    children: (OrgNode & { sortOrder: number })[];
    profiles: { orgId: number; path: string; profile: string }[];
    catalogues: CatalogueRow[];
    branches: { orgId: number; kind: string; n: number }[] | null;
    held:
      | {
          orgId: number;
          frequency: string;
          periodStart: string;
          typeCode: string;
          kind: string;
          heldCount: number;
          n: number;
        }[]
      | null;
  }>`
    with prof as (
      select p.org_id, o.path, p.profile
        from place_profiles p join orgs o on o.id = p.org_id
       where o.path like ${`${root.path}%`} or ${root.path} like o.path || '%'
    ), nodes as (
      -- The root and its children (found by parent, no id list from the application),
      -- then the profile boundaries below the root (usually none).
      select o.id from orgs o where o.parent_id = ${root.id} or o.id = ${root.id}
      union
      select p.org_id from prof p where p.path like ${`${root.path}_%`}
    ), cats as (
      select distinct on (profile) id, profile, version, effective_from::text as "effectiveFrom", name, source, types
        from org_life_catalogues
       where effective_from <= ${ref}::date and (profile = 'default' or profile in (select profile from prof))
       order by profile, effective_from desc, id desc
    )
    select
      (select coalesce(json_agg(json_build_object('id', id, 'name', name, 'path', path, 'kind', kind,
              'level', level) order by sort_order, id), '[]')
         from orgs where parent_id = ${root.id}) as children,
      (select coalesce(json_agg(json_build_object('orgId', org_id, 'path', path, 'profile', profile)), '[]')
         from prof) as profiles,
      (select coalesce(json_agg(c), '[]') from cats c) as catalogues,
      (select json_agg(json_build_object('orgId', b.org_id, 'kind', b.kind, 'n', b.n))
         from org_life_branch_rollups b
        where b.org_id = any(array(select id from nodes)) and b.n <> 0) as branches,
      (select json_agg(json_build_object('orgId', h.org_id, 'frequency', h.frequency,
              'periodStart', h.period_start, 'typeCode', h.type_code, 'kind', h.kind,
              'heldCount', h.held_count, 'n', h.n))
         from (${sql.join(
           // One exact index range per period (primary key: org, frequency, period start): the
           // rows read are the answer's, whatever the table holds for other periods.
           pairs.map(
             (p) => sql`select * from org_life_held_rollups
                         where org_id = any(array(select id from nodes)) and frequency = ${p.frequency}
                           and period_start = ${p.start}::date and n <> 0`,
           ),
           sql` union all `,
         )}) h) as held
  `.execute(db);
  const r = rows[0]!;
  return {
    children: r.children,
    profiles: r.profiles,
    catalogues: r.catalogues,
    branchRows: r.branches ?? [],
    heldRows: r.held ?? [],
  };
}
