import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';

/** A period of China dates, either end open (`?from=&to=` of a list). */
export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The optional filters of a scoped list as one `where`: below the chosen organization (`orgPath`,
 * on the path column) and within the period (inclusive, on the date column). Nothing to filter is
 * `true`. The caller's own scope is a separate `pathWithin`.
 *
 *   .where((eb) => pathWithin(eb, 'o.path', actor.paths('co_building.read')))
 *   .where(belowAndWithin({ path: 'o.path', date: 'x.heldOn' }, orgPath, query))
 */
export function belowAndWithin(
  columns: { path: string; date: string },
  orgPath: string | undefined,
  period: Period,
) {
  // The columns are named at the call; the builder's tables are the query's own.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    if (orgPath) parts.push(eb(sql.ref(columns.path), 'like', `${orgPath}%`));
    if (period.from) parts.push(eb(sql.ref(columns.date), '>=', period.from));
    if (period.to) parts.push(eb(sql.ref(columns.date), '<=', period.to));
    return parts.length === 0 ? sql<SqlBool>`true` : eb.and(parts);
  };
}
