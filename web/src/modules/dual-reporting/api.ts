import type { z } from 'zod';
import type {
  projectSchema,
  registrationSchema,
  SOURCE_LEVELS,
  serviceSchema,
  statsSchema,
  unitSchema,
} from '../../../../server/src/modules/dual-reporting/dual-reporting.contract.ts';
import { api } from '../../shared/api.ts';

export type Unit = z.infer<typeof unitSchema>;
export type UnitDetail = Unit & { members: z.infer<typeof registrationSchema>[] };
export type Project = z.infer<typeof projectSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Stats = z.infer<typeof statsSchema>;
export type SourceLevel = (typeof SOURCE_LEVELS)[number];
export const LEVELS: readonly SourceLevel[] = ['provincial', 'municipal', 'district', 'street', 'other'];

type Data<T> = Promise<{ data: T }>;

export const dualApi = {
  units: (): Data<Unit[]> => api.get('/dual-reporting/units'),
  unit: (id: number): Data<UnitDetail> => api.get(`/dual-reporting/units/${id}`),
  registerUnit: (orgId: number, body: unknown) => api.post(`/orgs/${orgId}/dual-reporting/units`, body),
  registerMember: (unitId: number, body: unknown) =>
    api.post(`/dual-reporting/units/${unitId}/members`, body),
  projects: (list?: string): Data<Project[]> => api.get('/dual-reporting/projects', { list }),
  publishNeed: (orgId: number, body: unknown) => api.post(`/orgs/${orgId}/dual-reporting/needs`, body),
  publishResource: (unitId: number, body: unknown) =>
    api.post(`/dual-reporting/units/${unitId}/resources`, body),
  claim: (id: number, unitId?: number) =>
    api.post(`/dual-reporting/projects/${id}/claim`, unitId ? { unitId } : {}),
  complete: (id: number, outcome: string) => api.post(`/dual-reporting/projects/${id}/complete`, { outcome }),
  services: (): Data<Service[]> => api.get('/dual-reporting/services'),
  recordService: (registrationId: number, body: unknown) =>
    api.post(`/dual-reporting/registrations/${registrationId}/services`, body),
  confirm: (id: number) => api.post(`/dual-reporting/services/${id}/confirm`, {}),
  reject: (id: number, reason: string) => api.post(`/dual-reporting/services/${id}/reject`, { reason }),
  stats: (): Data<Stats> => api.get('/dual-reporting/stats'),
};
