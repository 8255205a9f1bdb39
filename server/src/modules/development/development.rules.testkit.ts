import type { DevelopmentRules, TimedRule } from './development.rules.ts';

/**
 * The numbers of the 2014 version (the migration seeds the full rows, with texts and sources) for
 * pure timing tests without a database: value and enforcement are all the timing reads.
 */
const NUMBERS_2014: Record<
  Exclude<keyof DevelopmentRules, 'version' | 'effectiveFrom'>,
  [number, 'warn' | 'block']
> = {
  minAge: [18, 'block'],
  talkWithinMonths: [1, 'warn'],
  activistMinMonths: [12, 'block'],
  assessmentEveryMonths: [6, 'warn'],
  trainingMinDays: [3, 'block'],
  trainingMinHours: [24, 'block'],
  publicityWorkingDays: [5, 'block'],
  approvalWarnMonths: [3, 'warn'],
  approvalMaxMonths: [6, 'block'],
  probationMonths: [12, 'block'],
  extensionMinMonths: [6, 'block'],
  extensionMaxMonths: [12, 'block'],
  conversionApprovalMonths: [3, 'warn'],
};

export const RULES_2014 = {
  version: '2014-06',
  effectiveFrom: '2014-06-10',
  ...Object.fromEntries(
    Object.entries(NUMBERS_2014).map(([key, [value, enforcement]]): [string, TimedRule] => [
      key,
      { value, enforcement, text: key, source: 'test', status: 'V' },
    ]),
  ),
} as DevelopmentRules;
