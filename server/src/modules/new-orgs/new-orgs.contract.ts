/** The 两新 registry as the web sees it: zod schemas and the endpoints the web client is built from. */
import { z } from 'zod';
import { defineEndpoints, get } from '../../platform/endpoints.contract.ts';
import { pageInfo, pageQuery } from '../../platform/validation.ts';

export const KINDS = ['enterprise', 'social_org'] as const;
export const COVERAGES = ['own', 'joint', 'attached', 'none'] as const;

export const newOrgSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(KINDS),
  kindLabel: z.string(),
  creditCode: z.string().nullable(),
  employeeCount: z.number(),
  memberCount: z.number(),
  fullMemberCount: z.number(),
  coverage: z.enum(COVERAGES),
  coverageLabel: z.string(),
  coveringOrgId: z.number().nullable(),
  coveringOrgName: z.string().nullable(),
  instructorName: z.string().nullable(),
  workCovered: z.boolean(),
  needsOwnOrg: z.boolean(),
});

export type NewOrg = z.infer<typeof newOrgSchema>;

export const listNewOrgsQuery = pageQuery.extend({
  orgId: z.coerce.number().int().positive().optional(),
  kind: z.enum(KINDS).optional(),
  coverage: z.enum(COVERAGES).optional(),
  needsOwnOrg: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
});

export const newOrgsEndpoints = defineEndpoints({
  list: get('/new-orgs', {
    query: listNewOrgsQuery,
    response: z.object({ data: z.array(newOrgSchema), page: pageInfo }),
  }),
});
