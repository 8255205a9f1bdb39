import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { ROLES } from '../../platform/permissions.ts';
import { okBody } from '../../platform/validation.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});

export const pendingSchema = z.enum(['mfa', 'mfa_enrollment', 'password_change']).nullable();

export const meSchema = z.object({
  user: z.object({ id: z.number(), username: z.string(), displayName: z.string(), homeOrgId: z.number() }),
  roles: z.array(z.object({ id: z.number(), role: z.enum(ROLES), orgId: z.number(), orgName: z.string() })),
  /** Roots of the organization subtrees the caller can see. */
  scopes: z.array(z.object({ id: z.number(), name: z.string() })),
  permissions: z.array(z.string()),
  /** The side menu for this person's permissions and roles, in order (built from the module manifests). */
  navigation: z.array(z.object({ key: z.string(), path: z.string(), title: z.string() })),
  pending: pendingSchema,
  mfaRequired: z.boolean(),
  sessionExpiresAt: z.string(),
  /** Pages with personal data show a watermark of this person's name and the time (deployment setting). */
  watermark: z.boolean(),
});

export const loginResponse = z.object({ data: z.object({ pending: pendingSchema }) });
export const totpCodeBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '验证码为 6 位数字'),
});
export const totpSetupResponse = z.object({ data: z.object({ secret: z.string(), otpauthUrl: z.string() }) });
export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

/** The sign-in endpoints the web calls (web/src/modules/auth/api.ts). */
export const authEndpoints = defineEndpoints({
  login: post('/auth/login', { body: loginBody, response: loginResponse }),
  logout: post('/auth/logout', { response: okBody }),
  me: get('/auth/me', { response: z.object({ data: meSchema }) }),
  totpSetup: post('/auth/totp/setup', { response: totpSetupResponse }),
  totpEnable: post('/auth/totp/enable', { body: totpCodeBody, response: okBody }),
  totpVerify: post('/auth/totp/verify', { body: totpCodeBody, response: okBody }),
  changePassword: post('/auth/password', { body: changePasswordBody, response: okBody }),
});
