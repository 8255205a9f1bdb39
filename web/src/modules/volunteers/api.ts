import type { z } from 'zod';
import type {
  activityDetailSchema,
  activitySchema,
  teamSchema,
  volunteerSchema,
} from '../../../../server/src/modules/volunteers/volunteers.contract.ts';
import { api } from '../../shared/api.ts';

export type Volunteer = z.infer<typeof volunteerSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Activity = z.infer<typeof activitySchema>;
export type ActivityDetail = z.infer<typeof activityDetailSchema>;

type Data<T> = Promise<{ data: T }>;

export const volunteersApi = {
  volunteers: (signal?: AbortSignal): Data<Volunteer[]> => api.get('/volunteers', undefined, { signal }),
  teams: (): Data<Team[]> => api.get('/volunteer-teams'),
  activities: (): Data<Activity[]> => api.get('/volunteer-activities'),
  activity: (id: number): Data<ActivityDetail> => api.get(`/volunteer-activities/${id}`),
  register: (orgId: number, body: unknown) => api.post(`/orgs/${orgId}/volunteers`, body),
  registerSelf: (orgId: number, body: unknown) => api.post(`/orgs/${orgId}/volunteers/me`, body),
  createTeam: (orgId: number, body: unknown) => api.post(`/orgs/${orgId}/volunteer-teams`, body),
  addToTeam: (teamId: number, volunteerId: number) =>
    api.post(`/volunteer-teams/${teamId}/members`, { volunteerId }),
  createActivity: (orgId: number, body: unknown) => api.post(`/orgs/${orgId}/volunteer-activities`, body),
  signup: (id: number): Data<ActivityDetail> => api.post(`/volunteer-activities/${id}/signup`, {}),
  checkIn: (id: number, signupId: number): Data<ActivityDetail> =>
    api.post(`/volunteer-activities/${id}/signups/${signupId}/check-in`, {}),
  confirm: (id: number, signupId: number, hours: number): Data<ActivityDetail> =>
    api.post(`/volunteer-activities/${id}/signups/${signupId}/confirm`, { hours }),
};
