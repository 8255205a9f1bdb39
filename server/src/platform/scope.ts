import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';

/**
 * `column LIKE p1% OR column LIKE p2% …` for the caller's subtree roots. Paths hold only digits
 * and slashes, so no LIKE escaping is needed. No paths → false (nothing is visible).
 */
export function pathWithin<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: string,
  paths: readonly string[],
): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  return eb.or(paths.map((p) => eb(sql.ref(column), 'like', `${p}%`)));
}

export function isValidPath(path: string): boolean {
  return /^\/(\d+\/)+$/.test(path);
}

/** The organization ids on a materialized path, root first: '/1/7/42/' → [1, 7, 42]. */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** The organization a path ends with: '/1/7/42/' → 42. */
export function pathLeafId(path: string): number {
  return pathIds(path).at(-1) ?? Number.NaN;
}
