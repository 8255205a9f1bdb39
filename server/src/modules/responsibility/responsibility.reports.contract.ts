import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate } from '../../platform/validation.ts';

/** 写实调度 (C13): the contract of the scheduled-reporting routes (server and web). */
export const REPORT_STATUSES = ['requested', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const reportItemSchema = z.object({
  itemId: z.number(),
  title: z.string(),
  deadline: z.string(),
  progress: z.number(),
  status: z.enum(['open', 'done']),
  late: z.boolean(),
  lastReport: z.string().nullable(),
});

export const reportFiguresSchema = z.object({
  items: z.number(),
  done: z.number(),
  late: z.number(),
  avgProgress: z.number(),
});

export const reportSchema = z.object({
  id: z.number(),
  roundId: z.number(),
  roundTitle: z.string(),
  year: z.number(),
  quarter: z.number(),
  dueOn: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  status: z.enum(REPORT_STATUSES),
  /** Submitted after the round's due day, or not yet submitted past it. */
  late: z.boolean(),
  figures: reportFiguresSchema,
  items: z.array(reportItemSchema),
  sections: z.array(z.object({ title: z.string(), text: z.string() })),
  submittedOn: z.string().nullable(),
  submittedByName: z.string().nullable(),
  reviewComment: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  returnCount: z.number(),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export type ReportDto = z.infer<typeof reportSchema>;

export const roundSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  quarter: z.number(),
  title: z.string(),
  sections: z.array(z.string()),
  dueOn: z.string(),
  reports: z.number(),
  submitted: z.number(),
  returned: z.number(),
  accepted: z.number(),
});
export type RoundDto = z.infer<typeof roundSchema>;

export const roundBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    quarter: z.number().int().min(1).max(4),
    title: z.string().trim().min(1).max(200),
    sections: z.array(z.string().trim().min(1).max(100)).min(1).max(10),
    dueOn: isoDate,
  })
  .strict();

export const saveReportBody = z
  .object({ sections: z.array(z.object({ title: z.string(), text: z.string().max(8000) }).strict()).max(10) })
  .strict();
export const reviewBody = z.object({ comment: z.string().trim().max(2000).optional() }).strict();
export const returnReportBody = z.object({ comment: z.string().trim().min(1).max(2000) }).strict();

export const roundsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
});
export const reportsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
  roundId: z.coerce.number().int().positive().optional(),
  status: z.enum(REPORT_STATUSES).optional(),
});

export const REPORT_LABELS = {
  year: '年度',
  quarter: '季度',
  title: '标题',
  sections: '报告栏目',
  dueOn: '报送截止日期',
  comment: '审核意见',
  roundId: '调度轮次',
  status: '状态',
};

const one = z.object({ data: reportSchema });
export const reportEndpoints = defineEndpoints({
  rounds: get('/responsibility/report-rounds', {
    query: roundsQuery,
    response: z.object({ data: z.array(roundSchema) }),
  }),
  request: post('/orgs/:id/responsibility/report-rounds', {
    body: roundBody,
    response: z.object({ data: roundSchema }),
  }),
  list: get('/responsibility/reports', {
    query: reportsQuery,
    response: z.object({ data: z.array(reportSchema) }),
  }),
  get: get('/responsibility/reports/:id', { response: one }),
  save: post('/responsibility/reports/:id/save', { body: saveReportBody, response: one }),
  refresh: post('/responsibility/reports/:id/refresh', { body: z.object({}).strict(), response: one }),
  submit: post('/responsibility/reports/:id/submit', { body: z.object({}).strict(), response: one }),
  giveBack: post('/responsibility/reports/:id/return', { body: returnReportBody, response: one }),
  accept: post('/responsibility/reports/:id/accept', { body: reviewBody, response: one }),
});
