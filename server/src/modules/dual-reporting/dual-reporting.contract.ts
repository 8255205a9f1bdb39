import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate, registerFieldLabels } from '../../platform/validation.ts';

export const SOURCE_LEVELS = ['provincial', 'municipal', 'district', 'street', 'other'] as const;

registerFieldLabels({
  unitName: '单位名称',
  unitOrgId: '单位党组织',
  sourceLevel: '单位层级',
  declaredMembers: '在职党员人数',
  contactName: '联系人',
  registeredOn: '报到日期',
  memberId: '党员',
  basis: '报到类型',
  description: '说明',
  unitId: '报到单位',
  servedOn: '服务日期',
  hours: '服务时长',
  projectId: '项目',
  outcome: '完成情况',
  list: '清单',
});

const text = (max: number) => z.string().trim().min(1).max(max);

/** The community is in the URL. `unitOrgId` names the unit's own party organization, if it is in the tree. */
export const registerUnitBody = z
  .object({
    unitName: text(100),
    unitOrgId: z.number().int().positive().optional(),
    sourceLevel: z.enum(SOURCE_LEVELS),
    declaredMembers: z.number().int().min(0).max(100_000),
    contactName: z.string().trim().max(50).optional(),
    registeredOn: isoDate,
  })
  .strict();
export type RegisterUnitBody = z.infer<typeof registerUnitBody>;

export const registerMemberBody = z
  .object({
    memberId: z.number().int().positive(),
    basis: z.enum(['work', 'residence']),
    registeredOn: isoDate,
  })
  .strict();
export type RegisterMemberBody = z.infer<typeof registerMemberBody>;

export const listingBody = z.object({ title: text(100), description: text(2000) }).strict();
export type ListingBody = z.infer<typeof listingBody>;

/** Claiming a need names which of the caller's registered units takes it on. */
export const claimBody = z.object({ unitId: z.number().int().positive().optional() }).strict();
export const completeBody = z.object({ outcome: text(2000) }).strict();

export const serviceBody = z
  .object({
    projectId: z.number().int().positive().optional(),
    servedOn: isoDate,
    hours: z.number().positive().max(24).multipleOf(0.5),
    description: text(1000),
  })
  .strict();
export type ServiceBody = z.infer<typeof serviceBody>;
export const rejectBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();

export const orgFilter = z.object({ orgId: z.coerce.number().int().positive().optional() });
export const projectsQuery = orgFilter.extend({
  list: z.enum(['needs', 'resources', 'projects']).optional(),
});
export const statsQuery = orgFilter.extend({ from: isoDate.optional(), to: isoDate.optional() });

export const unitSchema = z.object({
  id: z.number(),
  communityOrgId: z.number(),
  communityName: z.string(),
  unitName: z.string(),
  unitOrgId: z.number().nullable(),
  sourceLevel: z.enum(SOURCE_LEVELS),
  declaredMembers: z.number(),
  registeredMembers: z.number(),
  contactName: z.string().nullable(),
  registeredOn: z.string(),
  actAsUnit: z.boolean(),
});

export const registrationSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  branchName: z.string(),
  basis: z.enum(['work', 'residence']),
  registeredOn: z.string(),
  confirmedHours: z.number(),
  points: z.number(),
});

export const projectSchema = z.object({
  id: z.number(),
  communityOrgId: z.number(),
  communityName: z.string(),
  origin: z.enum(['need', 'resource']),
  offeredByUnit: z.string().nullable(),
  claimedByUnit: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  status: z.enum(['open', 'claimed', 'completed', 'withdrawn']),
  outcome: z.string().nullable(),
  createdAt: z.string(),
  /** What the caller may do now (dual-reporting.actions.ts). */
  abilities: z.object({ complete: z.boolean() }),
});

export const serviceSchema = z.object({
  id: z.number(),
  registrationId: z.number(),
  memberName: z.string(),
  branchName: z.string(),
  unitName: z.string(),
  communityName: z.string(),
  projectId: z.number().nullable(),
  servedOn: z.string(),
  hours: z.number(),
  description: z.string(),
  status: z.enum(['pending', 'confirmed', 'rejected']),
  rejectReason: z.string().nullable(),
  points: z.number().nullable(),
  pointsNote: z.string().nullable(),
  ruleVersion: z.string().nullable(),
  /** What the caller may do now (dual-reporting.actions.ts). */
  abilities: z.object({ confirm: z.boolean(), reject: z.boolean() }),
});

export const statsSchema = z.object({
  bySourceLevel: z.array(
    z.object({
      sourceLevel: z.enum(SOURCE_LEVELS),
      units: z.number(),
      declaredMembers: z.number(),
      registeredMembers: z.number(),
    }),
  ),
  needs: z.number(),
  resources: z.number(),
  projectsClaimed: z.number(),
  projectsCompleted: z.number(),
  serviceRecords: z.number(),
  confirmedHours: z.number(),
  points: z.number(),
});

const dataOf = <T extends z.ZodType>(item: T) => z.object({ data: item });
const created = dataOf(z.object({ id: z.number() }));

/** The dual-reporting endpoints, by the names the web client uses (`createClient`). */
export const dualReportingEndpoints = defineEndpoints({
  units: get('/dual-reporting/units', { query: orgFilter, response: dataOf(z.array(unitSchema)) }),
  unit: get('/dual-reporting/units/:id', {
    response: dataOf(unitSchema.extend({ members: z.array(registrationSchema) })),
  }),
  registerUnit: post('/orgs/:id/dual-reporting/units', { body: registerUnitBody, response: created }),
  registerMember: post('/dual-reporting/units/:id/members', { body: registerMemberBody, response: created }),
  projects: get('/dual-reporting/projects', {
    query: projectsQuery,
    response: dataOf(z.array(projectSchema)),
  }),
  publishNeed: post('/orgs/:id/dual-reporting/needs', { body: listingBody, response: dataOf(projectSchema) }),
  publishResource: post('/dual-reporting/units/:id/resources', {
    body: listingBody,
    response: dataOf(projectSchema),
  }),
  claim: post('/dual-reporting/projects/:id/claim', { body: claimBody, response: dataOf(projectSchema) }),
  complete: post('/dual-reporting/projects/:id/complete', {
    body: completeBody,
    response: dataOf(projectSchema),
  }),
  services: get('/dual-reporting/services', { query: orgFilter, response: dataOf(z.array(serviceSchema)) }),
  recordService: post('/dual-reporting/registrations/:id/services', {
    body: serviceBody,
    response: dataOf(serviceSchema),
  }),
  confirm: post('/dual-reporting/services/:id/confirm', {
    body: z.object({}).strict(),
    response: dataOf(serviceSchema),
  }),
  reject: post('/dual-reporting/services/:id/reject', { body: rejectBody, response: dataOf(serviceSchema) }),
  stats: get('/dual-reporting/stats', { query: statsQuery, response: dataOf(statsSchema) }),
});
