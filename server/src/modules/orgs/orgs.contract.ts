import { z } from 'zod';
import { defineEndpoints, get, patch, post } from '../../platform/endpoints.contract.ts';
import { isoDate, pageInfo, pageQuery } from '../../platform/validation.ts';

export const ORG_KINDS = [
  'committee',
  'working_committee',
  'general_branch',
  'branch',
  'group',
  'street_alliance_committee',
  'community_alliance_committee',
  'joint_committee',
  'comprehensive_committee',
  'area_org',
  'sector_committee',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_LEVELS = ['district', 'street', 'community', 'grid', 'building'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const UNIT_TYPES = [
  'agency',
  'public_institution',
  'state_enterprise',
  'non_public_enterprise',
  'social_org',
  'park',
  'business_district',
  'office_building',
  'market',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const ALLIANCE_KINDS: readonly OrgKind[] = [
  'street_alliance_committee',
  'community_alliance_committee',
];

export const orgSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(ORG_KINDS),
  level: z.enum(ORG_LEVELS).nullable(),
  unitType: z.enum(UNIT_TYPES).nullable(),
  parentId: z.number().nullable(),
  path: z.string(),
  depth: z.number(),
  status: z.enum(['active', 'closed']),
  establishedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  childCount: z.number(),
});
export type OrgDto = z.infer<typeof orgSchema>;

export const orgAbilitiesSchema = z.object({
  update: z.boolean(),
  move: z.boolean(),
  close: z.boolean(),
  createChild: z.boolean(),
  managePartTimeMembers: z.boolean(),
});

export const orgDetailSchema = orgSchema.extend({
  closedReason: z.string().nullable(),
  ancestors: z.array(z.object({ id: z.number(), name: z.string() })),
  abilities: orgAbilitiesSchema,
});

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, '组织编码只能包含字母、数字、下划线和连字符');
const name = z.string().trim().min(1).max(100);

/** Org placement (parent, path, depth) is never taken from a body: the parent is in the URL. */
export const createOrgBody = z
  .object({
    code,
    name,
    shortName: z.string().trim().max(40).nullish(),
    kind: z.enum(ORG_KINDS),
    level: z.enum(ORG_LEVELS).nullish(),
    unitType: z.enum(UNIT_TYPES).nullish(),
    establishedOn: isoDate.nullish(),
    sortOrder: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type CreateOrgBody = z.infer<typeof createOrgBody>;

export const updateOrgBody = z
  .object({
    code: code.optional(),
    name: name.optional(),
    shortName: z.string().trim().max(40).nullish(),
    kind: z.enum(ORG_KINDS).optional(),
    level: z.enum(ORG_LEVELS).nullish(),
    unitType: z.enum(UNIT_TYPES).nullish(),
    establishedOn: isoDate.nullish(),
    sortOrder: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type UpdateOrgBody = z.infer<typeof updateOrgBody>;

export const moveOrgBody = z.object({ targetParentId: z.number().int().positive() }).strict();
export const closeOrgBody = z
  .object({ reason: z.string().trim().min(2).max(500), closedOn: isoDate.optional() })
  .strict();

export const listOrgsQuery = pageQuery.extend({
  parentId: z.coerce.number().int().positive().optional(),
  /** The whole subtree of this organization (itself included): what the cockpit's figures count. */
  orgId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  kind: z.enum(ORG_KINDS).optional(),
  level: z.enum(ORG_LEVELS).optional(),
  includeClosed: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type ListOrgsQuery = z.infer<typeof listOrgsQuery>;

export const orgListResponse = z.object({ data: z.array(orgSchema), page: pageInfo });

export const orgEventSchema = z.object({
  id: z.number(),
  kind: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const partTimeMemberSchema = z.object({
  id: z.number(),
  name: z.string(),
  unitName: z.string(),
  position: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
});

export const createPartTimeMemberBody = z
  .object({
    name: z.string().trim().min(1).max(50),
    unitName: z.string().trim().min(1).max(100),
    position: z.string().trim().min(1).max(50),
    startedOn: isoDate,
  })
  .strict();

export const endPartTimeMemberBody = z.object({ endedOn: isoDate }).strict();

/** `GET /orgs/search`: find an organization anywhere in the caller's subtree (the organization picker). */
export const searchOrgsQuery = z.object({
  q: z.string().trim().min(1).max(50),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const orgSearchHitSchema = orgSchema
  .pick({ id: true, code: true, name: true, shortName: true, kind: true, level: true })
  .extend({
    /** From the caller's top visible organization down: 中山街道 / 朝阳社区 / 第一网格党支部. */
    pathLabel: z.string(),
  });
export type OrgSearchHit = z.infer<typeof orgSearchHitSchema>;
export const orgSearchResponse = z.object({ data: z.array(orgSearchHitSchema) });

/** The reads the web calls, declared once (the web's typed client is built from this table). */
const partTimeAnswer = z.object({ data: partTimeMemberSchema });

export const orgsEndpoints = defineEndpoints({
  list: get('/orgs', { query: listOrgsQuery, response: orgListResponse }),
  search: get('/orgs/search', { query: searchOrgsQuery, response: orgSearchResponse }),
  detail: get('/orgs/:id', { response: z.object({ data: orgDetailSchema }) }),
  history: get('/orgs/:id/history', { response: z.object({ data: z.array(orgEventSchema) }) }),
  partTimeMembers: get('/orgs/:id/part-time-members', {
    response: z.object({ data: z.array(partTimeMemberSchema) }),
  }),
  createChild: post('/orgs/:id/children', { body: createOrgBody, response: z.object({ data: orgSchema }) }),
  update: patch('/orgs/:id', { body: updateOrgBody, response: z.object({ data: orgSchema }) }),
  move: post('/orgs/:id/move', { body: moveOrgBody, response: z.object({ data: orgSchema }) }),
  close: post('/orgs/:id/close', { body: closeOrgBody, response: z.object({ data: orgSchema }) }),
  addPartTimeMember: post('/orgs/:id/part-time-members', {
    body: createPartTimeMemberBody,
    response: partTimeAnswer,
  }),
  endPartTimeMember: post('/orgs/:id/part-time-members/:memberId/end', {
    body: endPartTimeMemberBody,
    response: partTimeAnswer,
  }),
});
