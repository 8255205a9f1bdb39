import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';

/** How an indicator turns records into points. */
export const SCORING_METHODS = ['deduction', 'ratio', 'threshold', 'manual'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

/** The records an automatic indicator reads (each kept by its owning module). */
export const FACT_SOURCES = [
  'org_life.meetings',
  'requests.completion',
  'requests.satisfaction',
  'rectification.on_time',
  'responsibility.on_time',
  'dual_reporting.hours',
  'volunteers.hours',
  'points.members',
] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

/** The dimensions an indicator belongs to (四维量化; the fourth, debriefing, is rated on a form). */
export const INDICATOR_DIMENSIONS = ['daily', 'special', 'year_end'] as const;
export type IndicatorDimension = (typeof INDICATOR_DIMENSIONS)[number];
export const DIMENSION_NAMES: Record<IndicatorDimension | 'debriefing', string> = {
  daily: '日常督查',
  special: '专项检查',
  year_end: '年终考核',
  debriefing: '述职评议',
};

export const debriefingFormItem = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-zA-Z0-9_]{0,30}$/, '评议项编号只能用字母数字'),
    label: z.string().trim().min(1).max(60),
    max: z.number().positive().max(100),
  })
  .strict();

/**
 * The weights of the four dimensions (summing to 100), their rule source, and the debriefing
 * form with whether its ratings are anonymous.
 */
export const dimensionRules = z
  .object({
    weights: z
      .object({
        daily: z.number().min(0).max(100),
        special: z.number().min(0).max(100),
        yearEnd: z.number().min(0).max(100),
        debriefing: z.number().min(0).max(100),
      })
      .strict()
      .refine((w) => Math.abs(w.daily + w.special + w.yearEnd + w.debriefing - 100) < 0.01, {
        message: '四个维度的权重之和应为100',
      }),
    source: z.string().trim().min(1).max(500),
    debriefing: z
      .object({
        anonymous: z.boolean(),
        form: z.array(debriefingFormItem).min(1).max(20),
      })
      .strict(),
    /**
     * The party-building share (%) inside each unit's annual goals, for the overall assessment
     * (e.g. 50 for party departments, 30 for streets), with its source.
     */
    goalWeights: z
      .object({
        partyDepartment: z.number().min(0).max(100),
        street: z.number().min(0).max(100),
        source: z.string().trim().min(1).max(500),
      })
      .strict()
      .optional(),
  })
  .strict();
export type DimensionRules = z.infer<typeof dimensionRules>;
export const DEFAULT_DIMENSIONS: DimensionRules = {
  weights: { daily: 0, special: 0, yearEnd: 100, debriefing: 0 },
  source: '方案未分维度：全部指标计入年终考核',
  debriefing: { anonymous: false, form: [{ key: 'overall', label: '综合评价', max: 100 }] },
};

/** Each dimension's points on a 100-point scale (null: no data, stated). */
export const dimensionScores = z.object({
  daily: z.number().nullable(),
  special: z.number().nullable(),
  yearEnd: z.number().nullable(),
  debriefing: z.number().nullable(),
});
export type DimensionScores = z.infer<typeof dimensionScores>;

export const GRADES = ['优秀', '较好', '一般', '差'] as const;
export type Grade = (typeof GRADES)[number];

export const ASSESSMENT_LABELS: Record<string, string> = {
  year: '年度',
  title: '方案名称',
  effectiveFrom: '施行日期',
  source: '依据',
  indicators: '考核指标',
  dimensions: '考核维度',
  dimension: '考核维度',
  weights: '维度权重',
  hostOrgId: '述职会议组织',
  schemeId: '考核方案',
  heldOn: '述职日期',
  reportId: '述职报告',
  secretaryName: '述职书记',
  summary: '述职摘要',
  items: '评议表',
  aspect: '考核方面',
  code: '指标编号',
  name: '指标名称',
  weight: '分值',
  method: '评分方式',
  ruleSource: '评分标准依据',
  points: '得分',
  evidence: '佐证材料',
  comment: '评分说明',
  reason: '申诉理由',
  answer: '答复',
  decision: '处理结果',
  indicatorCode: '申诉指标',
  stars: '星级',
  vetoReason: '否决理由',
  amount: '奖励金额',
  recipients: '领取人',
  orgId: '组织',
};

/**
 * Method parameters: deduction (`perOccurrence` off for each late/failed record, never below
 * `floor`), ratio (share of records that are ok, or `target` for an amount), threshold (full
 * marks at `min`, else `partial` share of the weight), manual (a named reviewer scores).
 */
export const indicatorParams = z
  .object({
    perOccurrence: z.number().positive().max(100).optional(),
    floor: z.number().min(0).max(100).optional(),
    target: z.number().positive().optional(),
    min: z.number().min(0).optional(),
    partial: z.number().min(0).max(1).optional(),
    /** For threshold/ratio on amounts: count records (`count`) or sum their amounts (`amount`, hours/points). */
    measure: z.enum(['count', 'amount']).optional(),
  })
  .strict();
export type IndicatorParams = z.infer<typeof indicatorParams>;

export const gradeRules = z
  .object({
    excellent: z.number().min(0).max(100),
    good: z.number().min(0).max(100),
    fair: z.number().min(0).max(100),
    /** At most this share of the assessed organizations are 优秀 (the rest fall to 较好). */
    excellentShare: z.number().min(0).max(1),
  })
  .strict()
  .refine((g) => g.excellent > g.good && g.good > g.fair, { message: '等次分数线须依次递减' });
export type GradeRules = z.infer<typeof gradeRules>;

export const starRules = z
  .object({
    five: z.number(),
    four: z.number(),
    three: z.number(),
    two: z.number(),
    /** The reward for five stars three years running (e.g. 30,000 yuan per community), with its source. */
    fiveStarReward: z
      .object({ amount: z.number().min(0).max(10_000_000), source: z.string().trim().min(1).max(500) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((s) => s.five > s.four && s.four > s.three && s.three > s.two, { message: '星级分数线须依次递减' });
export type StarRules = z.infer<typeof starRules>;

export const factRef = z.object({
  id: z.number(),
  label: z.string(),
  on: z.string(),
  ok: z.boolean().nullable(),
  amount: z.number(),
  link: z.string(),
});
export type FactRef = z.infer<typeof factRef>;

export const indicatorBody = z
  .object({
    aspect: z.string().trim().min(1).max(60),
    code: z.string().trim().min(1).max(20),
    name: z.string().trim().min(1).max(200),
    weight: z.number().positive().max(100),
    method: z.enum(SCORING_METHODS),
    dimension: z.enum(INDICATOR_DIMENSIONS).default('year_end'),
    source: z.enum(FACT_SOURCES).nullable(),
    params: indicatorParams.default({}),
    ruleSource: z.string().trim().min(1).max(500),
  })
  .strict()
  .refine((i) => (i.method === 'manual') === (i.source === null), {
    message: '人工评分指标不读取记录，自动指标须指明读取的记录',
    path: ['source'],
  });
export type IndicatorInput = z.infer<typeof indicatorBody>;

export const schemeBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    title: z.string().trim().min(1).max(200),
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
    source: z.string().trim().min(1).max(500),
    gradeRules,
    starRules,
    dimensions: dimensionRules.default(DEFAULT_DIMENSIONS),
    indicators: z.array(indicatorBody).min(1).max(200),
  })
  .strict();
export type SchemeInput = z.infer<typeof schemeBody>;

export const schemeSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  version: z.number(),
  title: z.string(),
  effectiveFrom: z.string(),
  source: z.string(),
  status: z.enum(['draft', 'published', 'superseded']),
  gradeRules,
  starRules,
  dimensions: dimensionRules,
  totalWeight: z.number(),
  indicators: z.array(
    z.object({
      id: z.number(),
      aspect: z.string(),
      code: z.string(),
      name: z.string(),
      weight: z.number(),
      method: z.enum(SCORING_METHODS),
      dimension: z.enum(INDICATOR_DIMENSIONS),
      source: z.string().nullable(),
      params: indicatorParams,
      ruleSource: z.string(),
    }),
  ),
  publishedAt: z.string().nullable(),
  abilities: z.object({ publish: z.boolean(), recompute: z.boolean() }).optional(),
});
export type SchemeDto = z.infer<typeof schemeSchema>;

export const schemesQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

/** The stable contract (`GET /assessment/scores?orgId&year`). */
export const contractScore = z.object({
  orgId: z.number(),
  total: z.number().nullable(),
  grade: z.enum(GRADES).nullable(),
  rank: z.number().nullable(),
  stars: z.number().nullable(),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      weight: z.number(),
      points: z.number().nullable(),
      explanation: z.string(),
    }),
  ),
});
export const scoresQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
});
export const scoresResponse = z.object({ data: z.array(contractScore) });

/** One row of the board (the web's list): the contract plus what a reviewer reads. */
export const boardRow = z.object({
  scoreId: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  orgLevel: z.string(),
  total: z.number().nullable(),
  grade: z.enum(GRADES).nullable(),
  computedGrade: z.enum(GRADES).nullable(),
  rank: z.number().nullable(),
  rankOf: z.number().nullable(),
  dimensions: dimensionScores,
  missing: z.number(),
  stars: z.number().nullable(),
  starsPublished: z.boolean(),
  openAppeals: z.number(),
  computedAt: z.string(),
});
export type BoardRowDto = z.infer<typeof boardRow>;

export const scoreDetailSchema = boardRow.extend({
  year: z.number(),
  schemeId: z.number(),
  schemeTitle: z.string(),
  schemeVersion: z.number(),
  indicators: z.array(
    z.object({
      id: z.number(),
      aspect: z.string(),
      code: z.string(),
      name: z.string(),
      weight: z.number(),
      method: z.enum(SCORING_METHODS),
      dimension: z.enum(INDICATOR_DIMENSIONS),
      points: z.number().nullable(),
      explanation: z.string(),
      ruleSource: z.string(),
      facts: z.array(factRef),
      reviewerName: z.string().nullable(),
      evidence: z.string().nullable(),
      comment: z.string().nullable(),
    }),
  ),
  appeals: z.array(
    z.object({
      id: z.number(),
      indicatorCode: z.string(),
      reason: z.string(),
      status: z.enum(['open', 'upheld', 'rejected']),
      answer: z.string().nullable(),
      pointsBefore: z.number().nullable(),
      pointsAfter: z.number().nullable(),
      createdByName: z.string(),
      answeredByName: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  abilities: z.object({ review: z.boolean(), appeal: z.boolean(), answerAppeal: z.boolean() }).optional(),
});
export type ScoreDetailDto = z.infer<typeof scoreDetailSchema>;

export const manualScoreBody = z
  .object({
    indicatorCode: z.string().trim().min(1).max(20),
    points: z.number().min(0).max(100),
    evidence: z.string().trim().min(1, '请填写佐证材料').max(1000),
    comment: z.string().trim().min(1, '请填写评分说明').max(1000),
  })
  .strict();

export const appealBody = z
  .object({
    indicatorCode: z.string().trim().min(1).max(20),
    reason: z.string().trim().min(5, '申诉理由至少5个字').max(1000),
  })
  .strict();

export const answerBody = z
  .object({
    appealId: z.number().int().positive(),
    decision: z.enum(['upheld', 'rejected']),
    answer: z.string().trim().min(1, '请填写答复').max(1000),
    points: z.number().min(0).max(100).optional(),
  })
  .strict()
  .refine((b) => b.decision === 'rejected' || b.points !== undefined, {
    message: '申诉成立时请填写调整后的得分',
    path: ['points'],
  });

export const recomputeResponse = z.object({
  data: z.object({ scored: z.number(), changed: z.number(), tookMs: z.number() }),
});

export const starRow = z.object({
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  total: z.number().nullable(),
  computedStars: z.number(),
  stars: z.number(),
  vetoReason: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  fiveStarStreak: z.number(),
  reward: z
    .object({ amount: z.number(), recipients: z.array(z.object({ name: z.string(), amount: z.number() })) })
    .nullable(),
});
export type StarRowDto = z.infer<typeof starRow>;
export const starsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
});
export const starsResponse = z.object({ data: z.array(starRow) });
export const publishStarsBody = z.object({ year: z.number().int().min(2000).max(2100) }).strict();
export const vetoBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    stars: z.number().int().min(1).max(5),
    vetoReason: z.string().trim().min(2, '请填写否决理由').max(500),
  })
  .strict();
export const rewardBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    amount: z.number().min(0).max(10_000_000),
    recipients: z
      .array(z.object({ name: z.string().trim().min(1).max(40), amount: z.number().min(0) }))
      .min(1),
    note: z.string().trim().max(500).nullish(),
  })
  .strict()
  .refine((b) => Math.abs(b.recipients.reduce((s, r) => s + r.amount, 0) - b.amount) < 0.01, {
    message: '各领取人金额之和应等于奖励金额',
    path: ['recipients'],
  });

export const goalWeightsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const debriefingBody = z
  .object({
    schemeId: z.number().int().positive(),
    title: z.string().trim().min(2, '请填写述职评议会名称').max(200),
    heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  })
  .strict();
export const debriefingReportBody = z
  .object({
    orgId: z.number().int().positive(),
    secretaryName: z.string().trim().min(1, '请填写述职书记').max(40),
    summary: z.string().trim().min(5, '述职摘要至少5个字').max(4000),
  })
  .strict();
export const debriefingRateBody = z
  .object({
    reportId: z.number().int().positive(),
    items: z.record(z.string(), z.number().min(0).max(100)),
    comment: z.string().trim().max(1000).nullish(),
  })
  .strict();
export const debriefingsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const debriefingSchema = z.object({
  id: z.number(),
  schemeId: z.number(),
  schemeTitle: z.string(),
  hostOrgId: z.number(),
  hostOrgName: z.string(),
  title: z.string(),
  heldOn: z.string(),
  anonymous: z.boolean(),
  status: z.enum(['open', 'closed']),
  form: z.array(debriefingFormItem),
  reports: z.array(
    z.object({
      id: z.number(),
      orgId: z.number(),
      orgName: z.string(),
      secretaryName: z.string(),
      summary: z.string(),
      score: z.number().nullable(),
      ratingCount: z.number(),
      /** Whether the caller has rated this report (their own rating is never hidden from them). */
      ratedByMe: z.boolean(),
      ratings: z.array(
        z.object({
          /** Null when the session is anonymous: who rated is never shown. */
          reviewerName: z.string().nullable(),
          items: z.record(z.string(), z.number()),
          score: z.number(),
          comment: z.string().nullable(),
        }),
      ),
    }),
  ),
  abilities: z.object({ addReport: z.boolean(), rate: z.boolean(), close: z.boolean() }).optional(),
});
export type DebriefingDto = z.infer<typeof debriefingSchema>;
export const debriefingListRow = debriefingSchema.omit({ reports: true, form: true }).extend({
  reportCount: z.number(),
});

const scoreDetailResponse = z.object({ data: scoreDetailSchema });

/** The endpoints the web calls (typed client). */
export const assessmentEndpoints = defineEndpoints({
  schemes: get('/assessment/schemes', {
    query: schemesQuery,
    response: z.object({ data: z.array(schemeSchema) }),
  }),
  board: get('/assessment/board', { query: scoresQuery, response: z.object({ data: z.array(boardRow) }) }),
  score: get('/assessment/scores/:id', { response: scoreDetailResponse }),
  review: post('/assessment/scores/:id/review', { body: manualScoreBody, response: scoreDetailResponse }),
  appeal: post('/assessment/scores/:id/appeal', { body: appealBody, response: scoreDetailResponse }),
  answer: post('/assessment/scores/:id/answer', { body: answerBody, response: scoreDetailResponse }),
  veto: post('/assessment/scores/:id/veto', { body: vetoBody, response: scoreDetailResponse }),
  debriefings: get('/assessment/debriefings', {
    query: debriefingsQuery,
    response: z.object({ data: z.array(debriefingListRow) }),
  }),
  debriefing: get('/assessment/debriefings/:id', { response: z.object({ data: debriefingSchema }) }),
  createDebriefing: post('/orgs/:id/assessment/debriefings', {
    body: debriefingBody,
    response: z.object({ data: debriefingSchema }),
  }),
  addReport: post('/assessment/debriefings/:id/reports', {
    body: debriefingReportBody,
    response: z.object({ data: debriefingSchema }),
  }),
  rate: post('/assessment/debriefings/:id/rate', {
    body: debriefingRateBody,
    response: z.object({ data: debriefingSchema }),
  }),
  closeDebriefing: post('/assessment/debriefings/:id/close', {
    response: z.object({ data: debriefingSchema }),
  }),
  stars: get('/assessment/stars', { query: starsQuery, response: starsResponse }),
  publishStars: post('/orgs/:id/assessment/stars/publish', {
    body: publishStarsBody,
    response: z.object({ data: z.object({ published: z.number() }) }),
  }),
});
