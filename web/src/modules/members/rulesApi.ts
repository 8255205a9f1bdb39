import type { z } from 'zod';
import type {
  AddRuleVersionBody,
  EffectiveRule,
  memberRulesResponse,
  RuleKeyValue,
  RuleVersion,
} from '../../../../server/src/modules/members/rules.contract.ts';
import { api } from '../../shared/api.ts';

export type { EffectiveRule, RuleKeyValue, RuleVersion };
export type MemberRules = z.infer<typeof memberRulesResponse>['data'];
export type NewRuleVersion = AddRuleVersionBody;

export interface CategoryItem {
  code: string;
  label: string;
}
export interface PartyBirthdayValue {
  basis: 'joined' | 'full';
  windowDays: number;
}

/** Bounds the server checks (rules.contract.ts); the form shows them as input limits. */
export const RULE_BOUNDS = {
  windowDays: { min: 1, max: 90 },
  validDays: { min: 1, max: 183 },
  minFullMembers: { min: 1, max: 50 },
  minAge: { min: 14, max: 30 },
  months: { min: 1, max: 36 },
  setupCount: { min: 1, max: 500 },
} as const;

/** The education levels a synonym maps to (members.contract.ts EDUCATIONS). */
export const EDUCATION_CODES = [
  'postgraduate',
  'bachelor',
  'college',
  'high_school',
  'middle_school',
  'primary',
] as const;

export const rulesApi = {
  get: (orgId: number) => api.get<{ data: MemberRules }>(`/orgs/${orgId}/member-rules`),
  history: (orgId: number, key: RuleKeyValue) =>
    api.get<{ data: RuleVersion[] }>(`/orgs/${orgId}/member-rules/history`, { key }),
  add: (orgId: number, body: NewRuleVersion) =>
    api.post<{ data: RuleVersion }>(`/orgs/${orgId}/member-rules`, body),
};
