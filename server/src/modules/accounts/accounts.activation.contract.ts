import { z } from 'zod';

/** Activation codes: 10 characters without look-alikes (0/O, 1/I), printed as XXXXX-XXXXX. */
export const ACTIVATION_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const ACTIVATION_VALID_DAYS = 30;

/** What a person types: case and separators do not matter. */
export function normalizeActivationCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const issueActivationBody = z
  .object({
    memberIds: z.array(z.number().int().positive()).max(2000).optional(),
    validDays: z.number().int().min(1).max(180).default(ACTIVATION_VALID_DAYS),
  })
  .strict();

export const issuedCodeSchema = z.object({
  memberId: z.number(),
  name: z.string(),
  idNumberMasked: z.string(),
  code: z.string(),
  link: z.string(),
  expiresAt: z.string(),
});
export const issuedCodesResponse = z.object({ data: z.array(issuedCodeSchema) });

export const activateBody = z
  .object({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().trim().min(15).max(18),
    code: z.string().trim().min(6).max(20),
    username: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{2,31}$/, '用户名须以小写字母开头，3–32 位小写字母、数字或下划线'),
    password: z.string().min(1).max(128),
  })
  .strict();
export const activateResponse = z.object({ data: z.object({ userId: z.number(), memberId: z.number() }) });

export const linkAccountBody = z.object({ userId: z.number().int().positive() }).strict();
export const linkAccountResponse = z.object({ data: z.object({ memberId: z.number(), userId: z.number() }) });

export const activationStatusSchema = z.object({
  memberId: z.number(),
  name: z.string(),
  idNumberMasked: z.string(),
  activated: z.boolean(),
  codeIssuedAt: z.string().nullable(),
  codeExpiresAt: z.string().nullable(),
});
export const activationStatusResponse = z.object({
  data: z.array(activationStatusSchema),
  summary: z.object({ members: z.number(), activated: z.number(), rate: z.number() }),
});

const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '请填写 11 位手机号码');
export const smsCodeBody = z.object({ phone }).strict();
export const registerResidentBody = z
  .object({
    phone,
    smsCode: z
      .string()
      .trim()
      .regex(/^\d{6}$/, '短信验证码为 6 位数字'),
    displayName: z.string().trim().min(1).max(50),
    communityId: z.number().int().positive(),
    password: z.string().min(1).max(128),
  })
  .strict();
export const registerResidentResponse = z.object({
  data: z.object({ userId: z.number(), username: z.string() }),
});
export const communityOptionsResponse = z.object({
  data: z.array(z.object({ id: z.number(), name: z.string() })),
});
