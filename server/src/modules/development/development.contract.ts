import { z } from 'zod';

/**
 * 发展党员: the five stages and 25 steps (domain-rules.md §1.2), who acts at each step and the
 * record it produces. `by`: the branch (党支部) or the level above (上级党委: files, pre-reviews,
 * talks and approves). Shared with the web.
 */
export const DEVELOPMENT_STAGES = [
  '申请入党',
  '入党积极分子的确定和培养教育',
  '发展对象的确定和考察',
  '预备党员的接收',
  '预备党员的教育考察和转正',
] as const;

export interface DevelopmentStep {
  no: number;
  stage: 1 | 2 | 3 | 4 | 5;
  title: string;
  by: 'branch' | 'upper';
  actor: string;
  record: string;
}

export const DEVELOPMENT_STEPS: readonly DevelopmentStep[] = [
  { no: 1, stage: 1, title: '递交入党申请书', by: 'branch', actor: '申请人 → 党支部', record: '入党申请书' },
  { no: 2, stage: 1, title: '党组织派人谈话', by: 'branch', actor: '党支部', record: '谈话记录' },
  {
    no: 3,
    stage: 2,
    title: '推荐和确定入党积极分子',
    by: 'branch',
    actor: '支部委员会',
    record: '推荐表、支委会记录',
  },
  { no: 4, stage: 2, title: '报上级党委备案', by: 'upper', actor: '上级党委', record: '备案表' },
  { no: 5, stage: 2, title: '指定培养联系人', by: 'branch', actor: '党支部', record: '培养联系人登记' },
  {
    no: 6,
    stage: 2,
    title: '培养教育考察',
    by: 'branch',
    actor: '党支部',
    record: '培养考察登记表、思想汇报',
  },
  {
    no: 7,
    stage: 3,
    title: '确定发展对象',
    by: 'branch',
    actor: '支部委员会',
    record: '支委会记录、群众座谈记录',
  },
  { no: 8, stage: 3, title: '报上级党委备案', by: 'upper', actor: '上级党委', record: '备案材料' },
  {
    no: 9,
    stage: 3,
    title: '确定入党介绍人',
    by: 'branch',
    actor: '党支部',
    record: '介绍人登记（2 名正式党员）',
  },
  { no: 10, stage: 3, title: '进行政治审查', by: 'branch', actor: '党支部', record: '政审综合材料' },
  { no: 11, stage: 3, title: '开展集中培训', by: 'branch', actor: '基层党委', record: '培训结业证明' },
  {
    no: 12,
    stage: 4,
    title: '支部委员会审查（公示）',
    by: 'branch',
    actor: '支部委员会',
    record: '支委会记录、公示材料',
  },
  { no: 13, stage: 4, title: '上级党委预审', by: 'upper', actor: '上级党委', record: '预审意见（联审意见）' },
  { no: 14, stage: 4, title: '填写入党志愿书', by: 'branch', actor: '发展对象', record: '入党志愿书' },
  { no: 15, stage: 4, title: '支部大会讨论', by: 'branch', actor: '支部党员大会', record: '支部大会决议' },
  { no: 16, stage: 4, title: '上级党委派人谈话', by: 'upper', actor: '党委委员或组织员', record: '谈话记录' },
  { no: 17, stage: 4, title: '上级党委审批', by: 'upper', actor: '基层党委', record: '审批意见' },
  { no: 18, stage: 4, title: '再上一级党委组织部门备案', by: 'upper', actor: '上级党委', record: '备案' },
  { no: 19, stage: 5, title: '编入党支部和党小组', by: 'branch', actor: '党支部', record: '编组登记' },
  { no: 20, stage: 5, title: '入党宣誓', by: 'branch', actor: '党支部', record: '宣誓记录' },
  { no: 21, stage: 5, title: '继续教育考察', by: 'branch', actor: '党支部', record: '考察登记表' },
  { no: 22, stage: 5, title: '提出转正申请', by: 'branch', actor: '预备党员本人', record: '转正申请书' },
  { no: 23, stage: 5, title: '支部大会讨论转正', by: 'branch', actor: '支部党员大会', record: '转正决议' },
  { no: 24, stage: 5, title: '上级党委审批转正', by: 'upper', actor: '基层党委', record: '审批意见' },
  { no: 25, stage: 5, title: '材料归档', by: 'branch', actor: '党支部 → 党委', record: '入党材料归档' },
];

export const stepOf = (no: number): DevelopmentStep | undefined => DEVELOPMENT_STEPS[no - 1];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD');

export const applyBody = z
  .object({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().trim().min(18).max(18),
    appliedOn: date,
    relativeOfCadre: z.boolean().default(false),
  })
  .strict();

const vote = z
  .object({
    expectedVoting: z.number().int(),
    presentVoting: z.number().int(),
    yes: z.number().int(),
    no: z.number().int(),
    abstain: z.number().int(),
    writtenYes: z.number().int().default(0),
    writtenNo: z.number().int().default(0),
  })
  .strict();

export const completeStepBody = z
  .object({
    record: z.string().trim().min(1, '请填写本步骤形成的记录').max(2000),
    trainingDays: z.number().min(0).max(60).optional(),
    trainingHours: z.number().min(0).max(500).optional(),
    vote: vote.optional(),
    outcome: z.enum(['convert', 'extend']).optional(),
    extendMonths: z.number().int().min(1).max(24).optional(),
  })
  .strict();
export type CompleteStepBody = z.infer<typeof completeStepBody>;
export const assessBody = z.object({ record: z.string().trim().min(1).max(2000) }).strict();
export const clearRelativeBody = z
  .object({ reason: z.string().trim().min(4, '请说明核查结论和理由（至少 4 个字）').max(500) })
  .strict();

export const caseStatus = z.enum(['ok', 'due', 'late']);
export const developmentCaseSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  appliedOn: z.string(),
  step: z.number(),
  stepTitle: z.string(),
  stage: z.number(),
  stageTitle: z.string(),
  status: z.enum(['active', 'done', 'stopped']),
  dueOn: z.string().nullable(),
  timing: caseStatus,
  notes: z.array(z.string()),
  relativeFlag: z.boolean(),
  relativeCleared: z.boolean(),
  memberId: z.number().nullable(),
  abilities: z.record(z.string(), z.boolean()),
  reasons: z.record(z.string(), z.string()),
});
export type DevelopmentCaseView = z.infer<typeof developmentCaseSchema>;
export const developmentCaseResponse = z.object({ data: developmentCaseSchema });
export const developmentListResponse = z.object({ data: z.array(developmentCaseSchema) });
export const developmentFileSchema = z.object({
  id: z.number(),
  step: z.number(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
  createdAt: z.string(),
});
export const developmentFileResponse = z.object({ data: developmentFileSchema });

export const developmentDetailResponse = z.object({
  data: developmentCaseSchema.extend({
    /** The records uploaded as files (photo or PDF), per step. */
    files: z.array(developmentFileSchema),
    history: z.array(
      z.object({
        step: z.number(),
        title: z.string(),
        doneOn: z.string(),
        record: z.string(),
        actor: z.string().nullable(),
      }),
    ),
  }),
});
export const developmentSummaryResponse = z.object({
  data: z.object({
    stages: z.array(z.object({ stage: z.number(), title: z.string(), count: z.number(), late: z.number() })),
    byOrg: z.array(
      z.object({ orgId: z.number(), orgName: z.string(), active: z.number(), late: z.number() }),
    ),
  }),
});
export const developmentListQuery = z.object({
  stage: z.coerce.number().int().min(1).max(5).optional(),
  timing: caseStatus.optional(),
});

/** The numbers of the time rules, as configuration (development.rules.ts, table development_rules). */
export const RULE_KEYS = [
  'minAge',
  'talkWithinMonths',
  'activistMinMonths',
  'assessmentEveryMonths',
  'trainingMinDays',
  'trainingMinHours',
  'publicityWorkingDays',
  'approvalWarnMonths',
  'approvalMaxMonths',
  'probationMonths',
  'extensionMinMonths',
  'extensionMaxMonths',
  'conversionApprovalMonths',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

const ruleDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const developmentRulesQuery = z.object({
  /** The organization whose place profile's rules are read (default: the general rules). */
  orgId: z.coerce.number().int().positive().optional(),
});
export const developmentRulesResponse = z.object({
  data: z.object({
    profile: z.string(),
    version: z.string(),
    effectiveFrom: z.string(),
    rules: z.array(
      z.object({
        key: z.string(),
        value: z.number(),
        enforcement: z.enum(['warn', 'block']),
        /** The rule and its source in words. */
        text: z.string(),
      }),
    ),
    /** Every version of every profile (the rule history), newest first. */
    versions: z.array(
      z.object({
        id: z.number(),
        profile: z.string(),
        version: z.string(),
        effectiveFrom: z.string(),
        source: z.string(),
        inForce: z.boolean(),
      }),
    ),
    steps: z.array(
      z.object({
        no: z.number(),
        stage: z.number(),
        title: z.string(),
        by: z.string(),
        actor: z.string(),
        record: z.string(),
      }),
    ),
    abilities: z.object({ addVersion: z.boolean() }),
  }),
});
export const newRuleVersionBody = z
  .object({
    profile: z
      .string()
      .trim()
      .regex(/^[a-z0-9_-]{1,40}$/, '地方档案为 1–40 位小写字母、数字、下划线或连字符'),
    version: z.string().trim().min(1).max(40),
    effectiveFrom: ruleDate,
    source: z.string().trim().min(2, '请填写依据（文件名称和条款）').max(300),
    /** The numbers that change; the others are carried over from the version in force on that date. */
    values: z.partialRecord(z.enum(RULE_KEYS), z.number().int().min(0).max(120)),
  })
  .strict();
export const newRuleVersionResponse = z.object({ data: z.object({ id: z.number(), version: z.string() }) });
