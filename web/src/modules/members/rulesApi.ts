import type { z } from 'zod';
import {
  type AddRuleVersionBody,
  type EffectiveRule,
  memberRulesEndpoints,
  type memberRulesResponse,
  type RuleKeyValue,
  type RuleVersion,
} from '../../../../server/src/modules/members/rules.contract.ts';
import { createClient } from '../../shared/client.ts';

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

/** The member-rules client, built from the contract's endpoint table (no hand-written calls). */
export const rulesApi = createClient(memberRulesEndpoints);
