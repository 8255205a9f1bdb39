import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate } from '../../platform/validation.ts';

/** 现场观摩 (C13): a half-yearly visit along a route of places, scored and commented on the spot. */
const followUp = z
  .object({
    title: z.string().trim().min(1).max(200),
    ownerPerson: z.string().trim().min(1).max(40),
    requiredEvidence: z.string().trim().min(1).max(500),
    workingDays: z.number().int().min(1).max(120).optional(),
  })
  .strict();

export const stopSchema = z.object({
  id: z.number(),
  seq: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  scores: z.array(z.object({ item: z.string(), points: z.number() })).nullable(),
  total: z.number().nullable(),
  comment: z.string().nullable(),
  commentedByName: z.string().nullable(),
  /** Rectification items opened from the comment (source kind `site_visit`). */
  items: z.array(z.object({ id: z.number(), title: z.string(), status: z.string(), deadline: z.string() })),
  abilities: z.record(z.string(), z.boolean()).optional(),
});

export const visitSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  title: z.string(),
  visitOn: z.string(),
  /** 上半年 1, 下半年 2. */
  half: z.number(),
  scoreSheet: z.array(z.object({ item: z.string(), maxPoints: z.number() })),
  maxTotal: z.number(),
  status: z.enum(['open', 'closed']),
  stops: z.array(stopSchema),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export type VisitDto = z.infer<typeof visitSchema>;
export type StopDto = z.infer<typeof stopSchema>;

export const visitBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    visitOn: isoDate,
    scoreSheet: z
      .array(
        z
          .object({ item: z.string().trim().min(1).max(100), maxPoints: z.number().positive().max(100) })
          .strict(),
      )
      .min(1)
      .max(20),
    stopOrgIds: z.array(z.number().int().positive()).min(1).max(30),
  })
  .strict();

export const reviewStopBody = z
  .object({
    scores: z.array(z.object({ item: z.string(), points: z.number().min(0).max(100) }).strict()).max(20),
    comment: z.string().trim().min(1).max(4000),
    followUps: z.array(followUp).max(10).optional(),
  })
  .strict();

export const visitsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
});

export const VISIT_LABELS = {
  title: '观摩主题',
  visitOn: '观摩日期',
  scoreSheet: '评分表',
  item: '评分项目',
  maxPoints: '满分',
  stopOrgIds: '观摩点位',
  scores: '评分',
  points: '得分',
  comment: '现场点评',
  followUps: '限时整改事项',
  ownerPerson: '责任人',
  requiredEvidence: '整改佐证要求',
  workingDays: '整改时限（工作日）',
  year: '年度',
};

const one = z.object({ data: visitSchema });
export const visitEndpoints = defineEndpoints({
  list: get('/rectification/site-visits', {
    query: visitsQuery,
    response: z.object({ data: z.array(visitSchema) }),
  }),
  get: get('/rectification/site-visits/:id', { response: one }),
  create: post('/orgs/:id/rectification/site-visits', { body: visitBody, response: one }),
  review: post('/rectification/site-visit-stops/:id/review', { body: reviewStopBody, response: one }),
  close: post('/rectification/site-visits/:id/close', { body: z.object({}).strict(), response: one }),
});
