import { z } from 'zod';
import { defineEndpoints, get, patch, post } from '../../platform/endpoints.contract.ts';
import { isoDate, pageInfo, pageQuery, registerFieldLabels } from '../../platform/validation.ts';

/** The five steps, plus the two ends: closed (residents confirmed) and declined at intake. */
export const PROPOSAL_STATUSES = [
  'proposal',
  'deliberation',
  'decision',
  'execution',
  'supervision',
  'closed',
  'declined',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
/** Order of the five steps: a return goes only to an earlier one. */
export const STEP_ORDER: readonly ProposalStatus[] = [
  'proposal',
  'deliberation',
  'decision',
  'execution',
  'supervision',
];

export const PROPOSAL_CHANNELS = ['online', 'desk', 'request'] as const;
export type ProposalChannel = (typeof PROPOSAL_CHANNELS)[number];
export const PROPOSAL_CATEGORIES = [
  'environment',
  'property',
  'safety',
  'elderly_child',
  'facilities',
  'traffic',
  'culture',
  'other',
] as const;
export const DECISION_BODIES = ['representatives', 'council'] as const;
export type DecisionBody = (typeof DECISION_BODIES)[number];
export const MEETING_KINDS = ['analysis', 'council', 'review'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const FEEDBACK_VERDICTS = ['confirm', 'reopen'] as const;
export type FeedbackVerdict = (typeof FEEDBACK_VERDICTS)[number];

registerFieldLabels({
  title: '标题',
  content: '内容',
  category: '类别',
  onBehalfOf: '代录居民',
  proposerName: '提案人姓名',
  kind: '类型',
  heldOn: '召开日期',
  attendees: '参会人数',
  minutes: '会议纪要',
  body: '内容',
  decisionBody: '表决主体',
  expectedVoters: '应到表决人数',
  votesFor: '赞成票',
  votesAgainst: '反对票',
  votesAbstain: '弃权票',
  resolution: '决议内容',
  ownerName: '责任人',
  dueOn: '完成期限',
  progress: '进度',
  note: '说明',
  text: '公开内容',
  toStatus: '退回到的步骤',
  verdict: '评价',
  onBehalfName: '代录居民姓名',
  supportThreshold: '附议人数门槛',
  passNumerator: '通过比例分子',
  passDenominator: '通过比例分母',
  effectiveFrom: '生效日期',
  version: '规则版本',
  source: '依据',
  status: '状态',
  mine: '只看我的',
  'idempotency-key': '幂等键',
});

const text = (max: number) => z.string().trim().min(1).max(max);
const reason = z.string().trim().min(2).max(500);

/** The organization is in the URL; the proposer is the caller unless desk staff enter it. */
export const createProposalBody = z
  .object({
    title: text(100),
    content: text(4000),
    category: z.enum(PROPOSAL_CATEGORIES),
    onBehalfOf: z
      .object({ proposerName: text(50) })
      .strict()
      .optional(),
  })
  .strict();
export type CreateProposalBody = z.infer<typeof createProposalBody>;

export const declineBody = z.object({ reason }).strict();
export const emptyBody = z.object({}).strict();
export const commentBody = z.object({ body: text(1000) }).strict();
export const meetingBody = z
  .object({
    kind: z.enum(MEETING_KINDS),
    heldOn: isoDate,
    attendees: z.number().int().min(1).max(10_000),
    minutes: text(8000),
  })
  .strict();
export type MeetingBody = z.infer<typeof meetingBody>;

export const decideBody = z
  .object({
    decisionBody: z.enum(DECISION_BODIES),
    expectedVoters: z.number().int().min(1).max(10_000),
    votesFor: z.number().int().min(0).max(10_000),
    votesAgainst: z.number().int().min(0).max(10_000),
    votesAbstain: z.number().int().min(0).max(10_000),
    resolution: text(4000),
  })
  .strict();
export type DecideBody = z.infer<typeof decideBody>;

export const taskBody = z.object({ title: text(200), ownerName: text(50), dueOn: isoDate }).strict();
export type TaskBody = z.infer<typeof taskBody>;
export const taskProgressBody = z
  .object({ progress: z.number().int().min(0).max(100), note: z.string().trim().max(1000).optional() })
  .strict();

export const disclosureBody = z
  .object({ kind: z.enum(['decision', 'result']), text: z.string().trim().max(4000).optional() })
  .strict();
export type DisclosureBody = z.infer<typeof disclosureBody>;

export const returnBody = z.object({ toStatus: z.enum(STEP_ORDER as [ProposalStatus]), reason }).strict();

export const feedbackBody = z
  .object({
    verdict: z.enum(FEEDBACK_VERDICTS),
    reason: z.string().trim().max(500).optional(),
    onBehalfName: z.string().trim().min(1).max(50).optional(),
  })
  .strict();
export type FeedbackBody = z.infer<typeof feedbackBody>;

export const ruleBody = z
  .object({
    version: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9_.-]+$/),
    supportThreshold: z.number().int().min(0).max(100_000),
    passNumerator: z.number().int().min(1).max(100),
    passDenominator: z.number().int().min(1).max(100),
    effectiveFrom: isoDate,
    source: text(500),
  })
  .strict()
  .refine((r) => r.passNumerator <= r.passDenominator, {
    path: ['passNumerator'],
    message: '通过比例不能大于 1',
  });
export type RuleBody = z.infer<typeof ruleBody>;

export const listProposalsQuery = pageQuery.extend({
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(PROPOSAL_STATUSES).optional(),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type ListProposalsQuery = z.infer<typeof listProposalsQuery>;

export const ruleSchema = z.object({
  id: z.number(),
  orgId: z.number().nullable(),
  version: z.string(),
  supportThreshold: z.number(),
  passNumerator: z.number(),
  passDenominator: z.number(),
  effectiveFrom: z.string(),
  source: z.string(),
});

export const proposalSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  title: z.string(),
  content: z.string(),
  category: z.enum(PROPOSAL_CATEGORIES),
  channel: z.enum(PROPOSAL_CHANNELS),
  proposer: z.string(),
  mine: z.boolean(),
  status: z.enum(PROPOSAL_STATUSES),
  isPublic: z.boolean(),
  supportCount: z.number(),
  supportThreshold: z.number().nullable(),
  ruleVersion: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const proposalDetailSchema = proposalSchema.extend({
  decision: z
    .object({
      decisionBody: z.enum(DECISION_BODIES),
      expectedVoters: z.number(),
      votesFor: z.number(),
      votesAgainst: z.number(),
      votesAbstain: z.number(),
      result: z.enum(['adopted', 'rejected']),
      resolution: z.string(),
      decidedAt: z.string(),
      disclosedAt: z.string().nullable(),
    })
    .nullable(),
  result: z.object({ text: z.string().nullable(), disclosedAt: z.string().nullable() }),
  sourceType: z.string().nullable(),
  sourceId: z.number().nullable(),
  supportedByMe: z.boolean(),
  events: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      reason: z.string().nullable(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  comments: z.array(z.object({ id: z.number(), author: z.string(), body: z.string(), at: z.string() })),
  meetings: z.array(
    z.object({
      id: z.number(),
      kind: z.enum(MEETING_KINDS),
      heldOn: z.string(),
      attendees: z.number(),
      minutes: z.string(),
    }),
  ),
  tasks: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      ownerName: z.string(),
      dueOn: z.string(),
      progress: z.number(),
      note: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
  feedback: z.array(
    z.object({
      id: z.number(),
      verdict: z.enum(FEEDBACK_VERDICTS),
      reason: z.string().nullable(),
      by: z.string(),
      at: z.string(),
    }),
  ),
  /** What the caller may do now (the action table's checks); `manage`: the officials' view. */
  abilities: z.object({
    manage: z.boolean(),
    accept: z.boolean(),
    decline: z.boolean(),
    support: z.boolean(),
    comment: z.boolean(),
    meeting: z.boolean(),
    submitForDecision: z.boolean(),
    decide: z.boolean(),
    addTask: z.boolean(),
    progressTask: z.boolean(),
    disclose: z.boolean(),
    feedback: z.boolean(),
    return: z.boolean(),
  }),
});
export type ProposalDetailDto = z.infer<typeof proposalDetailSchema>;

export const proposalListResponse = z.object({ data: z.array(proposalSchema), page: pageInfo });

export const proposalStatsSchema = z.object({
  byStatus: z.record(z.string(), z.number()),
  total: z.number(),
  adopted: z.number(),
  closed: z.number(),
  reopened: z.number(),
});

const proposalAnswer = z.object({ data: proposalDetailSchema });
/** One step of the workflow: its body, answered with the fresh detail. */
const step = <P extends string, B extends z.ZodType>(path: P, body: B) =>
  post(path, { body, response: proposalAnswer });

/**
 * The proposals endpoints, by the names the web client uses (`createClient(proposalsEndpoints)`).
 * `endpoints.contract.test.ts` checks each is a mounted route.
 */
export const proposalsEndpoints = defineEndpoints({
  list: get('/proposals', { query: listProposalsQuery, response: proposalListResponse }),
  stats: get('/proposals/stats', { response: z.object({ data: proposalStatsSchema }) }),
  get: get('/proposals/:id', { response: proposalAnswer }),
  /** Send an `Idempotency-Key` header (REL-04): a retry with the same key creates one proposal. */
  create: post('/orgs/:id/proposals', { body: createProposalBody, response: proposalAnswer }),
  accept: step('/proposals/:id/accept', emptyBody),
  decline: step('/proposals/:id/decline', declineBody),
  support: step('/proposals/:id/support', emptyBody),
  comments: step('/proposals/:id/comments', commentBody),
  meetings: step('/proposals/:id/meetings', meetingBody),
  'submit-for-decision': step('/proposals/:id/submit-for-decision', emptyBody),
  decision: step('/proposals/:id/decision', decideBody),
  tasks: step('/proposals/:id/tasks', taskBody),
  disclosures: step('/proposals/:id/disclosures', disclosureBody),
  feedback: step('/proposals/:id/feedback', feedbackBody),
  return: step('/proposals/:id/return', returnBody),
  progress: patch('/proposals/:id/tasks/:taskId', { body: taskProgressBody, response: proposalAnswer }),
  rule: get('/orgs/:id/proposal-rule', { response: z.object({ data: ruleSchema.nullable() }) }),
});
export type ProposalStep = Exclude<
  keyof typeof proposalsEndpoints,
  'list' | 'stats' | 'get' | 'create' | 'progress' | 'rule'
>;
