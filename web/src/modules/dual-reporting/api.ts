import type { z } from 'zod';
import {
  dualReportingEndpoints,
  type projectSchema,
  type registrationSchema,
  type SOURCE_LEVELS,
  type serviceSchema,
  type statsSchema,
  type unitSchema,
} from '../../../../server/src/modules/dual-reporting/dual-reporting.contract.ts';
import { createClient } from '../../shared/client.ts';

export type Unit = z.infer<typeof unitSchema>;
export type UnitDetail = Unit & { members: z.infer<typeof registrationSchema>[] };
export type Project = z.infer<typeof projectSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Stats = z.infer<typeof statsSchema>;
export type SourceLevel = (typeof SOURCE_LEVELS)[number];
export const LEVELS: readonly SourceLevel[] = ['provincial', 'municipal', 'district', 'street', 'other'];

/** The dual-reporting client, built from the contract's endpoint table (no hand-written calls). */
export const dualApi = createClient(dualReportingEndpoints);
