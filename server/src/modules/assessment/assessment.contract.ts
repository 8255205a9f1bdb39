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

export const GRADES = ['优秀', '较好', '一般', '差'] as const;
export type Grade = (typeof GRADES)[number];

export const ASSESSMENT_LABELS: Record<string, string> = {
  year: '年度',
  title: '方案名称',
  effectiveFrom: '施行日期',
  source: '依据',
  indicators: '考核指标',
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
  .object({ five: z.number(), four: z.number(), three: z.number(), two: z.number() })
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
  totalWeight: z.number(),
  indicators: z.array(
    z.object({
      id: z.number(),
      aspect: z.string(),
      code: z.string(),
      name: z.string(),
      weight: z.number(),
      method: z.enum(SCORING_METHODS),
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
  stars: get('/assessment/stars', { query: starsQuery, response: starsResponse }),
  publishStars: post('/orgs/:id/assessment/stars/publish', {
    body: publishStarsBody,
    response: z.object({ data: z.object({ published: z.number() }) }),
  }),
});
