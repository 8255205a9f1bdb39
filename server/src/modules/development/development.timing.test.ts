import { describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../work-calendar/index.ts';
import { RULES_2014 } from './development.rules.testkit.ts';
import {
  addMonths,
  applicationAgeProblem,
  type CaseDates,
  publicityEnds,
  stepBlock,
  timingOf,
} from './development.timing.ts';

const rules = RULES_2014;
const noHolidays: WorkCalendar = { overrides: new Map(), loadedYears: new Set() };
/** 2026 National Day: 1–7 October off, Sunday 27 September and Saturday 10 October worked (调休). */
const nationalDay: WorkCalendar = {
  overrides: new Map(
    [
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
        date: `2026-10-${d}`,
        isWorkday: false,
        name: '国庆节',
      })),
      { date: '2026-09-27', isWorkday: true, name: '调休上班' },
      { date: '2026-10-10', isWorkday: true, name: '调休上班' },
    ].map((d) => [d.date, d]),
  ),
  loadedYears: new Set([2026]),
};

const at = (step: number, over: Partial<CaseDates> = {}): CaseDates => ({
  step,
  stepSince: '2025-01-01',
  appliedOn: '2025-01-01',
  activistOn: null,
  lastAssessmentOn: null,
  publicityFrom: null,
  assemblyOn: null,
  probationEndsOn: null,
  relativeFlag: false,
  relativeClearedReason: null,
  ...over,
});

describe('development time rules (frozen dates)', () => {
  it('age at application: 18 on the birthday, a 29 February birthday on 1 March', () => {
    expect(applicationAgeProblem('2008-03-10', '2026-03-09', rules)).toMatch(/年满 18 周岁/);
    expect(applicationAgeProblem('2008-03-10', '2026-03-10', rules)).toBeNull();
    expect(applicationAgeProblem('2008-02-29', '2026-02-28', rules)).not.toBeNull();
    expect(applicationAgeProblem('2008-02-29', '2026-03-01', rules)).toBeNull();
  });

  it('talk within one month of the application (warn, never block)', () => {
    const c = at(2, { appliedOn: '2026-01-31' });
    expect(timingOf(c, '2026-02-28', rules)).toMatchObject({ dueOn: '2026-02-28', timing: 'due' });
    expect(timingOf(c, '2026-03-01', rules).timing).toBe('late');
    expect(timingOf(c, '2026-01-31', rules).timing).toBe('ok');
    expect(stepBlock(c, '2026-06-01', rules, noHolidays)).toBeNull();
  });

  it('a development target only after exactly one year as activist (block)', () => {
    const c = at(7, { activistOn: '2025-03-10', lastAssessmentOn: '2025-12-01' });
    expect(stepBlock(c, '2026-03-09', rules, noHolidays)).toMatch(/须满一年.*2026-03-10/);
    expect(stepBlock(c, '2026-03-10', rules, noHolidays)).toBeNull();
    // leap day: a year after 29 February 2024 is 28 February 2025
    const leap = at(7, { activistOn: '2024-02-29' });
    expect(stepBlock(leap, '2025-02-27', rules, noHolidays)).not.toBeNull();
    expect(stepBlock(leap, '2025-02-28', rules, noHolidays)).toBeNull();
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('half-yearly assessment of activists (warn)', () => {
    const c = at(5, { activistOn: '2026-01-15' });
    expect(timingOf(c, '2026-07-15', rules)).toMatchObject({ dueOn: '2026-07-15', timing: 'due' });
    expect(timingOf(c, '2026-07-16', rules).timing).toBe('late');
    expect(timingOf({ ...c, lastAssessmentOn: '2026-07-10' }, '2026-07-16', rules).timing).toBe('ok');
  });

  it('publicity in working days across the National Day holiday (block until it has run)', () => {
    // posted on Wednesday 30 September: the 5 working days are 8 Oct (Thu), 9 Oct, 10 Oct (Sat, 调休), 12 and 13 Oct
    expect(publicityEnds(nationalDay, '2026-09-30', rules)).toBe('2026-10-13');
    expect(publicityEnds(noHolidays, '2026-09-30', rules)).toBe('2026-10-07');
    const c = at(13, { publicityFrom: '2026-09-30' });
    expect(stepBlock(c, '2026-10-13', rules, nationalDay)).toMatch(/公示须满 5 个工作日/);
    expect(stepBlock(c, '2026-10-14', rules, nationalDay)).toBeNull();
    expect(stepBlock(at(13), '2026-10-15', rules, nationalDay)).toBe('尚未公示');
  });

  it('approval within 3 months (warn) and at most 6 months (block)', () => {
    const c = at(17, { assemblyOn: '2026-01-15' });
    expect(timingOf(c, '2026-04-15', rules).timing).toBe('due');
    expect(timingOf(c, '2026-04-16', rules).timing).toBe('late');
    expect(stepBlock(c, '2026-07-15', rules, noHolidays)).toBeNull();
    expect(stepBlock(c, '2026-07-16', rules, noHolidays)).toMatch(/超过 6 个月/);
  });

  it('conversion not before the probation (one year from the assembly) has ended', () => {
    const c = at(23, { assemblyOn: '2025-05-20', probationEndsOn: addMonths('2025-05-20', 12) });
    expect(c.probationEndsOn).toBe('2026-05-20');
    expect(stepBlock(c, '2026-05-19', rules, noHolidays)).toMatch(/预备期至 2026-05-20/);
    expect(stepBlock(c, '2026-05-20', rules, noHolidays)).toBeNull();
  });

  it('a 优亲厚友 flag blocks from the development target on until it is cleared', () => {
    const flagged = at(9, { relativeFlag: true });
    expect(stepBlock(at(5, { relativeFlag: true }), '2026-01-01', rules, noHolidays)).toBeNull();
    expect(stepBlock(flagged, '2026-01-01', rules, noHolidays)).toMatch(/优亲厚友/);
    expect(
      stepBlock({ ...flagged, relativeClearedReason: '经核查非近亲属' }, '2026-01-01', rules, noHolidays),
    ).toBeNull();
  });

  it('rules keep their source and show no status letters', () => {
    expect(rules.activistMinMonths).toMatchObject({ value: 12, enforcement: 'block', status: 'V' });
    expect(rules.trainingMinDays.value).toBe(3);
    expect(rules.trainingMinHours.value).toBe(24);
  });
});
