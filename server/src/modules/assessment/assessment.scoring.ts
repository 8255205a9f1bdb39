import type {
  DimensionRules,
  DimensionScores,
  FactRef,
  Grade,
  GradeRules,
  IndicatorDimension,
  IndicatorParams,
  ScoringMethod,
  StarRules,
} from './assessment.contract.ts';

/** An indicator as the scoring reads it. */
export interface ScoredIndicator {
  name: string;
  weight: number;
  method: ScoringMethod;
  params: IndicatorParams;
  /** What the records are, in Chinese (e.g. 已签发的会议), for the explanation. */
  what: string;
}

export interface IndicatorResult {
  points: number | null;
  explanation: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => String(round2(n));

/**
 * The points of one automatic indicator from its facts, with the sentence that explains them.
 * No records at all is stated as missing data (null), never scored as zero — except for
 * deductions, where no occurrence means nothing is deducted.
 */
export function scoreIndicator(ind: ScoredIndicator, facts: FactRef[]): IndicatorResult {
  const p = ind.params;
  const n = facts.length;
  if (ind.method === 'manual') return { points: null, explanation: '待评审人评分' };
  if (ind.method === 'deduction') {
    const per = p.perOccurrence ?? 1;
    const floor = Math.min(p.floor ?? 0, ind.weight);
    const bad = facts.filter((f) => f.ok === false).length;
    const raw = ind.weight - bad * per;
    const points = round2(Math.max(floor, raw));
    if (n === 0) return { points, explanation: `本年度无${ind.what}，无扣分` };
    const floorNote = raw < floor ? `，扣至最低${fmt(floor)}分为止` : '';
    return {
      points,
      explanation: `${ind.what}${n}项，其中${bad}项未按时完成，每项扣${fmt(per)}分${floorNote}，得${fmt(points)}分`,
    };
  }
  if (n === 0) {
    return {
      points: null,
      explanation: `数据缺失：本年度没有${ind.what}，该项不计分（不按0分计），总分按其余指标折算`,
    };
  }
  const value = p.measure === 'amount' ? facts.reduce((s, f) => s + f.amount, 0) : n;
  const unit = p.measure === 'amount' ? '' : '项';
  if (ind.method === 'ratio') {
    if (p.target) {
      const share = Math.min(1, value / p.target);
      const points = round2(ind.weight * share);
      return {
        points,
        explanation: `${ind.what}合计${fmt(value)}${unit}，目标${fmt(p.target)}${unit}，完成${fmt(share * 100)}%，得${fmt(points)}分`,
      };
    }
    const ok = facts.filter((f) => f.ok === true).length;
    const rated = facts.filter((f) => f.ok !== null).length;
    if (rated === 0) {
      return { points: null, explanation: `数据缺失：${n}项${ind.what}均无结果，该项不计分（不按0分计）` };
    }
    const points = round2((ind.weight * ok) / rated);
    return {
      points,
      explanation: `${ind.what}${rated}项，达标${ok}项（${fmt((ok / rated) * 100)}%），得${fmt(points)}分`,
    };
  }
  // threshold
  const min = p.min ?? 1;
  if (value >= min) {
    return {
      points: ind.weight,
      explanation: `${ind.what}${fmt(value)}${unit}，达到${fmt(min)}${unit}的标准，得满分${fmt(ind.weight)}分`,
    };
  }
  const points = round2(ind.weight * (p.partial ?? 0));
  return {
    points,
    explanation: `${ind.what}${fmt(value)}${unit}，未达到${fmt(min)}${unit}的标准，得${fmt(points)}分`,
  };
}

/**
 * The total on a 100-point scale over the indicators that have data: missing indicators are left
 * out of both sides (stated in `missing`), so missing data neither counts as zero nor as full marks.
 */
export function totalOf(items: { weight: number; points: number | null }[]): {
  total: number | null;
  missing: number;
} {
  const scored = items.filter((i) => i.points !== null);
  const missing = items.length - scored.length;
  const weight = scored.reduce((s, i) => s + i.weight, 0);
  if (weight === 0) return { total: null, missing };
  const points = scored.reduce((s, i) => s + (i.points ?? 0), 0);
  return { total: round2((100 * points) / weight), missing };
}

const DIMENSION_KEYS: [IndicatorDimension, keyof DimensionScores][] = [
  ['daily', 'daily'],
  ['special', 'special'],
  ['year_end', 'yearEnd'],
];

/**
 * The total over the four dimensions (四维量化): each indicator dimension on its own 100-point
 * scale (missing indicators left out, as in `totalOf`), the debriefing dimension from the closed
 * debriefings' ratings, weighted by the scheme. A dimension without data (or without weight) is
 * left out of both sides, so missing data is stated (null) and never counted as zero.
 */
export function dimensionTotal(
  items: { dimension: IndicatorDimension; weight: number; points: number | null }[],
  debriefing: number | null,
  rules: DimensionRules,
): { total: number | null; missing: number; dimensions: DimensionScores } {
  const dimensions: DimensionScores = { daily: null, special: null, yearEnd: null, debriefing };
  for (const [dim, key] of DIMENSION_KEYS) {
    const of = items.filter((i) => i.dimension === dim);
    dimensions[key] = of.length === 0 ? null : totalOf(of).total;
  }
  let weight = 0;
  let sum = 0;
  for (const key of ['daily', 'special', 'yearEnd', 'debriefing'] as const) {
    const w = rules.weights[key];
    const v = dimensions[key];
    if (w > 0 && v !== null) {
      weight += w;
      sum += w * v;
    }
  }
  const missing = items.filter((i) => i.points === null).length;
  return { total: weight === 0 ? null : round2(sum / weight), missing, dimensions };
}

export function gradeOf(total: number | null, rules: GradeRules): Grade | null {
  if (total === null) return null;
  if (total >= rules.excellent) return '优秀';
  if (total >= rules.good) return '较好';
  if (total >= rules.fair) return '一般';
  return '差';
}

/**
 * Grades of a whole population with the share cap on 优秀: the best totals keep 优秀 up to
 * floor(n × share) of the scored organizations; the rest fall to 较好 (ties broken by id).
 */
export function gradeAll<T extends { id: number; total: number | null }>(
  rows: T[],
  rules: GradeRules,
): Map<number, { computed: Grade | null; grade: Grade | null }> {
  const out = new Map<number, { computed: Grade | null; grade: Grade | null }>();
  const scored = rows.filter((r) => r.total !== null).length;
  const allowed = Math.floor(scored * rules.excellentShare);
  const excellent = rows
    .filter((r) => gradeOf(r.total, rules) === '优秀')
    .sort((a, b) => (b.total ?? 0) - (a.total ?? 0) || a.id - b.id);
  const kept = new Set(excellent.slice(0, allowed).map((r) => r.id));
  for (const r of rows) {
    const computed = gradeOf(r.total, rules);
    out.set(r.id, { computed, grade: computed === '优秀' && !kept.has(r.id) ? '较好' : computed });
  }
  return out;
}

/**
 * Competition ranks (1, 2, 2, 4) by total within each group — the caller groups organizations of
 * the same level under the same parent (siblings), never a level across the whole district;
 * unscored rows have no rank.
 */
export function rankAll<T extends { id: number; total: number | null; group: string }>(
  rows: T[],
): Map<number, { rank: number | null; of: number }> {
  const out = new Map<number, { rank: number | null; of: number }>();
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  for (const members of groups.values()) {
    const scored = members.filter((r) => r.total !== null).sort((a, b) => (b.total ?? 0) - (a.total ?? 0));
    scored.forEach((r, i) => {
      const prev = scored[i - 1];
      const rank = prev && prev.total === r.total ? (out.get(prev.id)?.rank ?? i + 1) : i + 1;
      out.set(r.id, { rank, of: scored.length });
    });
    for (const r of members) if (r.total === null) out.set(r.id, { rank: null, of: scored.length });
  }
  return out;
}

/** Stars 1–5 from the total; a veto caps them. */
export function starsOf(total: number | null, rules: StarRules, vetoCap?: number | null): number {
  const t = total ?? 0;
  const computed = t >= rules.five ? 5 : t >= rules.four ? 4 : t >= rules.three ? 3 : t >= rules.two ? 2 : 1;
  return vetoCap ? Math.min(computed, vetoCap) : computed;
}
