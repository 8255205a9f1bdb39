import { z } from 'zod';
import { defineEndpoints, get } from '../../platform/endpoints.contract.ts';
import { isoDate } from '../../platform/validation.ts';

/** 通报: a campaign's or a period's results — figures, ranking, typical problems. */
export const bulletinSchema = z.object({
  title: z.string(),
  orgName: z.string(),
  from: z.string(),
  to: z.string(),
  targets: z.number(),
  findings: z.number(),
  rectified: z.number(),
  onTime: z.number(),
  overdue: z.number(),
  returned: z.number(),
  ranking: z.array(
    z.object({
      rank: z.number(),
      orgId: z.number(),
      orgName: z.string(),
      findings: z.number(),
      rectified: z.number(),
      onTime: z.number(),
      overdue: z.number(),
      returned: z.number(),
    }),
  ),
  problems: z.array(
    z.object({ checklistItem: z.string(), count: z.number(), examples: z.array(z.string()) }),
  ),
});
export type BulletinDto = z.infer<typeof bulletinSchema>;

export const periodQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  from: isoDate,
  to: isoDate,
});

export const bulletinEndpoints = defineEndpoints({
  campaign: get('/inspections/:id/bulletin', { response: z.object({ data: bulletinSchema }) }),
  period: get('/rectification/bulletin', {
    query: periodQuery,
    response: z.object({ data: bulletinSchema }),
  }),
});
