import { z } from 'zod';
import { ROLES } from '../../platform/permissions.ts';
import { pageInfo, pageQuery } from '../../platform/validation.ts';

export const accountSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  /** Masked: first 3 and last 4 digits. */
  phone: z.string().nullable(),
  homeOrg: z.object({ id: z.number(), name: z.string() }),
  status: z.enum(['active', 'locked', 'disabled']),
  totpEnabled: z.boolean(),
  /** A password reset was delivered and the person has not yet set their own password. */
  passwordResetPending: z.boolean(),
  lastLoginAt: z.string().nullable(),
  roles: z.array(z.object({ id: z.number(), role: z.enum(ROLES), orgId: z.number(), orgName: z.string() })),
});
export type AccountDto = z.infer<typeof accountSchema>;

export const listAccountsQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional(),
  orgId: z.coerce.number().int().positive().optional(),
});

export const accountListResponse = z.object({ data: z.array(accountSchema), page: pageInfo });

const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号应为 11 位数字');

export const createAccountBody = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9_.-]{3,32}$/, '用户名为 3–32 位小写字母、数字、点、下划线或连字符'),
    displayName: z.string().trim().min(1).max(50),
    phone: phone.nullish(),
  })
  .strict();

export const updateAccountBody = z
  .object({ displayName: z.string().trim().min(1).max(50).optional(), phone: phone.nullish() })
  .strict();

export const temporaryPasswordResponse = z.object({
  data: z.object({ account: accountSchema, temporaryPassword: z.string() }),
});

export const resetPasswordBody = z
  .object({
    /** `sms`: to the account's own phone; `slip`: a sealed slip printed once and handed over. */
    delivery: z.enum(['sms', 'slip']),
  })
  .strict();

export const resetPasswordResponse = z.object({
  data: z.object({
    account: accountSchema,
    delivery: z.enum(['sms', 'slip']),
    sentTo: z.string().optional(),
    slip: z
      .object({
        resetId: z.number(),
        username: z.string(),
        displayName: z.string(),
        temporaryPassword: z.string(),
        issuedAt: z.string(),
        expiresAt: z.string(),
        issuedBy: z.string(),
      })
      .optional(),
  }),
});

export const grantRoleBody = z.object({ role: z.enum(ROLES), orgId: z.number().int().positive() }).strict();
