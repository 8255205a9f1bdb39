import type { z } from 'zod';
import {
  type activityDetailSchema,
  type activitySchema,
  type teamSchema,
  type volunteerSchema,
  volunteersEndpoints,
} from '../../../../server/src/modules/volunteers/volunteers.contract.ts';
import { createClient } from '../../shared/client.ts';

export type Volunteer = z.infer<typeof volunteerSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Activity = z.infer<typeof activitySchema>;
export type ActivityDetail = z.infer<typeof activityDetailSchema>;

/** The volunteers client, built from the contract's endpoint table (no hand-written calls). */
export const volunteersApi = createClient(volunteersEndpoints);
