import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate, pageInfo, pageQuery } from '../../platform/validation.ts';

/** 专项检查 or 暗访 (monthly unannounced check). */
export const CAMPAIGN_KINDS = ['special', 'unannounced'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/**
 * Where a rectification item comes from: an inspection finding, a site-visit comment, a gap list,
 * a catch-up task book, an interview's commitments.
 */
export const SOURCE_KINDS = ['inspection', 'site_visit', 'gap_list', 'task_book', 'interview'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** open → submitted → verified → closed; submitted → returned (with comments) → submitted … */
export const ITEM_STATUSES = ['open', 'submitted', 'returned', 'verified', 'closed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The levels a campaign can target (every active organization of that level below the launcher). */
export const TARGET_LEVELS = ['street', 'community', 'grid'] as const;

/** The list filter: open = not closed yet; overdue = open or returned past the deadline. */
export const STATUS_FILTERS = ['open', 'overdue', 'closed', 'submitted', 'returned', 'verified'] as const;

const abilities = z.record(z.string(), z.boolean());

export const itemSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  title: z.string(),
  source: z.object({ kind: z.enum(SOURCE_KINDS), id: z.number() }),
  sourceTitle: z.string().nullable(),
  issuerOrgName: z.string(),
  ownerPerson: z.string(),
  requiredEvidence: z.string(),
  openedOn: z.string(),
  deadline: z.string(),
  workingDays: z.number(),
  status: z.enum(ITEM_STATUSES),
  /** Calendar days past the deadline while not yet submitted (0 otherwise). */
  overdueDays: z.number(),
  submittedOn: z.string().nullable(),
  reminded: z.boolean(),
  escalatedToOrgName: z.string().nullable(),
  returnCount: z.number(),
  evidenceCount: z.number(),
  /** A hard problem (难题) of a gap list or task book. */
  hard: z.boolean(),
  abilities: abilities.optional(),
});
export type RectificationItemDto = z.infer<typeof itemSchema>;

export const eventSchema = z.object({
  kind: z.string(),
  comment: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export const evidenceSchema = z.object({ id: z.number(), filename: z.string(), mime: z.string() });

export const itemDetailSchema = itemSchema.extend({
  events: z.array(eventSchema),
  evidence: z.array(evidenceSchema),
  finding: z.object({ description: z.string(), evidence: z.array(evidenceSchema) }).nullable(),
});

export const itemsQuery = pageQuery.extend({
  orgId: z.coerce.number().int().positive(),
  status: z.enum(STATUS_FILTERS).optional(),
  sourceKind: z.enum(SOURCE_KINDS).optional(),
  sourceId: z.coerce.number().int().positive().optional(),
  escalated: z.enum(['true', 'false']).optional(),
  hard: z.enum(['true', 'false']).optional(),
});
export type ItemsQuery = z.infer<typeof itemsQuery>;
/** The stable contract: `{ data, total }` (and the page for the web's pager). */
export const itemsResponse = z.object({ data: z.array(itemSchema), total: z.number(), page: pageInfo });

export const campaignSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.enum(CAMPAIGN_KINDS),
  title: z.string(),
  checklist: z.array(z.string()),
  targetLevel: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(['open', 'closed']),
  inspectors: z.array(z.string()),
  targets: z.number(),
  findings: z.number(),
  rectified: z.number(),
  overdue: z.number(),
  abilities: abilities.optional(),
});
export type CampaignDto = z.infer<typeof campaignSchema>;

export const targetSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  /** The organization above it: names repeat across streets (朝阳社区 in two streets). */
  parentName: z.string().nullable(),
  findings: z.number(),
});
export const campaignDetailSchema = campaignSchema.extend({ targetOrgs: z.array(targetSchema) });

export const campaignsQuery = pageQuery.extend({
  orgId: z.coerce.number().int().positive(),
  kind: z.enum(CAMPAIGN_KINDS).optional(),
});
export const campaignsResponse = z.object({ data: z.array(campaignSchema), page: pageInfo });

export const launchBody = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS),
    title: z.string().trim().min(1).max(100),
    checklist: z.array(z.string().trim().min(1).max(200)).min(1).max(60),
    targetLevel: z.enum(TARGET_LEVELS),
    /** Only these organizations (all of the level below when absent). */
    targetOrgIds: z.array(z.number().int().positive()).min(1).max(2000).optional(),
    /** Inspectors besides the person launching it. */
    inspectorIds: z.array(z.number().int().positive()).max(50).optional(),
    startsOn: isoDate,
    endsOn: isoDate,
  })
  .strict()
  .refine((b) => b.endsOn >= b.startsOn, { path: ['endsOn'], message: '结束日期不能早于开始日期' });

export const findingBody = z
  .object({
    targetOrgId: z.number().int().positive(),
    checklistItem: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().min(1).max(2000),
    title: z.string().trim().min(1).max(200),
    ownerPerson: z.string().trim().min(1).max(40),
    requiredEvidence: z.string().trim().min(1).max(500),
    /** Working days to rectify (the rule's number when absent). */
    workingDays: z.number().int().min(1).max(120).optional(),
  })
  .strict();

export const findingResponse = z.object({
  data: z.object({ findingId: z.number(), item: itemSchema }),
});

export const commentBody = z.object({ comment: z.string().trim().min(1).max(1000).optional() }).strict();
export const returnBody = z.object({ comment: z.string().trim().min(1).max(1000) }).strict();

export const sweepResponse = z.object({ data: z.object({ reminded: z.number(), escalated: z.number() }) });

export const figuresSchema = z.object({
  findings: z.number(),
  items: z.number(),
  onTime: z.number(),
  overdue: z.number(),
  returned: z.number(),
  closed: z.number(),
  /** Hard problems of gap lists and task books rectified (攻克难题). */
  hardSolved: z.number(),
});

/** Who may be named an inspector of a campaign launched by an organization: its and its subtree's staff. */
export const inspectorSchema = z.object({ id: z.number(), displayName: z.string(), orgName: z.string() });
export const inspectorsQuery = z.object({ q: z.string().trim().max(40).optional() });
export const inspectorsResponse = z.object({ data: z.array(inspectorSchema) });

export const rectificationEndpoints = defineEndpoints({
  items: get('/rectification/items', { query: itemsQuery, response: itemsResponse }),
  item: get('/rectification/items/:id', { response: z.object({ data: itemDetailSchema }) }),
  submit: post('/rectification/items/:id/submit', {
    body: commentBody,
    response: z.object({ data: itemSchema }),
  }),
  verify: post('/rectification/items/:id/verify', {
    body: commentBody,
    response: z.object({ data: itemSchema }),
  }),
  giveBack: post('/rectification/items/:id/return', {
    body: returnBody,
    response: z.object({ data: itemSchema }),
  }),
  close: post('/rectification/items/:id/close', {
    body: commentBody,
    response: z.object({ data: itemSchema }),
  }),
  figures: get('/rectification/figures', {
    query: z.object({ orgId: z.coerce.number().int().positive() }),
    response: z.object({ data: figuresSchema }),
  }),
  campaigns: get('/inspections', { query: campaignsQuery, response: campaignsResponse }),
  campaign: get('/inspections/:id', { response: z.object({ data: campaignDetailSchema }) }),
  launch: post('/orgs/:id/inspections', { body: launchBody, response: z.object({ data: campaignSchema }) }),
  recordFinding: post('/inspections/:id/findings', { body: findingBody, response: findingResponse }),
  inspectors: get('/orgs/:id/rectification/inspectors', {
    query: inspectorsQuery,
    response: inspectorsResponse,
  }),
  closeCampaign: post('/inspections/:id/close', {
    body: z.object({}).strict(),
    response: z.object({ data: campaignSchema }),
  }),
});

/** This module's field names, given to every route (`title`, `kind` mean other things elsewhere). */
export const RECTIFICATION_LABELS = {
  kind: '检查类型',
  title: '标题',
  checklist: '检查清单',
  targetLevel: '检查对象层级',
  targetOrgIds: '检查对象',
  inspectorIds: '检查人员',
  q: '姓名',
  startsOn: '开始日期',
  endsOn: '结束日期',
  targetOrgId: '被检查组织',
  checklistItem: '检查项目',
  description: '发现问题',
  ownerPerson: '整改责任人',
  requiredEvidence: '整改佐证要求',
  workingDays: '整改时限（工作日）',
  comment: '意见',
  status: '状态',
  sourceKind: '来源',
  escalated: '是否已上报',
  evidence: '整改佐证',
};
