/**
 * Calendar periods for organizational-life obligations. Dates are 'YYYY-MM-DD' strings in China
 * time; nothing here depends on the server's time zone.
 */
export const FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  half_yearly: '每半年',
  yearly: '每年',
};

export interface Period {
  frequency: Frequency;
  /** First day, inclusive. */
  start: string;
  /** Last day, inclusive. */
  end: string;
  /** Human label, e.g. 2026年11月, 2026年第4季度. */
  label: string;
}

import { addDays } from '../../platform/clock.ts';

export { addDays, chinaDate } from '../../platform/clock.ts';

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** The period of a frequency that contains a date. Weeks run Monday to Sunday. */
export function periodOf(frequency: Frequency, date: string): Period {
  const [y, m, d] = parts(date);
  switch (frequency) {
    case 'weekly': {
      const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
      const start = addDays(date, -weekday);
      const end = addDays(start, 6);
      return { frequency, start, end, label: `${start} 至 ${end} 当周` };
    }
    case 'monthly':
      return {
        frequency,
        start: fmt(y, m, 1),
        end: fmt(y, m, lastDayOfMonth(y, m)),
        label: `${y}年${m}月`,
      };
    case 'quarterly': {
      const q = Math.floor((m - 1) / 3);
      const sm = q * 3 + 1;
      return {
        frequency,
        start: fmt(y, sm, 1),
        end: fmt(y, sm + 2, lastDayOfMonth(y, sm + 2)),
        label: `${y}年第${q + 1}季度`,
      };
    }
    case 'half_yearly': {
      const h = m <= 6 ? 0 : 1;
      return {
        frequency,
        start: fmt(y, h * 6 + 1, 1),
        end: h === 0 ? fmt(y, 6, 30) : fmt(y, 12, 31),
        label: `${y}年${h === 0 ? '上' : '下'}半年`,
      };
    }
    case 'yearly':
      return { frequency, start: fmt(y, 1, 1), end: fmt(y, 12, 31), label: `${y}年` };
  }
}

/** The period just before the one that contains a date. */
export function previousPeriod(frequency: Frequency, date: string): Period {
  return periodOf(frequency, addDays(periodOf(frequency, date).start, -1));
}

/** 'YYYY-MM' → its first day. */
export function monthStart(period: string): string {
  return `${period}-01`;
}
