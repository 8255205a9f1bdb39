import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate } from '../../platform/validation.ts';

/** 约谈 (C14): the level above talks with the secretary of an organization that fell short. */
export const interviewSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  byOrgName: z.string(),
  secretaryName: z.string(),
  heldOn: z.string(),
  interviewers: z.string(),
  reason: z.string(),
  record: z.string(),
  commitments: z.string(),
  status: z.enum(['open', 'concluded']),
  conclusion: z.string().nullable(),
  findings: z.array(z.object({ id: z.number(), description: z.string(), campaignTitle: z.string() })),
  notes: z.array(z.object({ note: z.string(), byName: z.string(), at: z.string() })),
  /** Rectification items opened from the commitments (source kind `interview`). */
  items: z.array(z.object({ id: z.number(), title: z.string(), status: z.string(), deadline: z.string() })),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export type InterviewDto = z.infer<typeof interviewSchema>;

export const interviewBody = z
  .object({
    secretaryName: z.string().trim().min(1).max(40),
    heldOn: isoDate,
    interviewers: z.string().trim().min(1).max(200),
    reason: z.string().trim().min(1).max(2000),
    record: z.string().trim().min(1).max(8000),
    commitments: z.string().trim().min(1).max(4000),
    findingIds: z.array(z.number().int().positive()).max(50).optional(),
    followUps: z
      .array(
        z
          .object({
            title: z.string().trim().min(1).max(200),
            ownerPerson: z.string().trim().min(1).max(40),
            requiredEvidence: z.string().trim().min(1).max(500),
            workingDays: z.number().int().min(1).max(120).optional(),
          })
          .strict(),
      )
      .max(10)
      .optional(),
  })
  .strict();

export const noteBody = z.object({ note: z.string().trim().min(1).max(2000) }).strict();
export const concludeBody = z.object({ conclusion: z.string().trim().min(1).max(2000) }).strict();

export const interviewsQuery = z.object({ orgId: z.coerce.number().int().positive() });

/** Organizations below that fell short repeatedly: overdue items and returned rectifications this year. */
export const candidateSchema = z.object({
  orgId: z.number(),
  orgName: z.string(),
  overdue: z.number(),
  returned: z.number(),
  interviews: z.number(),
});
export const candidatesQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  /** How many failures (overdue items + returns) make a candidate; default 2. */
  min: z.coerce.number().int().min(1).max(100).optional(),
});

export const INTERVIEW_LABELS = {
  secretaryName: '被约谈书记',
  heldOn: '约谈日期',
  interviewers: '约谈人',
  reason: '约谈事由',
  record: '谈话记录',
  commitments: '整改承诺',
  findingIds: '关联问题',
  followUps: '跟进整改事项',
  title: '事项',
  ownerPerson: '责任人',
  requiredEvidence: '整改佐证要求',
  workingDays: '整改时限（工作日）',
  note: '跟进情况',
  conclusion: '约谈结论',
  min: '次数',
};

const one = z.object({ data: interviewSchema });
export const interviewEndpoints = defineEndpoints({
  list: get('/rectification/interviews', {
    query: interviewsQuery,
    response: z.object({ data: z.array(interviewSchema) }),
  }),
  get: get('/rectification/interviews/:id', { response: one }),
  candidates: get('/rectification/interview-candidates', {
    query: candidatesQuery,
    response: z.object({ data: z.array(candidateSchema) }),
  }),
  create: post('/orgs/:id/rectification/interviews', { body: interviewBody, response: one }),
  followUp: post('/rectification/interviews/:id/notes', { body: noteBody, response: one }),
  conclude: post('/rectification/interviews/:id/conclude', { body: concludeBody, response: one }),
});
