/**
 * Assessment benchmark pieces for the bench harness (issue 16):
 *
 *   scoped.push(...assessmentReads(api, { streetId, districtId }, street, district)); // HTTP reads
 *   await measureAssessmentRecompute(db, districtId, p, rows);                        // full recomputation
 *
 * Scores are kept current by recomputation and stored one row per organization, so reading a
 * street's or the district's board is one indexed range read on the path (target ≤ 5× the
 * indexed lookup); the recomputation of the whole district is reported with the number scored.
 */
import { performance } from 'node:perf_hooks';
import { recomputeSchemeOf } from '../server/src/modules/assessment/index.ts';
import type { Db } from '../server/src/platform/db.ts';
import { type BenchRow, row } from './lib/stats.ts';

const year = () => new Date().getUTCFullYear();

/** The board of a street and of the district (the page's read) and the stable contract with every indicator. */
export function assessmentReads(
  api: string,
  ids: { streetId: number; districtId: number },
  street: string,
  district: string,
): { key: string; url: string; cookie: string; limit?: number }[] {
  return [
    {
      key: 'assessment-board.street',
      url: `${api}/assessment/board?orgId=${ids.streetId}&year=${year()}`,
      cookie: street,
      limit: 5,
    },
    {
      key: 'assessment-board.district',
      url: `${api}/assessment/board?orgId=${ids.districtId}&year=${year()}`,
      cookie: district,
      limit: 5,
    },
    {
      key: 'assessment-scores.street',
      url: `${api}/assessment/scores?orgId=${ids.streetId}&year=${year()}`,
      cookie: street,
    },
  ];
}

/** The full recomputation of the district's published scheme (every branch, every indicator), timed. */
export async function measureAssessmentRecompute(db: Db, districtId: number, p: string, rows: BenchRow[]) {
  const start = performance.now();
  const out = await recomputeSchemeOf(db, districtId, year());
  if (!out) return;
  rows.push(row(`${p}.inproc.assessment-recompute.district`, performance.now() - start, 'ms'));
  rows.push(row(`${p}.inproc.assessment-recompute.district.scored`, out.scored, 'rows'));
}
