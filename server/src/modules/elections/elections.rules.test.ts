import { describe, expect, it } from 'vitest';
import {
  addMonthsTo,
  electedOf,
  minCandidates,
  quorumMet,
  structureOf,
  termLengthOf,
  termStanding,
} from './elections.rules.ts';

const lengths = { committee: 5, generalBranch: 3, branch: 3, villageCommunity: 5 };

describe('terms', () => {
  it('lengths by kind and level', () => {
    expect(termLengthOf(lengths, { kind: 'committee', level: 'community' })).toBe(5);
    expect(termLengthOf(lengths, { kind: 'branch', level: 'community' })).toBe(5);
    expect(termLengthOf(lengths, { kind: 'branch', level: 'grid' })).toBe(3);
    expect(termLengthOf(lengths, { kind: 'general_branch', level: null })).toBe(3);
    expect(termLengthOf(lengths, { kind: 'committee', level: 'district' })).toBe(5);
  });

  it('adds months with the day clamped (leap days)', () => {
    expect(addMonthsTo('2024-02-29', 36)).toBe('2027-02-28');
    expect(addMonthsTo('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonthsTo('2026-08-31', -6)).toBe('2026-02-28');
  });

  it('is due from six months before the end, overdue after it', () => {
    const term = { startedOn: '2023-12-07', endsOn: '2026-12-07' };
    expect(termStanding(term, 6, '2026-06-06').status).toBe('ok');
    expect(termStanding(term, 6, '2026-06-07')).toEqual({ ...term, remindFrom: '2026-06-07', status: 'due' });
    expect(termStanding(term, 6, '2026-12-07').status).toBe('due');
    expect(termStanding(term, 6, '2026-12-08').status).toBe('overdue');
    expect(termStanding(term, 3, '2026-06-07').status).toBe('ok');
    expect(termStanding(undefined, 6, '2026-06-07')).toEqual({
      startedOn: null,
      endsOn: null,
      remindFrom: null,
      status: 'none',
    });
  });
});

describe('election arithmetic', () => {
  it('20 % more candidates than seats, rounded up', () => {
    expect([1, 3, 5, 7, 9, 10].map(minCandidates)).toEqual([2, 4, 6, 9, 11, 12]);
  });

  it('quorum: more than 4/5 of those entitled present', () => {
    expect(quorumMet(50, 40)).toBe(false); // exactly 4/5
    expect(quorumMet(50, 41)).toBe(true);
    expect(quorumMet(7, 6)).toBe(true); // 6/7 > 0.8
    expect(quorumMet(5, 4)).toBe(false);
  });

  it('elected: more than half of those present, most votes first', () => {
    // 41 present: 21 passes, 20.5 cannot happen, 20 fails
    expect(electedOf({ a: 21, b: 20, c: 41 }, 41, 5)).toEqual({ elected: ['c', 'a'], tie: [] });
    // 40 present: exactly half (20) fails
    expect(electedOf({ a: 20, b: 21 }, 40, 3)).toEqual({ elected: ['b'], tie: [] });
    // more pass than seats: the most votes win
    expect(electedOf({ a: 30, b: 29, c: 28 }, 40, 2)).toEqual({ elected: ['a', 'b'], tie: [] });
    // a tie across the last seat elects none of the tied
    expect(electedOf({ a: 30, b: 28, c: 28 }, 40, 2)).toEqual({ elected: ['a'], tie: ['b', 'c'] });
  });

  it('"三个三分之一" structure', () => {
    const c = (group?: 'street_staff' | 'experienced' | 'young_graduate') => ({
      name: Math.random().toString(),
      group,
    });
    expect(structureOf([c('street_staff'), c('experienced'), c('young_graduate')]).balanced).toBe(true);
    expect(
      structureOf([
        c('street_staff'),
        c('street_staff'),
        c('experienced'),
        c('young_graduate'),
        c('experienced'),
        c('young_graduate'),
      ]).balanced,
    ).toBe(true);
    expect(
      structureOf([c('street_staff'), c('street_staff'), c('experienced'), c('experienced')]).balanced,
    ).toBe(false);
  });
});
