import type { Executor } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { placeProfileOf } from '../../platform/place-profile.ts';
import { ruleInWords } from '../../platform/provenance.contract.ts';
import type { RuleKey } from './development.contract.ts';

/**
 * The time rules of member development (domain-rules.md §1.3), as versioned configuration: one
 * version applies from `effectiveFrom`; each number keeps its source and how sure it is (`status`:
 * V verified, S secondary, L local practice; internal, shown to people only as words).
 */
export interface TimedRule {
  value: number;
  enforcement: 'warn' | 'block';
  text: string;
  source: string;
  status: 'V' | 'S' | 'L' | 'U';
}

export interface DevelopmentRules {
  version: string;
  effectiveFrom: string;
  minAge: TimedRule;
  talkWithinMonths: TimedRule;
  activistMinMonths: TimedRule;
  assessmentEveryMonths: TimedRule;
  trainingMinDays: TimedRule;
  trainingMinHours: TimedRule;
  publicityWorkingDays: TimedRule;
  approvalWarnMonths: TimedRule;
  approvalMaxMonths: TimedRule;
  probationMonths: TimedRule;
  extensionMinMonths: TimedRule;
  extensionMaxMonths: TimedRule;
  conversionApprovalMonths: TimedRule;
}

export interface RuleVersionRow {
  id: number;
  profile: string;
  version: string;
  effectiveFrom: string;
  source: string;
  rules: Record<string, unknown>;
}

const toRules = (row: RuleVersionRow): DevelopmentRules =>
  ({
    ...(row.rules as Record<RuleKey, TimedRule>),
    version: row.version,
    effectiveFrom: row.effectiveFrom,
  }) as DevelopmentRules;

/**
 * Every version of the time rules, read once per request: `forPath` answers the version in force
 * for an organization on a date (its place profile's latest version already in effect, else the
 * general one's; the first version before any). The profile of each organization is read once
 * (`placeProfileOf`, the nearest assignment on its path) and kept for the request.
 */
export async function loadRuleBook(db: Executor) {
  const versions = await db
    .selectFrom('developmentRules')
    .select(['id', 'profile', 'version', 'effectiveFrom', 'source', 'rules'])
    .orderBy('effectiveFrom')
    .orderBy('id')
    .execute();
  const profiles = new Map<string, string>();
  const profileFor = async (orgPath: string) => {
    let profile = profiles.get(orgPath);
    if (profile === undefined) {
      profile = await placeProfileOf(db, orgPath);
      profiles.set(orgPath, profile);
    }
    return profile;
  };
  const inForce = (profile: string, date: string) =>
    versions.filter((v) => v.profile === profile && v.effectiveFrom <= date).at(-1);
  return {
    versions,
    profileFor,
    async forPath(orgPath: string, date: string): Promise<DevelopmentRules> {
      const profile = await profileFor(orgPath);
      const row =
        inForce(profile, date) ?? inForce('default', date) ?? versions.find((v) => v.profile === 'default');
      if (!row) throw new Error('no development rule version');
      return toRules(row);
    },
  };
}
export type RuleBook = Awaited<ReturnType<typeof loadRuleBook>>;

/** A rule as people read it: its text and source in words, no status letter. */
export const ruleText = (rule: TimedRule) => ruleInWords(rule.text, rule.source);

/**
 * A new version of the rules for a place profile from `effectiveFrom` (today or later, never
 * back-dated): the version in force on that date for the profile (else the general one) with the
 * given numbers changed; each changed number takes the new document as its source and the status
 * L (local practice) until verified. The version name is unique per profile.
 */
export async function addRuleVersion(
  trx: Executor,
  body: {
    profile: string;
    version: string;
    effectiveFrom: string;
    source: string;
    values: Partial<Record<RuleKey, number>>;
  },
  ctx: { today: string; actorId: number },
): Promise<{ id: number; version: string }> {
  if (body.effectiveFrom < ctx.today) {
    throw new ValidationError({ effectiveFrom: '新版本只能从今天或以后生效，已生效的规则不能改写' });
  }
  if (Object.keys(body.values).length === 0) throw new ValidationError({ values: '请至少修改一项时限' });
  const taken = await trx
    .selectFrom('developmentRules')
    .select('id')
    .where('profile', '=', body.profile)
    .where('version', '=', body.version)
    .executeTakeFirst();
  if (taken) throw new ConflictError('该地方档案已有同名版本', { version: '该地方档案已有同名版本' });
  const book = await loadRuleBook(trx);
  const base = book.versions.filter((v) => v.effectiveFrom <= body.effectiveFrom);
  const from =
    base.filter((v) => v.profile === body.profile).at(-1) ??
    base.filter((v) => v.profile === 'default').at(-1) ??
    book.versions[0];
  if (!from) throw new Error('no development rule version');
  const rules = { ...(from.rules as Record<RuleKey, TimedRule>) };
  for (const [key, value] of Object.entries(body.values) as [RuleKey, number][]) {
    rules[key] = { ...rules[key], value, source: body.source, status: 'L' };
  }
  const { id } = await trx
    .insertInto('developmentRules')
    .values({
      profile: body.profile,
      version: body.version,
      effectiveFrom: body.effectiveFrom,
      source: body.source,
      rules: JSON.stringify(rules),
      createdBy: ctx.actorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, version: body.version };
}
