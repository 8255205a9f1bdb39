/**
 * Steering reads for the bench harness (issue 15): the district's and a street's rectification
 * figures (the cockpit's 督查整改 figures) and their overdue list (the stable contract
 * `GET /rectification/items?status=overdue`, first page), each against the indexed lookup, target ≤ 5×.
 *
 *   scoped.push(...steeringReads(api, facts, { street, district }));
 */
export interface ScopedRead {
  key: string;
  url: string;
  cookie: string;
  /** The ratio-to-lookup target (the harness's default when absent). */
  limit?: number;
}

const TARGET = 5;

export function steeringReads(
  api: string,
  facts: { streetId: number; districtId: number },
  cookies: { street: string; district: string },
): ScopedRead[] {
  const levels = [
    ['street', facts.streetId, cookies.street],
    ['district', facts.districtId, cookies.district],
  ] as const;
  return levels.flatMap(([level, orgId, cookie]) => [
    {
      key: `rectification-figures.${level}`,
      url: `${api}/rectification/figures?orgId=${orgId}`,
      cookie,
      limit: TARGET,
    },
    {
      key: `rectification-overdue.${level}`,
      url: `${api}/rectification/items?orgId=${orgId}&status=overdue&page=1&pageSize=20`,
      cookie,
      limit: TARGET,
    },
  ]);
}
