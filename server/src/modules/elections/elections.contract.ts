import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate } from '../../platform/validation.ts';

export const TERM_STATUSES = ['ok', 'due', 'overdue', 'none'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];
export const TERM_STATUS_LABELS: Record<TermStatus, string> = {
  ok: '任期内',
  due: '即将届满',
  overdue: '已届满未换届',
  none: '未登记任期',
};

/** requested → approved → nominated → candidates_approved → voted → officers_elected → confirmed (or rejected). */
export const ELECTION_STATUSES = [
  'requested',
  'approved',
  'nominated',
  'candidates_approved',
  'voted',
  'officers_elected',
  'confirmed',
  'rejected',
] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];
export const ELECTION_STATUS_LABELS: Record<ElectionStatus, string> = {
  requested: '已请示',
  approved: '上级已批复',
  nominated: '候选人已报审',
  candidates_approved: '候选人已批复',
  voted: '已选举委员',
  officers_elected: '已选举书记副书记',
  confirmed: '上级已批准',
  rejected: '未获批准',
};

/** The preparation checklist of village and community elections (五个方面先行). */
export const CHECKLIST = ['survey', 'rectification', 'talks', 'risk', 'candidates'] as const;
export const CHECKLIST_LABELS: Record<(typeof CHECKLIST)[number], string> = {
  survey: '调查摸底',
  rectification: '整顿转化',
  talks: '谈心谈话',
  risk: '风险排查',
  candidates: '人选安排',
};
/** The three groups of the "三个三分之一" structure of community candidates. */
export const CANDIDATE_GROUPS = ['street_staff', 'experienced', 'young_graduate'] as const;
export const GROUP_LABELS: Record<(typeof CANDIDATE_GROUPS)[number], string> = {
  street_staff: '街道下派正式人员',
  experienced: '社区工作业务骨干',
  young_graduate: '高学历年轻人员',
};

export const ruleRef = z.object({ version: z.string(), source: z.string() });

/** The stable term contract. */
export const termSchema = z.object({
  startedOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  remindFrom: z.string().nullable(),
  status: z.enum(TERM_STATUSES),
  rule: ruleRef,
});
export const termResponse = z.object({ data: termSchema });

export const termRow = termSchema.extend({
  orgId: z.number(),
  orgName: z.string(),
  termId: z.number().nullable(),
  lengthYears: z.number().nullable(),
  adjustment: z.enum(['postponed', 'early']).nullable(),
  /** What the caller may do on this committee's term (register a term, ask to postpone or advance). */
  abilities: z.object({ startTerm: z.boolean(), requestAdjustment: z.boolean() }).optional(),
});
export const termsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  status: z.enum(TERM_STATUSES).optional(),
});
export const termsResponse = z.object({ data: z.array(termRow) });

export const startTermBody = z.object({
  startedOn: isoDate,
  lengthYears: z.number().int().min(1).max(10).optional(),
});

export const adjustmentBody = z.object({
  kind: z.enum(['postpone', 'early']),
  months: z.number().int().min(1).max(24),
  reason: z.string().trim().min(2).max(300),
});
export const adjustmentSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.enum(['postpone', 'early']),
  months: z.number(),
  newEndsOn: z.string(),
  reason: z.string(),
  status: z.enum(['requested', 'approved', 'rejected']),
  decisionReason: z.string().nullable(),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export const decisionBody = z.object({ reason: z.string().trim().max(300).optional() });
export const rejectBody = z.object({ reason: z.string().trim().min(1).max(300) });

export const candidate = z.object({
  name: z.string().trim().min(1).max(40),
  group: z.enum(CANDIDATE_GROUPS).optional(),
});
export const requestBody = z.object({
  seats: z.number().int().min(1).max(15),
  plannedOn: isoDate.optional(),
  reason: z.string().trim().max(300).optional(),
});
export const checklistBody = z.object({
  survey: z.boolean().optional(),
  rectification: z.boolean().optional(),
  talks: z.boolean().optional(),
  risk: z.boolean().optional(),
  candidates: z.boolean().optional(),
});
export const nominateBody = z.object({ candidates: z.array(candidate).min(1).max(40) });
export const voteBody = z.object({
  votedOn: isoDate,
  /** Full members entitled to vote (应到会). */
  entitled: z.number().int().min(1).max(100_000),
  /** Entitled members present (实到会). */
  present: z.number().int().min(0).max(100_000),
  /** Votes in favour per candidate name. */
  votes: z.record(z.string(), z.number().int().min(0)),
});
export const officersBody = z.object({
  secretary: z.string().trim().min(1).max(40),
  deputy: z.string().trim().max(40).optional(),
});

export const electionSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  status: z.enum(ELECTION_STATUSES),
  seats: z.number(),
  minCandidates: z.number(),
  plannedOn: z.string().nullable(),
  reason: z.string().nullable(),
  villageOrCommunity: z.boolean(),
  checklist: z.record(z.string(), z.boolean()),
  candidates: z.array(candidate),
  /** The "三个三分之一" structure: count per group and whether each group holds at least a third (rounded down). */
  structure: z.object({ counts: z.record(z.string(), z.number()), balanced: z.boolean() }),
  entitled: z.number().nullable(),
  present: z.number().nullable(),
  votes: z.record(z.string(), z.number()).nullable(),
  elected: z.array(z.string()).nullable(),
  votedOn: z.string().nullable(),
  secretary: z.string().nullable(),
  deputy: z.string().nullable(),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export const electionsQuery = z.object({ orgId: z.coerce.number().int().positive() });

export const electionsEndpoints = defineEndpoints({
  term: get('/orgs/:id/term', { response: termResponse }),
  terms: get('/elections/terms', { query: termsQuery, response: termsResponse }),
  startTerm: post('/orgs/:id/terms', { body: startTermBody, response: termResponse }),
  adjust: post('/orgs/:id/term/adjustments', {
    body: adjustmentBody,
    response: z.object({ data: adjustmentSchema }),
  }),
  adjustments: get('/elections/adjustments', {
    query: electionsQuery,
    response: z.object({ data: z.array(adjustmentSchema) }),
  }),
  elections: get('/elections', {
    query: electionsQuery,
    response: z.object({ data: z.array(electionSchema) }),
  }),
  election: get('/elections/:id', { response: z.object({ data: electionSchema }) }),
  request: post('/orgs/:id/elections', { body: requestBody, response: z.object({ data: electionSchema }) }),
});

export const ELECTIONS_LABELS = {
  startedOn: '任期开始日期',
  lengthYears: '任期年限',
  kind: '类型',
  months: '月数',
  reason: '理由',
  seats: '应选人数',
  plannedOn: '计划选举日期',
  candidates: '候选人',
  votedOn: '选举日期',
  entitled: '应到会有选举权人数',
  present: '实到会有选举权人数',
  votes: '得票',
  secretary: '书记',
  deputy: '副书记',
};
