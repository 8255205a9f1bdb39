import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  createCalendar,
  endOfLocalDay,
  isWorkday,
  localDate,
  workingDaysBetween,
} from './calendar.ts';
import calendar2026 from './data/cn-2026.json' with { type: 'json' };

const cal = createCalendar(calendar2026.days, [2026]);

describe('working-day arithmetic over the 2026 State Council calendar', () => {
  it('knows weekends, holidays and make-up workdays', () => {
    expect(isWorkday(cal, '2026-09-18')).toBe(true); // Friday
    expect(isWorkday(cal, '2026-09-19')).toBe(false); // Saturday
    expect(isWorkday(cal, '2026-09-20')).toBe(true); // Sunday, 国庆调休上班
    expect(isWorkday(cal, '2026-09-25')).toBe(false); // Friday, 中秋
    expect(isWorkday(cal, '2026-10-10')).toBe(true); // Saturday, 国庆调休上班
    expect(isWorkday(cal, '2026-02-14')).toBe(true); // Saturday, 春节调休上班
  });

  it('adds working days across a weekend with a make-up day and the National Day holiday', () => {
    expect(addWorkingDays(cal, '2026-09-18', 3)).toBe('2026-09-22');
    expect(addWorkingDays(cal, '2026-09-23', 5)).toBe('2026-10-08');
    expect(addWorkingDays(cal, '2026-09-30', 2)).toBe('2026-10-09');
    expect(addWorkingDays(cal, '2026-10-09', 1)).toBe('2026-10-10');
    expect(addWorkingDays(cal, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(cal, '2026-02-14', 1)).toBe('2026-02-24');
    expect(addWorkingDays(cal, '2026-09-18', 0)).toBe('2026-09-18');
  });

  it('counts working days between dates and falls back to Monday–Friday outside loaded years', () => {
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-10')).toBe(3);
    expect(workingDaysBetween(cal, '2026-10-10', '2026-09-30')).toBe(0);
    expect(addWorkingDays(cal, '2027-01-01', 1)).toBe('2027-01-04');
  });

  it('converts instants to China Standard Time dates', () => {
    expect(localDate(new Date('2026-09-18T16:30:00Z'))).toBe('2026-09-19');
    expect(endOfLocalDay('2026-09-18').toISOString()).toBe('2026-09-18T15:59:59.999Z');
  });
});
