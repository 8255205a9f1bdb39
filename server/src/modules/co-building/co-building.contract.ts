import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate, registerFieldLabels } from '../../platform/validation.ts';

/** The kinds of resident unit (驻区单位); the tables, the forms and the filters share this list. */
export const CB_UNIT_TYPES = [
  'agency',
  'public_institution',
  'state_enterprise',
  'non_public_enterprise',
  'social_org',
  'school',
  'hospital',
  'other',
] as const;
export type CbUnitType = (typeof CB_UNIT_TYPES)[number];

registerFieldLabels({
  unitIds: '参与单位',
  issues: '会商问题',
  joinedOn: '加入日期',
  signedOn: '签订日期',
  expiresOn: '到期日期',
  resources: '共享资源',
  participants: '参与人数',
  solvedOn: '解决日期',
});

const text = (max: number) => z.string().trim().min(1).max(max);
const unitIds = z.array(z.number().int().positive()).max(100);

/** The party organization (community or street) is in the URL. */
export const unitBody = z
  .object({
    name: text(100),
    unitType: z.enum(CB_UNIT_TYPES),
    unitOrgId: z.number().int().positive().optional(),
    contactName: z.string().trim().max(50).optional(),
    joinedOn: isoDate,
  })
  .strict();
export type UnitBody = z.infer<typeof unitBody>;

export const meetingBody = z
  .object({
    title: text(100),
    heldOn: isoDate,
    minutes: text(8000),
    unitIds,
    issues: z.array(z.object({ title: text(200) }).strict()).max(50),
  })
  .strict();
export type MeetingBody = z.infer<typeof meetingBody>;

export const solveBody = z.object({ solvedOn: isoDate, outcome: text(2000) }).strict();

export const activityBody = z
  .object({
    kind: z.enum(['activity', 'joint_service']),
    title: text(100),
    heldOn: isoDate,
    participants: z.number().int().min(0).max(100_000),
    unitIds,
  })
  .strict();
export type ActivityBody = z.infer<typeof activityBody>;

export const agreementBody = z
  .object({
    unitId: z.number().int().positive(),
    title: text(100),
    resources: text(2000),
    signedOn: isoDate,
    expiresOn: isoDate.optional(),
  })
  .strict();
export type AgreementBody = z.infer<typeof agreementBody>;

export const scopeQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type ScopeQuery = z.infer<typeof scopeQuery>;

export const unitSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  unitType: z.enum(CB_UNIT_TYPES),
  contactName: z.string().nullable(),
  joinedOn: z.string(),
});
export const meetingSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  title: z.string(),
  heldOn: z.string(),
  minutes: z.string(),
  units: z.array(z.string()),
  issues: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      status: z.enum(['open', 'solved']),
      solvedOn: z.string().nullable(),
      outcome: z.string().nullable(),
      /** What the caller may do with the issue (the action table's checks). */
      abilities: z.object({ solve: z.boolean() }),
    }),
  ),
});
export const activitySchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.enum(['activity', 'joint_service']),
  title: z.string(),
  heldOn: z.string(),
  participants: z.number(),
  units: z.array(z.string()),
});
export const agreementSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  unitName: z.string(),
  title: z.string(),
  resources: z.string(),
  signedOn: z.string(),
  expiresOn: z.string().nullable(),
});
export const statsSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  units: z.number(),
  jointMeetings: z.number(),
  issuesRaised: z.number(),
  issuesSolved: z.number(),
  agreements: z.number(),
  activities: z.number(),
  jointServices: z.number(),
  participants: z.number(),
});

const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
const created = z.object({ data: z.object({ id: z.number() }) });

/** The co-building endpoints, by the names the web client uses (`createClient`). */
export const coBuildingEndpoints = defineEndpoints({
  units: get('/co-building/units', { query: scopeQuery, response: listOf(unitSchema) }),
  meetings: get('/co-building/meetings', { query: scopeQuery, response: listOf(meetingSchema) }),
  activities: get('/co-building/activities', { query: scopeQuery, response: listOf(activitySchema) }),
  agreements: get('/co-building/agreements', { query: scopeQuery, response: listOf(agreementSchema) }),
  stats: get('/co-building/stats', { query: scopeQuery, response: z.object({ data: statsSchema }) }),
  addUnit: post('/orgs/:id/co-building/units', { body: unitBody, response: created }),
  addMeeting: post('/orgs/:id/co-building/meetings', { body: meetingBody, response: created }),
  addActivity: post('/orgs/:id/co-building/activities', { body: activityBody, response: created }),
  addAgreement: post('/orgs/:id/co-building/agreements', { body: agreementBody, response: created }),
  solve: post('/co-building/issues/:id/solve', {
    body: solveBody,
    response: z.object({ data: meetingSchema }),
  }),
});
