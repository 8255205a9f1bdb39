import { authEndpoints } from '../../../../server/src/modules/accounts/auth.contract.ts';
import { createClient } from '../../shared/client.ts';

/** The sign-in client (session, second factor, password change), built from the contract. */
export const authApi = createClient(authEndpoints);
