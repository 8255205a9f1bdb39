import type { z } from 'zod';
import {
  type activitySchema,
  type agreementSchema,
  CB_UNIT_TYPES,
  coBuildingEndpoints,
  type meetingSchema,
  type ScopeQuery,
  type statsSchema,
  type unitSchema,
} from '../../../../server/src/modules/co-building/co-building.contract.ts';
import { createClient } from '../../shared/client.ts';

export type CbUnit = z.infer<typeof unitSchema>;
export type CbMeeting = z.infer<typeof meetingSchema>;
export type CbActivity = z.infer<typeof activitySchema>;
export type CbAgreement = z.infer<typeof agreementSchema>;
export type CbStats = z.infer<typeof statsSchema>;
/** The unit kinds in the contract's order (forms and filters). */
export const UNIT_TYPES = CB_UNIT_TYPES;

export type Scope = Partial<ScopeQuery>;

/** The co-building client, built from the contract's endpoint table (no hand-written calls). */
export const cbApi = createClient(coBuildingEndpoints);
