import type { Executor } from '../../platform/db.ts';

/**
 * Domain numbers are configuration with a rule version and a source (domain-rules.md §9.1), never
 * constants. The most specific organization wins (a place's own list over the district default),
 * then the newest version already in effect on the given day.
 */
export interface Rule<T> {
  key: string;
  version: number;
  effectiveFrom: string;
  source: string;
  orgId: number | null;
  value: T;
}

export interface CategoryItem {
  code: string;
  label: string;
}
export interface PartyBirthdayRule {
  basis: 'joined' | 'full';
  windowDays: number;
}
export interface TransferLetterRule {
  validDays: number;
}
export interface OwnOrgRule {
  minFullMembers: number;
}

export interface RuleTypes {
  'members.categories': CategoryItem[];
  'members.party_birthday': PartyBirthdayRule;
  'members.transfer_letter': TransferLetterRule;
  'new_orgs.own_org_threshold': OwnOrgRule;
}

export async function getRule<K extends keyof RuleTypes>(
  db: Executor,
  key: K,
  orgPath: string | null,
  onDate: string,
): Promise<Rule<RuleTypes[K]>> {
  const orgIds = orgPath ? orgPath.split('/').filter(Boolean).map(Number) : [];
  const rows = await db
    .selectFrom('ruleSettings')
    .select(['key', 'version', 'effectiveFrom', 'source', 'orgId', 'value'])
    .where('key', '=', key)
    .where('effectiveFrom', '<=', onDate)
    .where((eb) =>
      orgIds.length ? eb.or([eb('orgId', 'is', null), eb('orgId', 'in', orgIds)]) : eb('orgId', 'is', null),
    )
    .execute();
  const depth = (id: number | null) => (id === null ? -1 : orgIds.indexOf(id));
  rows.sort((a, b) => depth(b.orgId) - depth(a.orgId) || b.version - a.version);
  const row = rows[0];
  if (!row) throw new Error(`规则 ${key} 未配置`);
  const value = (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as RuleTypes[K];
  return {
    key,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    source: row.source,
    orgId: row.orgId,
    value,
  };
}
