import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate } from '../../platform/validation.ts';
import { EDUCATIONS } from './members.contract.ts';

/**
 * The settings page for the versioned member rules (rules.ts): what is in effect for an
 * organization, the history of each key, and a new version. Bounds are sanity limits, not party
 * rules: the numbers themselves are the configuration.
 */
export const RULE_KEY_VALUES = [
  'members.categories',
  'members.party_birthday',
  'members.transfer_letter',
  'new_orgs.own_org_threshold',
  'members.join_age',
  'members.probation',
  'orgs.setup',
  'members.education_synonyms',
] as const;
export const ruleKey = z.enum(RULE_KEY_VALUES);
export type RuleKeyValue = z.infer<typeof ruleKey>;

export const RULE_LABELS: Record<RuleKeyValue, string> = {
  'members.categories': '党员类别',
  'members.party_birthday': '政治生日',
  'members.transfer_letter': '组织关系介绍信有效期',
  'new_orgs.own_org_threshold': '两新组织单独建立党组织的正式党员人数',
  'members.join_age': '入党年龄',
  'members.probation': '预备期',
  'orgs.setup': '党组织设置',
  'members.education_synonyms': '学历的常用写法',
};

export const WINDOW_DAYS = { min: 1, max: 90 } as const;
export const VALID_DAYS = { min: 1, max: 183 } as const;
export const MIN_FULL_MEMBERS = { min: 1, max: 50 } as const;
export const JOIN_AGE = { min: 14, max: 30 } as const;
export const PROBATION_MONTHS = { min: 1, max: 36 } as const;
export const SETUP_COUNT = { min: 1, max: 500 } as const;

const HAN = /\p{Script=Han}/u;

export const categoryItem = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .refine((v) => /^[a-z][a-z0-9_]*$/.test(v), '只能使用小写英文字母、数字和下划线，并以字母开头'),
    label: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .refine((v) => HAN.test(v), '需要使用中文名称'),
  })
  .strict();

export const categoriesValue = z
  .array(categoryItem)
  .min(1)
  .max(30)
  .superRefine((items, ctx) => {
    const codes = new Map<string, number>();
    const labels = new Map<string, number>();
    items.forEach((item, i) => {
      if (codes.has(item.code))
        ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `“${item.code}”重复` });
      else codes.set(item.code, i);
      if (labels.has(item.label))
        ctx.addIssue({ code: 'custom', path: [i, 'label'], message: `“${item.label}”重复` });
      else labels.set(item.label, i);
    });
  });

export const partyBirthdayValue = z
  .object({
    basis: z.enum(['joined', 'full']),
    windowDays: z.number().int().min(WINDOW_DAYS.min).max(WINDOW_DAYS.max),
  })
  .strict();
export const transferLetterValue = z
  .object({ validDays: z.number().int().min(VALID_DAYS.min).max(VALID_DAYS.max) })
  .strict();
export const ownOrgThresholdValue = z
  .object({ minFullMembers: z.number().int().min(MIN_FULL_MEMBERS.min).max(MIN_FULL_MEMBERS.max) })
  .strict();

export const joinAgeValue = z
  .object({ minAge: z.number().int().min(JOIN_AGE.min).max(JOIN_AGE.max) })
  .strict();
export const probationValue = z
  .object({ months: z.number().int().min(PROBATION_MONTHS.min).max(PROBATION_MONTHS.max) })
  .strict();
const setupCount = z.number().int().min(SETUP_COUNT.min).max(SETUP_COUNT.max);
export const orgSetupValue = z
  .object({
    branchMinFull: setupCount,
    committeeMinFull: setupCount,
    branchMax: setupCount,
    generalBranchAbove: setupCount,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.committeeMinFull < v.branchMinFull)
      ctx.addIssue({
        code: 'custom',
        path: ['committeeMinFull'],
        message: `不能少于成立党支部的正式党员人数（${v.branchMinFull}）`,
      });
    if (v.branchMax < v.branchMinFull)
      ctx.addIssue({
        code: 'custom',
        path: ['branchMax'],
        message: `不能少于成立党支部的正式党员人数（${v.branchMinFull}）`,
      });
  });
export const educationSynonymsValue = z
  .array(
    z
      .object({
        label: z
          .string()
          .trim()
          .min(1)
          .max(20)
          .refine((v) => HAN.test(v), '需要使用中文写法'),
        education: z.enum(EDUCATIONS),
      })
      .strict(),
  )
  .min(1)
  .max(100)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const key = item.label.replace(/[\s\u3000]/g, '');
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'label'], message: `“${item.label}”重复` });
      seen.add(key);
    });
  });

const versionFields = {
  effectiveFrom: isoDate,
  source: z.string().trim().min(4).max(500),
};

/**
 * A new version for one key. `value: null` records "back to the inherited rule" from
 * `effectiveFrom` (the organization's own earlier versions stay in the history).
 */
export const addRuleVersionBody = z.discriminatedUnion('key', [
  z
    .object({ key: z.literal('members.categories'), ...versionFields, value: categoriesValue.nullable() })
    .strict(),
  z
    .object({
      key: z.literal('members.party_birthday'),
      ...versionFields,
      value: partyBirthdayValue.nullable(),
    })
    .strict(),
  z
    .object({
      key: z.literal('members.transfer_letter'),
      ...versionFields,
      value: transferLetterValue.nullable(),
    })
    .strict(),
  z
    .object({
      key: z.literal('new_orgs.own_org_threshold'),
      ...versionFields,
      value: ownOrgThresholdValue.nullable(),
    })
    .strict(),
  z.object({ key: z.literal('members.join_age'), ...versionFields, value: joinAgeValue.nullable() }).strict(),
  z
    .object({ key: z.literal('members.probation'), ...versionFields, value: probationValue.nullable() })
    .strict(),
  z.object({ key: z.literal('orgs.setup'), ...versionFields, value: orgSetupValue.nullable() }).strict(),
  z
    .object({
      key: z.literal('members.education_synonyms'),
      ...versionFields,
      value: educationSynonymsValue.nullable(),
    })
    .strict(),
]);
export type AddRuleVersionBody = z.infer<typeof addRuleVersionBody>;

/** Chinese names of this page's fields (route-level, so no other module's labels change). */
export const RULE_FIELD_LABELS: Record<string, string> = {
  key: '规则',
  value: '规则内容',
  effectiveFrom: '生效日期',
  source: '依据或原因',
  code: '类别编码',
  label: '类别名称',
  basis: '政治生日依据',
  windowDays: '提前提醒天数',
  validDays: '介绍信有效天数',
  minFullMembers: '正式党员人数',
  minAge: '入党最低年龄',
  months: '预备期月数',
  branchMinFull: '成立党支部的正式党员人数',
  committeeMinFull: '设立支部委员会的正式党员人数',
  branchMax: '党支部党员人数上限',
  generalBranchAbove: '可设党总支的党员人数',
  education: '学历',
};

const orgRef = z.object({ id: z.number(), name: z.string() }).nullable();

export const ruleVersionSchema = z.object({
  id: z.number(),
  key: ruleKey,
  version: z.number(),
  effectiveFrom: z.string(),
  source: z.string(),
  /** null: back to the inherited rule. */
  value: z.unknown(),
  /** null: the built-in default. */
  org: orgRef,
  recordedAt: z.string(),
  /** The version this organization follows today. */
  inEffect: z.boolean(),
  /** Effective from a later day. */
  scheduled: z.boolean(),
  /** A newer version of the same level takes effect no later than this one: it never applies. */
  replaced: z.boolean(),
});
export type RuleVersion = z.infer<typeof ruleVersionSchema>;

export const effectiveRuleSchema = z.object({
  key: ruleKey,
  label: z.string(),
  version: z.number(),
  effectiveFrom: z.string(),
  source: z.string(),
  value: z.unknown(),
  /** Where the rule comes from: this organization (own), an ancestor, or the built-in default (null). */
  from: orgRef,
  own: z.boolean(),
  /** This organization's own versions not yet in effect. */
  upcoming: z.array(ruleVersionSchema),
});
export type EffectiveRule = z.infer<typeof effectiveRuleSchema>;

export const memberRulesResponse = z.object({
  data: z.object({
    org: z.object({ id: z.number(), name: z.string() }),
    today: z.string(),
    canManage: z.boolean(),
    rules: z.array(effectiveRuleSchema),
  }),
});

export const ruleHistoryQuery = z.object({ key: ruleKey });
export const ruleHistoryResponse = z.object({ data: z.array(ruleVersionSchema) });
export const ruleVersionResponse = z.object({ data: ruleVersionSchema });

/**
 * Organization setup advice (orgs.setup, domain-rules.md §3.1) for one organization from its
 * members: advice in words with the rule in effect and its source in words (no status letters).
 */
export const setupAdviceResponse = z.object({
  data: z.object({
    org: z.object({ id: z.number(), name: z.string(), kind: z.string() }),
    counts: z.object({ full: z.number(), all: z.number() }),
    rule: z.object({
      version: z.number(),
      effectiveFrom: z.string(),
      /** The source in words. */
      source: z.string(),
      value: z.object({
        branchMinFull: z.number(),
        committeeMinFull: z.number(),
        branchMax: z.number(),
        generalBranchAbove: z.number(),
      }),
    }),
    items: z.array(
      z.object({
        code: z.enum(['too_few', 'committee', 'no_committee', 'too_many', 'general_branch_small']),
        level: z.enum(['warning', 'info']),
        text: z.string(),
      }),
    ),
  }),
});
export type SetupAdviceAnswer = z.infer<typeof setupAdviceResponse>['data'];

/** The member-rules endpoints the web reads (settings page, organization setup advice). */
export const memberRulesEndpoints = defineEndpoints({
  get: get('/orgs/:id/member-rules', { response: memberRulesResponse }),
  history: get('/orgs/:id/member-rules/history', { query: ruleHistoryQuery, response: ruleHistoryResponse }),
  add: post('/orgs/:id/member-rules', { body: addRuleVersionBody, response: ruleVersionResponse }),
  setupAdvice: get('/orgs/:id/setup-advice', { response: setupAdviceResponse }),
});
