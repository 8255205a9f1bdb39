import { describe, expect, it } from 'vitest';
import { hasInternalProvenance } from '../../platform/provenance.contract.ts';
import type { ActivityType } from './catalogue.ts';
import { calendarStatus, judge, obligationsFor, referenceDate } from './compliance.ts';
import { chinaDate, periodOf, previousPeriod } from './periods.ts';
import { evaluateVote, moreThanHalf } from './quorum.contract.ts';

const type = (over: Partial<ActivityType>): ActivityType => ({
  code: 'committee_meeting',
  name: '支委会',
  frequency: 'monthly',
  timesPerPeriod: 1,
  attendees: 'committee',
  voting: false,
  appliesToKinds: ['branch'],
  dueSoonDays: 7,
  procedure: [],
  requiredFields: [],
  pointsRule: null,
  rule: { text: '一般每月召开 1 次', status: 'V', source: '支部工作条例第十二条 [P21]' },
  ...over,
});

describe('periods', () => {
  it('cuts months, quarters, half-years and years at their boundaries', () => {
    expect(periodOf('monthly', '2026-11-30')).toMatchObject({ start: '2026-11-01', end: '2026-11-30' });
    expect(periodOf('monthly', '2026-12-01')).toMatchObject({ start: '2026-12-01', end: '2026-12-31' });
    expect(periodOf('monthly', '2028-02-15')).toMatchObject({ end: '2028-02-29' });
    expect(periodOf('quarterly', '2026-09-30')).toMatchObject({
      start: '2026-07-01',
      end: '2026-09-30',
      label: '2026年第3季度',
    });
    expect(periodOf('quarterly', '2026-10-01')).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(periodOf('half_yearly', '2026-06-30')).toMatchObject({ start: '2026-01-01', end: '2026-06-30' });
    expect(periodOf('half_yearly', '2026-07-01')).toMatchObject({ start: '2026-07-01', end: '2026-12-31' });
    expect(periodOf('yearly', '2026-12-31')).toMatchObject({ start: '2026-01-01', end: '2026-12-31' });
    expect(previousPeriod('yearly', '2027-01-01')).toMatchObject({ start: '2026-01-01' });
    expect(previousPeriod('quarterly', '2027-01-15')).toMatchObject({
      start: '2026-10-01',
      end: '2026-12-31',
    });
  });

  it('runs weeks Monday to Sunday, across the turn of the year', () => {
    expect(periodOf('weekly', '2026-12-31')).toMatchObject({ start: '2026-12-28', end: '2027-01-03' });
    expect(periodOf('weekly', '2027-01-03')).toMatchObject({ start: '2026-12-28' });
    expect(periodOf('weekly', '2027-01-04')).toMatchObject({ start: '2027-01-04' });
  });

  it('takes the calendar day in China, not on the server', () => {
    expect(chinaDate(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
    expect(chinaDate(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
  });
});

describe('due and overdue', () => {
  const monthly = type({});
  const nov = periodOf('monthly', '2026-11-10');

  it('is due inside the period, overdue from the first day after it', () => {
    const o = { type: monthly, period: nov, heldCount: 0, lastHeldAt: '2026-09-03' };
    expect(judge(o, '2026-11-30').status).toBe('due');
    const late = judge(o, '2026-12-01');
    expect(late.status).toBe('overdue');
    expect(late.reason).toContain('支委会');
    expect(late.reason).toContain('上次召开 2026-09-03');
    expect(late.reason).toContain('规则：一般每月召开 1 次');
    expect(late.reason).toContain('来源：支部工作条例第十二条');
    // Rule and source in words: no status letter, no reference tag.
    expect(hasInternalProvenance(late.reason), late.reason).toBe(false);
  });

  it('is ok once held as often as the rule asks', () => {
    expect(
      judge({ type: monthly, period: nov, heldCount: 1, lastHeldAt: '2026-11-05' }, '2026-12-20').status,
    ).toBe('ok');
    const twice = type({ timesPerPeriod: 2 });
    const once = judge({ type: twice, period: nov, heldCount: 1, lastHeldAt: '2026-11-05' }, '2026-12-01');
    expect(once.status).toBe('overdue');
    expect(once.reason).toContain('仅召开 1 次，应 2 次');
  });

  it('is due soon within the configured days before the deadline', () => {
    const o = { type: monthly, period: nov, heldCount: 0, lastHeldAt: null };
    expect(calendarStatus(o, '2026-11-22')).toBe('open');
    expect(calendarStatus(o, '2026-11-23')).toBe('due_soon');
    expect(calendarStatus(o, '2026-11-30')).toBe('due_soon');
    expect(calendarStatus(o, '2026-12-01')).toBe('overdue');
  });

  it('lists the missed previous quarter and year after the boundary', () => {
    const catalogue = {
      id: 1,
      profile: 'default',
      version: '1',
      effectiveFrom: '2018-01-01',
      name: 't',
      source: 's',
      types: [
        type({}),
        type({ code: 'branch_assembly', name: '支部党员大会', frequency: 'quarterly', dueSoonDays: 15 }),
        type({ code: 'life_meeting', name: '组织生活会', frequency: 'yearly', dueSoonDays: 30 }),
      ],
    };
    const items = obligationsFor(
      catalogue,
      'branch',
      '2027-01-02',
      () => 0,
      () => null,
    );
    const keys = items.map((i) => `${i.type.code}:${i.period.start}:${i.status}`);
    expect(keys).toContain('committee_meeting:2026-12-01:overdue');
    expect(keys).toContain('committee_meeting:2027-01-01:open');
    expect(keys).toContain('branch_assembly:2026-10-01:overdue');
    expect(keys).toContain('life_meeting:2026-01-01:overdue');
    expect(keys).toContain('life_meeting:2027-01-01:open');
    // Held on time: the previous period drops off the list.
    const held = obligationsFor(
      catalogue,
      'branch',
      '2027-01-02',
      (_t, p) => (p.start < '2027-01-01' ? 1 : 0),
      () => '2026-12-20',
    );
    expect(held.filter((i) => i.period.start < '2027-01-01')).toHaveLength(0);
  });

  it('judges a month at today inside it, at its last day when past', () => {
    expect(referenceDate('2026-11', '2026-11-21')).toBe('2026-11-21');
    expect(referenceDate('2026-10', '2026-11-21')).toBe('2026-10-31');
    expect(referenceDate('2026-12', '2026-11-21')).toBe('2026-12-01');
  });
});

describe('quorum and votes (应到会, not 实到)', () => {
  const v = (over: Partial<Parameters<typeof evaluateVote>[0]>) =>
    evaluateVote({
      expectedVoting: 10,
      presentVoting: 6,
      yes: 6,
      no: 0,
      abstain: 0,
      writtenYes: 0,
      writtenNo: 0,
      ...over,
    });

  it('needs more than half present: exactly half is not enough', () => {
    expect(moreThanHalf(10)).toBe(6);
    expect(moreThanHalf(9)).toBe(5);
    expect(v({ presentVoting: 5, yes: 5 }).quorumMet).toBe(false);
    expect(v({ presentVoting: 6 }).quorumMet).toBe(true);
    expect(
      evaluateVote({
        expectedVoting: 9,
        presentVoting: 5,
        yes: 5,
        no: 0,
        abstain: 0,
        writtenYes: 0,
        writtenNo: 0,
      }).quorumMet,
    ).toBe(true);
  });

  it('passes on yes votes above half of those expected, not of those present', () => {
    // 6 of 10 present, 5 say yes: a majority of those present, but not of the 10 expected.
    const r = v({ presentVoting: 6, yes: 5, no: 1 });
    expect(r.quorumMet).toBe(true);
    expect(r.passed).toBe(false);
    expect(r.yesNeeded).toBe(6);
    expect(r.explanation).toContain('至少 6 票');
    expect(v({ presentVoting: 7, yes: 6, no: 1 }).passed).toBe(true);
  });

  it('counts written opinions as votes', () => {
    const r = v({ presentVoting: 6, yes: 5, no: 1, writtenYes: 1 });
    expect(r.totalYes).toBe(6);
    expect(r.passed).toBe(true);
  });

  it('does not pass without a quorum, and rejects impossible numbers', () => {
    expect(v({ presentVoting: 5, yes: 5, writtenYes: 3 }).passed).toBe(false);
    expect(v({ presentVoting: 11 }).errors).toContain('实到有表决权人数不能超过应到人数');
    expect(v({ presentVoting: 6, yes: 5, no: 2 }).errors.length).toBe(1);
    expect(v({ presentVoting: 6, yes: 6, writtenYes: 5 }).errors.length).toBe(1);
    expect(
      evaluateVote({
        expectedVoting: 0,
        presentVoting: 0,
        yes: 0,
        no: 0,
        abstain: 0,
        writtenYes: 0,
        writtenNo: 0,
      }).quorumMet,
    ).toBe(false);
  });
});
