import type { Executor } from '../../platform/db.ts';
import { nearestRule } from '../../platform/rules.ts';
import type { DuesCategory } from './dues.contract.ts';
import type { CamelCategory, DuesSchedule } from './dues.tables.ts';

/**
 * Monthly dues in fen from a base in fen: the bracket whose ceiling the whole base does not exceed
 * gives the rate for all of it (not progressive: 5400 → 1.5% → 81.00); fixed categories pay their
 * amount. Rounded to the fen, halves up (domain-rules.md §9.4).
 */
export function monthlyDue(
  schedule: DuesSchedule,
  category: DuesCategory,
  baseCents: number,
): { cents: number; rate: number | null } {
  const key = category.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as CamelCategory;
  const entry = schedule[key] ?? schedule.other;
  if (!entry) throw new Error(`no dues rule for ${category}`);
  if ('fixed' in entry) return { cents: Math.round(entry.fixed * 100), rate: null };
  const bracket =
    entry.brackets.find((b) => b.upTo === null || baseCents <= Math.round(b.upTo * 100)) ??
    entry.brackets[entry.brackets.length - 1];
  const bp = Math.round(bracket.rate * 10_000);
  return { cents: Math.round((baseCents * bp) / 10_000), rate: bracket.rate };
}

/** The dues rule in force for an organization (nearest own version, else the general one) on a date. */
export async function duesRuleFor(db: Executor, orgPath: string | null, on: string) {
  if (orgPath) return nearestRule(db, 'duesRules', orgPath, on);
  return db
    .selectFrom('duesRules')
    .selectAll()
    .where('orgId', 'is', null)
    .where('effectiveFrom', '<=', on)
    .orderBy('effectiveFrom', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export const toCents = (yuan: number) => Math.round(yuan * 100);
export const toYuan = (cents: number) => Math.round(Number(cents)) / 100;

/** 'YYYY-MM' of a date or month. */
export const monthOf = (date: string) => date.slice(0, 7);
/** The month `n` months after 'YYYY-MM'. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
/** Months from a to b inclusive (empty when b < a). */
export function monthsBetween(a: string, b: string): string[] {
  const out: string[] = [];
  for (let m = a; m <= b; m = addMonths(m, 1)) out.push(m);
  return out;
}
