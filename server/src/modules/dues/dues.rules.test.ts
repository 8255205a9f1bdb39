import { describe, expect, it } from 'vitest';
import type { DuesCategory } from './dues.contract.ts';
import { addMonths, monthlyDue, monthsBetween } from './dues.rules.ts';
import type { DuesSchedule } from './dues.tables.ts';

const brackets = [
  { upTo: 3000, rate: 0.005 },
  { upTo: 5000, rate: 0.01 },
  { upTo: 10000, rate: 0.015 },
  { upTo: null, rate: 0.02 },
];
const schedule: DuesSchedule = {
  employed: { brackets },
  annualSalary: { brackets },
  other: { brackets },
  retired: {
    brackets: [
      { upTo: 5000, rate: 0.005 },
      { upTo: null, rate: 0.01 },
    ],
  },
  farmer: { fixed: 1 },
  student: { fixed: 0.2 },
  unemployed: { fixed: 0.2 },
};
const due = (category: DuesCategory, base: number) => monthlyDue(schedule, category, Math.round(base * 100));

describe('dues by bracket (the rate applies to the whole base)', () => {
  it.each([
    ['employed', 0, 0, 0.005],
    ['employed', 3000, 1500, 0.005],
    ['employed', 3000.01, 3000, 0.01],
    ['employed', 5000, 5000, 0.01],
    ['employed', 5000.01, 7500, 0.015],
    ['employed', 5400, 8100, 0.015],
    ['employed', 10000, 15000, 0.015],
    ['employed', 10000.01, 20000, 0.02],
    ['annual_salary', 3000, 1500, 0.005],
    ['annual_salary', 12000, 24000, 0.02],
    ['other', 4000, 4000, 0.01],
    ['retired', 5000, 2500, 0.005],
    ['retired', 5000.01, 5000, 0.01],
    ['retired', 8000, 8000, 0.01],
  ] as const)('%s %d → %d fen at %d', (category, base, cents, rate) => {
    expect(due(category, base)).toEqual({ cents, rate });
  });

  it('fixed amounts for farmers, students, unemployed and low income, whatever the base', () => {
    expect(due('farmer', 2000)).toEqual({ cents: 100, rate: null });
    expect(due('student', 0)).toEqual({ cents: 20, rate: null });
    expect(due('unemployed', 900)).toEqual({ cents: 20, rate: null });
  });

  it('rounds to the fen, halves up', () => {
    expect(due('employed', 3333.33).cents).toBe(3333); // 33.3333
    expect(due('employed', 4444.5).cents).toBe(4445); // 44.445 → 44.45
  });
});

describe('months', () => {
  it('counts across the year boundary', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2027-02', '2027-01')).toEqual([]);
  });
});
