import type { Executor } from '../../platform/db.ts';
import { pathIds } from '../../platform/scope.ts';
import type { Education } from './members.contract.ts';

/**
 * Domain numbers are configuration with a rule version and a source (domain-rules.md §9.1), never
 * constants. Rows live in `rule_settings`, one version per (key, organization); `org_id` null is
 * the built-in default shipped with the migrations. Resolution for an organization on a day:
 *
 * 1. at each level of the organization's path (deepest first, the built-in default last) take the
 *    newest version already in effect on that day — a newer version therefore replaces an older
 *    one from its own effective date, including an older one still scheduled for later;
 * 2. the deepest level whose newest version holds a value wins; a version whose value is JSON
 *    `null` is an explicit "back to the inherited rule" record: that level is skipped from its
 *    effective date, and its earlier versions stay in the history.
 *
 * Versions are never edited or deleted (see rules.service.ts).
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

/** An everyday name of an education level (大专 → college), per place. */
export interface EducationSynonym {
  label: string;
  education: Education;
}
export type JoinAgeRule = import('./member-checks.contract.ts').JoinAgeRule;
export type ProbationRule = import('./member-checks.contract.ts').ProbationRule;
export type OrgSetupRule = import('./member-checks.contract.ts').OrgSetupRule;

export interface RuleTypes {
  'members.categories': CategoryItem[];
  'members.education_synonyms': EducationSynonym[];
  'members.party_birthday': PartyBirthdayRule;
  'members.transfer_letter': TransferLetterRule;
  'new_orgs.own_org_threshold': OwnOrgRule;
  'members.join_age': JoinAgeRule;
  'members.probation': ProbationRule;
  'orgs.setup': OrgSetupRule;
}
export type RuleKey = keyof RuleTypes;

/** One stored version (value `null`: back to the inherited rule). */
export interface RuleVersionRow {
  id: number;
  key: string;
  orgId: number | null;
  version: number;
  effectiveFrom: string;
  source: string;
  value: unknown;
  createdAt: Date;
}

export function orgIdsOf(orgPath: string | null): number[] {
  return orgPath ? pathIds(orgPath) : [];
}

function parseValue(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Every version of `key` on the organization's path (and the built-in default), oldest first. */
export async function ruleVersionsOnPath(
  db: Executor,
  key: string,
  orgPath: string | null,
  onOrBefore?: string,
): Promise<RuleVersionRow[]> {
  const orgIds = orgIdsOf(orgPath);
  let q = db
    .selectFrom('ruleSettings')
    .select(['id', 'key', 'orgId', 'version', 'effectiveFrom', 'source', 'value', 'createdAt'])
    .where('key', '=', key)
    .where((eb) =>
      orgIds.length ? eb.or([eb('orgId', 'is', null), eb('orgId', 'in', orgIds)]) : eb('orgId', 'is', null),
    );
  if (onOrBefore) q = q.where('effectiveFrom', '<=', onOrBefore);
  const rows = await q.orderBy('version').execute();
  return rows.map((r) => ({ ...r, value: parseValue(r.value) }));
}

/** The newest version in effect on `onDate` at one level (`orgId` null: built-in default). */
export function newestAtLevel(
  rows: readonly RuleVersionRow[],
  orgId: number | null,
  onDate: string,
): RuleVersionRow | undefined {
  let best: RuleVersionRow | undefined;
  for (const r of rows) {
    if (r.orgId !== orgId || r.effectiveFrom > onDate) continue;
    if (!best || r.version > best.version) best = r;
  }
  return best;
}

/** The winning version for an organization path on a day (see the resolution rules above). */
export function resolveRule(
  rows: readonly RuleVersionRow[],
  orgPath: string | null,
  onDate: string,
): RuleVersionRow | undefined {
  const levels: (number | null)[] = [...orgIdsOf(orgPath).reverse(), null];
  for (const level of levels) {
    const row = newestAtLevel(rows, level, onDate);
    if (row && row.value !== null) return row;
  }
  return undefined;
}

export async function getRule<K extends keyof RuleTypes>(
  db: Executor,
  key: K,
  orgPath: string | null,
  onDate: string,
): Promise<Rule<RuleTypes[K]>> {
  const rows = await ruleVersionsOnPath(db, key, orgPath, onDate);
  const row = resolveRule(rows, orgPath, onDate);
  if (!row) throw new Error(`规则 ${key} 未配置`);
  return {
    key,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    source: row.source,
    orgId: row.orgId,
    value: row.value as RuleTypes[K],
  };
}

/**
 * Labels for every member category that can occur in a subtree: the list in force for the
 * organization, then the lists of places below it that keep their own (a street's extra category
 * shows with its name on the district's cockpit, not as a bare code). Newest version first.
 */
export async function categoryLabelsWithin(
  db: Executor,
  orgPath: string,
  onDate: string,
): Promise<Record<string, string>> {
  const own = await getRule(db, 'members.categories', orgPath, onDate);
  const below = await db
    .selectFrom('ruleSettings as r')
    .innerJoin('orgs as o', 'o.id', 'r.orgId')
    .select('r.value')
    .where('r.key', '=', 'members.categories')
    .where('o.path', 'like', `${orgPath}_%`)
    .where('r.effectiveFrom', '<=', onDate)
    .orderBy('r.version', 'desc')
    .execute();
  const labels: Record<string, string> = {};
  for (const list of [own.value, ...below.map((r) => parseValue(r.value) as CategoryItem[] | null)]) {
    for (const c of list ?? []) labels[c.code] ??= c.label;
  }
  return labels;
}
