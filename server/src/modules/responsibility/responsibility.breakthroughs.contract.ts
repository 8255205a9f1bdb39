import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate } from '../../platform/validation.ts';

/** 书记突破项目 (C12): the contract of the breakthrough-project routes (server and web). */
export const milestoneSchema = z.object({
  id: z.number(),
  seq: z.number(),
  title: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  note: z.string().nullable(),
  doneBy: z.string().nullable(),
  late: z.boolean(),
});

export const breakthroughSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  title: z.string(),
  secretaryName: z.string(),
  goal: z.string(),
  status: z.enum(['open', 'done']),
  results: z.string().nullable(),
  completedOn: z.string().nullable(),
  milestones: z.array(milestoneSchema),
  milestonesDone: z.number(),
  /** A milestone past its due date and not reached. */
  late: z.boolean(),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export type BreakthroughDto = z.infer<typeof breakthroughSchema>;

export const breakthroughsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
  status: z.enum(['open', 'done']).optional(),
});

export const breakthroughBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    title: z.string().trim().min(1).max(200),
    secretaryName: z.string().trim().min(1).max(40),
    goal: z.string().trim().min(1).max(2000),
    milestones: z
      .array(z.object({ title: z.string().trim().min(1).max(200), dueOn: isoDate }).strict())
      .min(1)
      .max(20),
  })
  .strict();

/** The next milestone (in order) is reached, with what was done. */
export const milestoneBody = z.object({ note: z.string().trim().min(1).max(1000) }).strict();
export const finishBody = z.object({ results: z.string().trim().min(1).max(4000) }).strict();

export const BREAKTHROUGH_LABELS = {
  year: '年度',
  title: '项目名称',
  secretaryName: '书记',
  goal: '突破目标',
  milestones: '节点',
  dueOn: '节点时限',
  note: '完成情况',
  results: '项目成效',
  status: '状态',
};

const one = z.object({ data: breakthroughSchema });
export const breakthroughEndpoints = defineEndpoints({
  list: get('/responsibility/breakthroughs', {
    query: breakthroughsQuery,
    response: z.object({ data: z.array(breakthroughSchema) }),
  }),
  get: get('/responsibility/breakthroughs/:id', { response: one }),
  create: post('/orgs/:id/responsibility/breakthroughs', { body: breakthroughBody, response: one }),
  reachMilestone: post('/responsibility/breakthroughs/:id/milestones', {
    body: milestoneBody,
    response: one,
  }),
  finish: post('/responsibility/breakthroughs/:id/finish', { body: finishBody, response: one }),
});
