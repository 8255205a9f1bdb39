import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from './database.ts';
import type { Executor } from './db.ts';
import { pathIds } from './scope.ts';

/** Tables of versioned rules: one row per version, for one organization or (org_id null) everywhere. */
type RuleTable =
  | 'proposalRules'
  | 'volunteerRules'
  | 'dualReportingRules'
  | 'rectificationRules'
  | 'duesRules'
  | 'termRules';

/**
 * The rule version in force for an organization on a date (domain-rules.md §9.1): the nearest
 * ancestor with a version of its own wins over the general rule, then the latest version already
 * in effect. Undefined when nothing is in force yet.
 */
export async function nearestRule<T extends RuleTable>(
  db: Executor,
  table: T,
  orgPath: string,
  onDate: string,
): Promise<Selectable<DB[T]> | undefined> {
  // biome-ignore lint/suspicious/noExplicitAny: the three rule tables share these columns
  const anyDb = db as unknown as Kysely<any>;
  const from: string = `${table} as r`;
  const row = await anyDb
    .selectFrom(from)
    .leftJoin('orgs as o', 'o.id', 'r.orgId')
    .selectAll('r')
    .where((eb) => eb.or([eb('r.orgId', 'is', null), eb('r.orgId', 'in', pathIds(orgPath))]))
    .where('r.effectiveFrom', '<=', onDate)
    .orderBy(sql`coalesce(o.depth, -1)`, 'desc')
    .orderBy('r.effectiveFrom', 'desc')
    .orderBy('r.id', 'desc')
    .executeTakeFirst();
  return row as Selectable<DB[T]> | undefined;
}
