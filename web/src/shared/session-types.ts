/** Types of the session API, inferred from the server's contract (type-only: no server code ships). */
import type { z } from 'zod';
import type {
  loginResponse,
  meSchema,
  totpSetupResponse,
} from '../../../server/src/modules/accounts/auth.contract.ts';

export type Me = z.infer<typeof meSchema>;
export type Role = Me['roles'][number]['role'];
export type Pending = Me['pending'];
export type LoginResponse = z.infer<typeof loginResponse>;
export type TotpSetup = z.infer<typeof totpSetupResponse>['data'];
