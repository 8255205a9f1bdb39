import type { Executor } from './db.ts';
import { pathIds } from './scope.ts';

/**
 * The place profile (地方档案) of an organization: the one assigned nearest above it on its path,
 * else `default`. Organizational-life catalogues and points rule sets are both versioned per
 * profile, so both modules read it here (neither imports the other for it).
 */
export async function placeProfileOf(db: Executor, orgPath: string): Promise<string> {
  const ids = pathIds(orgPath);
  const rows = await db
    .selectFrom('placeProfiles')
    .select(['orgId', 'profile'])
    .where('orgId', 'in', ids.length ? ids : [0])
    .execute();
  for (const id of [...ids].reverse()) {
    const hit = rows.find((r) => r.orgId === id);
    if (hit) return hit.profile;
  }
  return 'default';
}
