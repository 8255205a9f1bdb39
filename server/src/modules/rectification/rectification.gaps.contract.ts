import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';

/** 差距清单、赶超任务书 (C15) and the yearly highlight selection (十大亮点项目/工作/典型人物). */
export const GAP_KINDS = ['gap_list', 'task_book'] as const;
export const HIGHLIGHT_CATEGORIES = ['project', 'work', 'person'] as const;
export const HIGHLIGHT_STATUSES = ['nominated', 'selected', 'rejected', 'published'] as const;

const gapItem = z
  .object({
    title: z.string().trim().min(1).max(200),
    ownerPerson: z.string().trim().min(1).max(40),
    requiredEvidence: z.string().trim().min(1).max(500),
    workingDays: z.number().int().min(1).max(120).optional(),
    /** A hard problem (难题): counted when solved. */
    hard: z.boolean().optional(),
  })
  .strict();

export const gapListSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  issuerOrgName: z.string(),
  year: z.number(),
  kind: z.enum(GAP_KINDS),
  title: z.string(),
  benchmark: z.string().nullable(),
  items: z.number(),
  rectified: z.number(),
  overdue: z.number(),
  hard: z.number(),
  hardSolved: z.number(),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export type GapListDto = z.infer<typeof gapListSchema>;

export const gapListBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    kind: z.enum(GAP_KINDS),
    title: z.string().trim().min(1).max(200),
    benchmark: z.string().trim().max(200).optional(),
    items: z.array(gapItem).min(1).max(30),
  })
  .strict();
export const gapItemBody = gapItem;
export const gapListsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
  kind: z.enum(GAP_KINDS).optional(),
});

export const highlightSchema = z.object({
  id: z.number(),
  year: z.number(),
  category: z.enum(HIGHLIGHT_CATEGORIES),
  orgId: z.number(),
  orgName: z.string(),
  reviewerOrgName: z.string(),
  title: z.string(),
  personName: z.string().nullable(),
  summary: z.string(),
  status: z.enum(HIGHLIGHT_STATUSES),
  reviewComment: z.string().nullable(),
  publishedAt: z.string().nullable(),
  isCase: z.boolean(),
  practice: z.string().nullable(),
  nominatedByName: z.string(),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export type HighlightDto = z.infer<typeof highlightSchema>;

export const nominateBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    category: z.enum(HIGHLIGHT_CATEGORIES),
    title: z.string().trim().min(1).max(200),
    personName: z.string().trim().min(1).max(40).optional(),
    summary: z.string().trim().min(1).max(4000),
  })
  .strict();
export const highlightCommentBody = z.object({ comment: z.string().trim().max(2000).optional() }).strict();
export const rejectBody = z.object({ comment: z.string().trim().min(1).max(2000) }).strict();
export const caseBody = z.object({ practice: z.string().trim().min(1).max(8000) }).strict();
export const highlightsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
  category: z.enum(HIGHLIGHT_CATEGORIES).optional(),
  status: z.enum(HIGHLIGHT_STATUSES).optional(),
  /** Only the typical practices kept as cases. */
  cases: z.enum(['true', 'false']).optional(),
});

export const GAP_LABELS = {
  year: '年度',
  kind: '类型',
  title: '名称',
  benchmark: '对标对象',
  items: '事项',
  ownerPerson: '责任人',
  requiredEvidence: '整改佐证要求',
  workingDays: '整改时限（工作日）',
  hard: '难题',
  category: '评选类别',
  personName: '典型人物姓名',
  summary: '事迹简介',
  comment: '评审意见',
  practice: '典型做法',
  status: '状态',
  cases: '典型案例',
};

export const gapEndpoints = defineEndpoints({
  lists: get('/rectification/gap-lists', {
    query: gapListsQuery,
    response: z.object({ data: z.array(gapListSchema) }),
  }),
  create: post('/orgs/:id/rectification/gap-lists', {
    body: gapListBody,
    response: z.object({ data: gapListSchema }),
  }),
  addItem: post('/rectification/gap-lists/:id/items', {
    body: gapItemBody,
    response: z.object({ data: gapListSchema }),
  }),
  highlights: get('/rectification/highlights', {
    query: highlightsQuery,
    response: z.object({ data: z.array(highlightSchema) }),
  }),
  nominate: post('/orgs/:id/rectification/highlights', {
    body: nominateBody,
    response: z.object({ data: highlightSchema }),
  }),
  select: post('/rectification/highlights/:id/select', {
    body: highlightCommentBody,
    response: z.object({ data: highlightSchema }),
  }),
  reject: post('/rectification/highlights/:id/reject', {
    body: rejectBody,
    response: z.object({ data: highlightSchema }),
  }),
  publish: post('/rectification/highlights/:id/publish', {
    body: z.object({}).strict(),
    response: z.object({ data: highlightSchema }),
  }),
  keepAsCase: post('/rectification/highlights/:id/case', {
    body: caseBody,
    response: z.object({ data: highlightSchema }),
  }),
});
