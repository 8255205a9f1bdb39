import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { registerFieldLabels } from '../../platform/validation.ts';

registerFieldLabels({
  skills: '特长',
  teamId: '服务队',
  volunteerId: '志愿者',
  startsAt: '开始时间',
  endsAt: '结束时间',
  capacity: '名额',
});

const text = (max: number) => z.string().trim().min(1).max(max);

/** The organization is in the URL. */
export const volunteerBody = z
  .object({
    name: text(50),
    memberId: z.number().int().positive().optional(),
    skills: z.string().trim().max(200).optional(),
  })
  .strict();
export const selfRegisterBody = z.object({ skills: z.string().trim().max(200).optional() }).strict();
export const teamBody = z
  .object({ name: text(50), description: z.string().trim().max(500).optional() })
  .strict();
export const teamMemberBody = z.object({ volunteerId: z.number().int().positive() }).strict();
export const activityBody = z
  .object({
    title: text(100),
    description: text(2000),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    capacity: z.number().int().min(1).max(10_000),
    teamId: z.number().int().positive().optional(),
  })
  .strict();
export type ActivityBody = z.infer<typeof activityBody>;
export const confirmBody = z.object({ hours: z.number().positive().max(24).multipleOf(0.5) }).strict();
export const orgFilter = z.object({ orgId: z.coerce.number().int().positive().optional() });

export const volunteerSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  isMember: z.boolean(),
  skills: z.string().nullable(),
  registeredOn: z.string(),
  confirmedHours: z.number(),
  teams: z.array(z.string()),
});
export const teamSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.number(),
});
export const signupSchema = z.object({
  id: z.number(),
  volunteerName: z.string(),
  mine: z.boolean(),
  signedUpAt: z.string(),
  checkedInAt: z.string().nullable(),
  hours: z.number().nullable(),
  points: z.number().nullable(),
  pointsNote: z.string().nullable(),
  /** What the caller may do with the sign-up (the action table's checks). */
  abilities: z.object({ checkIn: z.boolean(), confirm: z.boolean() }),
});
export const activitySchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  teamName: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  signedUp: z.number(),
  mySignup: signupSchema.nullable(),
  canManage: z.boolean(),
});
export const activityDetailSchema = activitySchema.extend({ signups: z.array(signupSchema) });

const dataOf = <T extends z.ZodType>(item: T) => z.object({ data: item });
const created = dataOf(z.object({ id: z.number() }));
const detail = dataOf(activityDetailSchema);
const noBody = z.object({}).strict();

/** The volunteers endpoints, by the names the web client uses (`createClient`). */
export const volunteersEndpoints = defineEndpoints({
  volunteers: get('/volunteers', { query: orgFilter, response: dataOf(z.array(volunteerSchema)) }),
  teams: get('/volunteer-teams', { query: orgFilter, response: dataOf(z.array(teamSchema)) }),
  activities: get('/volunteer-activities', { query: orgFilter, response: dataOf(z.array(activitySchema)) }),
  activity: get('/volunteer-activities/:id', { response: detail }),
  register: post('/orgs/:id/volunteers', { body: volunteerBody, response: created }),
  registerSelf: post('/orgs/:id/volunteers/me', { body: selfRegisterBody, response: created }),
  createTeam: post('/orgs/:id/volunteer-teams', { body: teamBody, response: created }),
  addToTeam: post('/volunteer-teams/:id/members', {
    body: teamMemberBody,
    response: z.object({ ok: z.literal(true) }),
  }),
  createActivity: post('/orgs/:id/volunteer-activities', { body: activityBody, response: created }),
  signup: post('/volunteer-activities/:id/signup', { body: noBody, response: detail }),
  checkIn: post('/volunteer-activities/:id/signups/:signupId/check-in', { body: noBody, response: detail }),
  confirm: post('/volunteer-activities/:id/signups/:signupId/confirm', {
    body: confirmBody,
    response: detail,
  }),
});
