import type { z } from 'zod';
import {
  type activitySchema,
  type agreementSchema,
  type CbUnitType,
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

export type Scope = Partial<ScopeQuery>;

/** The co-building client, built from the contract's endpoint table (no hand-written calls). */
export const cbApi = createClient(coBuildingEndpoints);
