import type { z } from 'zod';
import type {
  activitySchema,
  agreementSchema,
  CbUnitType,
  meetingSchema,
  statsSchema,
  unitSchema,
} from '../../../../server/src/modules/co-building/co-building.contract.ts';
import { api } from '../../shared/api.ts';

export type CbUnit = z.infer<typeof unitSchema>;
export type CbMeeting = z.infer<typeof meetingSchema>;
export type CbActivity = z.infer<typeof activitySchema>;
export type CbAgreement = z.infer<typeof agreementSchema>;
export type CbStats = z.infer<typeof statsSchema>;
export const UNIT_TYPES: readonly CbUnitType[] = [
  'agency',
  'public_institution',
  'state_enterprise',
  'non_public_enterprise',
  'social_org',
  'school',
  'hospital',
  'other',
];

type Data<T> = Promise<{ data: T }>;
export interface Scope {
  orgId?: number;
  from?: string;
  to?: string;
}

export const cbApi = {
  units: (q: Scope): Data<CbUnit[]> => api.get('/co-building/units', { ...q }),
  meetings: (q: Scope): Data<CbMeeting[]> => api.get('/co-building/meetings', { ...q }),
  activities: (q: Scope): Data<CbActivity[]> => api.get('/co-building/activities', { ...q }),
  agreements: (q: Scope): Data<CbAgreement[]> => api.get('/co-building/agreements', { ...q }),
  stats: (q: Scope): Data<CbStats> => api.get('/co-building/stats', { ...q }),
  create: (orgId: number, what: 'units' | 'meetings' | 'activities' | 'agreements', body: unknown) =>
    api.post(`/orgs/${orgId}/co-building/${what}`, body),
  solve: (issueId: number, body: unknown) => api.post(`/co-building/issues/${issueId}/solve`, body),
};
