import type { Executor } from '../../platform/db.ts';
import { dualReportingHourFacts } from '../dual-reporting/index.ts';
import { meetingFacts } from '../org-life/index.ts';
import { memberPointFacts } from '../points/index.ts';
import { rectificationFacts } from '../rectification/index.ts';
import { responsibilityFacts } from '../responsibility/index.ts';
import { requestFacts } from '../service-requests/index.ts';
import { volunteerHourFacts } from '../volunteers/index.ts';
import type { FactRef, FactSource } from './assessment.contract.ts';

export type PlacedFact = FactRef & { orgPath: string };

/** What each source's records are called in an explanation. */
export const SOURCE_NAMES: Record<FactSource, string> = {
  'org_life.meetings': '已签发的组织生活会议',
  'requests.completion': '群众诉求',
  'requests.satisfaction': '已回访评价的诉求',
  'rectification.on_time': '到期的整改事项',
  'responsibility.on_time': '到期的责任清单事项',
  'dual_reporting.hours': '双报到服务时长（小时）',
  'volunteers.hours': '志愿服务时长（小时）',
  'points.members': '党员积分',
};

const SATISFIED = new Set(['satisfied', 'basically_satisfied']);

/**
 * The facts of one source over a place's subtree for a year, each through the owning module's
 * exported query (never its tables).
 */
export async function loadFacts(
  db: Executor,
  source: FactSource,
  rootPath: string,
  year: number,
): Promise<PlacedFact[]> {
  const rows = await rawFacts(db, source, rootPath, year);
  return rows.map(({ recordId, ...f }) => ({ ...f, id: recordId }));
}

type RawFact = Omit<PlacedFact, 'id'> & { recordId: number };

async function rawFacts(
  db: Executor,
  source: FactSource,
  rootPath: string,
  year: number,
): Promise<RawFact[]> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  switch (source) {
    case 'org_life.meetings':
      return meetingFacts(db, rootPath, from, to);
    case 'requests.completion':
      return (await requestFacts(db, rootPath, from, to)).map(({ rating: _r, ...f }) => f);
    case 'requests.satisfaction':
      return (await requestFacts(db, rootPath, from, to))
        .filter((f) => f.rating !== null)
        .map(({ rating, ...f }) => ({ ...f, ok: SATISFIED.has(rating ?? '') }));
    case 'rectification.on_time':
      return rectificationFacts(db, rootPath, from, to);
    case 'responsibility.on_time':
      return responsibilityFacts(db, rootPath, from, to);
    case 'dual_reporting.hours':
      return dualReportingHourFacts(db, rootPath, from, to);
    case 'volunteers.hours':
      return volunteerHourFacts(db, rootPath, from, to);
    case 'points.members':
      return memberPointFacts(db, rootPath, year);
  }
}

/**
 * The facts of a source grouped by organization path, answering "the facts of the organization at
 * `path` and below" with a binary search over the sorted paths (no scan per organization).
 */
export class FactIndex {
  private readonly paths: string[];
  private readonly byPath = new Map<string, FactRef[]>();

  constructor(facts: PlacedFact[]) {
    for (const { orgPath, ...f } of facts) {
      const list = this.byPath.get(orgPath) ?? [];
      list.push({ ...f, ok: f.ok ?? null, amount: Number(f.amount) });
      this.byPath.set(orgPath, list);
    }
    this.paths = [...this.byPath.keys()].sort();
  }

  within(path: string): FactRef[] {
    let lo = 0;
    let hi = this.paths.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.paths[mid] < path) lo = mid + 1;
      else hi = mid;
    }
    const out: FactRef[] = [];
    for (let i = lo; i < this.paths.length && this.paths[i].startsWith(path); i++) {
      out.push(...(this.byPath.get(this.paths[i]) ?? []));
    }
    return out;
  }
}
