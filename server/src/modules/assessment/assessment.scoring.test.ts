import { describe, expect, it } from 'vitest';
import type { FactRef } from './assessment.contract.ts';
import { dimensionTotal, gradeAll, rankAll, scoreIndicator, starsOf, totalOf } from './assessment.scoring.ts';

const fact = (ok: boolean | null, amount = 1): FactRef => ({
  id: 1,
  label: 'x',
  on: '2026-03-01',
  ok,
  amount,
  link: '/x',
});
const ind = (method: 'deduction' | 'ratio' | 'threshold' | 'manual', params = {}, weight = 4) => ({
  name: '指标',
  weight,
  method,
  params,
  what: '整改事项',
});
const grades = { excellent: 90, good: 80, fair: 60, excellentShare: 0.3 };

describe('deduction per occurrence with a floor', () => {
  it('deducts per late record', () => {
    const r = scoreIndicator(ind('deduction', { perOccurrence: 1 }), [fact(false), fact(true), fact(false)]);
    expect(r.points).toBe(2);
    expect(r.explanation).toContain('3项，其中2项未按时完成');
  });
  it('stops at the floor and says so', () => {
    const r = scoreIndicator(ind('deduction', { perOccurrence: 2, floor: 1 }), [
      fact(false),
      fact(false),
      fact(false),
    ]);
    expect(r.points).toBe(1);
    expect(r.explanation).toContain('扣至最低1分为止');
  });
  it('no occurrence deducts nothing (full marks, stated)', () => {
    const r = scoreIndicator(ind('deduction', { perOccurrence: 2 }), []);
    expect(r).toEqual({ points: 4, explanation: '本年度无整改事项，无扣分' });
  });
});

describe('ratio', () => {
  it('share of records that are ok', () => {
    expect(scoreIndicator(ind('ratio'), [fact(true), fact(true), fact(false), fact(true)]).points).toBe(3);
  });
  it('amount against a target, capped at full marks', () => {
    expect(scoreIndicator(ind('ratio', { target: 10, measure: 'amount' }), [fact(true, 4)]).points).toBe(1.6);
    expect(scoreIndicator(ind('ratio', { target: 10, measure: 'amount' }), [fact(true, 40)]).points).toBe(4);
  });
  it('missing data is stated, not zero', () => {
    const r = scoreIndicator(ind('ratio'), []);
    expect(r.points).toBeNull();
    expect(r.explanation).toContain('数据缺失');
  });
});

describe('threshold', () => {
  it('full marks at the threshold, the partial share below it', () => {
    expect(scoreIndicator(ind('threshold', { min: 3 }), [fact(true), fact(true), fact(true)]).points).toBe(4);
    expect(scoreIndicator(ind('threshold', { min: 3, partial: 0.5 }), [fact(true)]).points).toBe(2);
    expect(scoreIndicator(ind('threshold', { min: 3 }), [fact(true)]).points).toBe(0);
  });
  it('no records at all is missing', () => {
    expect(scoreIndicator(ind('threshold', { min: 3 }), []).points).toBeNull();
  });
});

describe('manual', () => {
  it('waits for a reviewer', () => {
    expect(scoreIndicator(ind('manual'), [])).toEqual({ points: null, explanation: '待评审人评分' });
  });
});

describe('totals, grades, share cap, ranks, stars', () => {
  it('leaves missing indicators out of both sides', () => {
    expect(
      totalOf([
        { weight: 50, points: 40 },
        { weight: 50, points: null },
      ]),
    ).toEqual({ total: 80, missing: 1 });
    expect(totalOf([{ weight: 50, points: null }])).toEqual({ total: null, missing: 1 });
  });
  it('caps the share of 优秀', () => {
    const rows = [95, 94, 93, 92, 85, 70, 50, 91, 99, 100].map((total, i) => ({ id: i + 1, total }));
    const g = gradeAll(rows, grades);
    const excellent = [...g.values()].filter((x) => x.grade === '优秀').length;
    expect(excellent).toBe(3);
    expect(g.get(10)?.grade).toBe('优秀');
    expect(g.get(2)?.computed).toBe('优秀');
    expect(g.get(2)?.grade).toBe('较好');
    expect(g.get(1)?.grade).toBe('优秀');
    expect(g.get(7)?.grade).toBe('差');
    expect(g.get(6)?.grade).toBe('一般');
  });
  it('grades at the exact thresholds', () => {
    const g = gradeAll(
      [80, 60, 59.99].map((total, i) => ({ id: i, total })),
      grades,
    );
    expect([...g.values()].map((x) => x.grade)).toEqual(['较好', '一般', '差']);
  });
  it('ranks ties equally within a level, unscored unranked', () => {
    const r = rankAll([
      { id: 1, total: 90, group: 'grid' },
      { id: 2, total: 95, group: 'grid' },
      { id: 3, total: 90, group: 'grid' },
      { id: 4, total: 80, group: 'grid' },
      { id: 5, total: null, group: 'grid' },
      { id: 6, total: 10, group: 'community' },
    ]);
    expect([1, 2, 3, 4, 5, 6].map((id) => r.get(id)?.rank)).toEqual([2, 1, 2, 4, null, 1]);
    expect(r.get(1)?.of).toBe(4);
  });
  it('stars from the total, capped by a veto', () => {
    const rules = { five: 90, four: 80, three: 70, two: 60 };
    expect([95, 85, 75, 65, 10, null].map((t) => starsOf(t, rules))).toEqual([5, 4, 3, 2, 1, 1]);
    expect(starsOf(95, rules, 2)).toBe(2);
  });
});

describe('four dimensions (四维量化)', () => {
  const rules = {
    weights: { daily: 30, special: 20, yearEnd: 30, debriefing: 20 },
    source: '办法',
    debriefing: { anonymous: true, form: [{ key: 'overall', label: '综合', max: 100 }] },
  };
  const item = (dimension: 'daily' | 'special' | 'year_end', weight: number, points: number | null) => ({
    dimension,
    weight,
    points,
  });

  it('weights each dimension on its own 100-point scale', () => {
    const r = dimensionTotal(
      [item('daily', 10, 5), item('daily', 10, 10), item('special', 4, 4), item('year_end', 50, 40)],
      90,
      rules,
    );
    expect(r.dimensions).toEqual({ daily: 75, special: 100, yearEnd: 80, debriefing: 90 });
    // (30×75 + 20×100 + 30×80 + 20×90) / 100
    expect(r.total).toBe(84.5);
    expect(r.missing).toBe(0);
  });

  it('a dimension without data is stated (null) and left out of both sides, not zero', () => {
    const r = dimensionTotal([item('daily', 10, null), item('year_end', 50, 40)], null, rules);
    expect(r.dimensions).toEqual({ daily: null, special: null, yearEnd: 80, debriefing: null });
    expect(r.total).toBe(80);
    expect(r.missing).toBe(1);
    expect(dimensionTotal([item('daily', 10, null)], null, rules).total).toBeNull();
  });

  it('a dimension with weight 0 does not count even with data', () => {
    const r = dimensionTotal([item('year_end', 10, 10)], 10, {
      ...rules,
      weights: { daily: 0, special: 0, yearEnd: 100, debriefing: 0 },
    });
    expect(r.total).toBe(100);
  });
});

describe('ranks among siblings', () => {
  it('ranks organizations of the same level under the same parent, not across the district', () => {
    const r = rankAll([
      { id: 1, total: 70, group: '10:grid' },
      { id: 2, total: 90, group: '10:grid' },
      { id: 3, total: 80, group: '11:grid' },
      { id: 4, total: 60, group: '11:grid' },
    ]);
    expect(r.get(1)).toEqual({ rank: 2, of: 2 });
    expect(r.get(3)).toEqual({ rank: 1, of: 2 });
    expect(r.get(4)).toEqual({ rank: 2, of: 2 });
  });
});
