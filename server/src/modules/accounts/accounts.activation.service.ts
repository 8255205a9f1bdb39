import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { FieldCrypto } from '../../platform/crypto.ts';
import type { Executor, Trx } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import type { ScopedOrg } from '../../platform/org-scope.ts';
import { pathWithin } from '../../platform/scope.ts';
import { ACTIVE_STATUSES, normalizeIdNumber } from '../members/index.ts';
import { ACTIVATION_ALPHABET, normalizeActivationCode } from './accounts.activation.contract.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';

const PASSWORD_MIN = 10;

export function newActivationCode(): string {
  const chars = Array.from({ length: 10 }, () => ACTIVATION_ALPHABET[randomInt(ACTIVATION_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

const codeHash = (crypto: FieldCrypto, code: string) =>
  crypto.blindIndex(`activation:${normalizeActivationCode(code)}`);

/**
 * New activation codes for the members of one organization who have no account yet (all of them,
 * or `memberIds`): an open code is replaced, only the hash is stored, so the codes are shown once.
 */
export async function issueActivationCodes(
  trx: Trx,
  crypto: FieldCrypto,
  actor: Actor,
  org: ScopedOrg,
  options: { memberIds?: number[]; validDays: number; now: Date; baseUrl: string },
) {
  let query = trx
    .selectFrom('members')
    .select(['id', 'name', 'idNumberMasked'])
    .where('orgId', '=', org.id)
    .where('userId', 'is', null)
    .where('status', 'in', ACTIVE_STATUSES)
    .orderBy('id');
  if (options.memberIds) {
    if (options.memberIds.length === 0) return [];
    query = query.where('id', 'in', options.memberIds);
  }
  const members = await query.execute();
  if (options.memberIds && members.length !== new Set(options.memberIds).size) {
    throw new ValidationError({ memberIds: '所选党员不在本组织、已注册或不在册' });
  }
  if (members.length === 0) return [];
  await trx
    .updateTable('memberActivations')
    .set({ revokedAt: options.now })
    .where(
      'memberId',
      'in',
      members.map((m) => m.id),
    )
    .where('usedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .execute();
  const expiresAt = new Date(options.now.getTime() + options.validDays * 86_400_000);
  const issued = members.map((m) => ({ member: m, code: newActivationCode() }));
  await trx
    .insertInto('memberActivations')
    .values(
      issued.map(({ member, code }) => ({
        memberId: member.id,
        orgId: org.id,
        codeHash: codeHash(crypto, code),
        expiresAt,
        usedAt: null,
        userId: null,
        revokedAt: null,
        createdBy: actor.user.id,
        createdAt: options.now,
      })),
    )
    .execute();
  return issued.map(({ member, code }) => ({
    memberId: member.id,
    name: member.name,
    idNumberMasked: member.idNumberMasked,
    code,
    link: `${options.baseUrl}/login/activate?code=${encodeURIComponent(code)}`,
    expiresAt: expiresAt.toISOString(),
  }));
}

/** The one refusal for a code that does not exist, is used or expired, or a name/ID that does not match. */
export const activationRefused = () =>
  new ValidationError({ code: '激活码、姓名或身份证号不正确，或激活码已使用、已过期' }, '激活失败');

/**
 * A member activates their own account: the code must be open and unexpired, and the name and ID
 * number must be the member's. Creates the account (role 党员 on the member's organization) and
 * links it to the member record; the code is used up. Null when refused (the caller audits it).
 */
export async function activateMember(
  trx: Trx,
  crypto: FieldCrypto,
  body: { name: string; idNumber: string; code: string; username: string; password: string },
  now: Date,
): Promise<{ userId: number; memberId: number; orgPath: string } | { refused: string; memberId?: number }> {
  const activation = await trx
    .selectFrom('memberActivations as a')
    .innerJoin('members as m', 'm.id', 'a.memberId')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select([
      'a.id',
      'a.expiresAt',
      'a.usedAt',
      'a.revokedAt',
      'm.id as memberId',
      'm.name',
      'm.idNumberHash',
      'm.userId',
      'm.orgId',
      'o.path',
    ])
    .where('a.codeHash', '=', codeHash(crypto, body.code))
    .forUpdate()
    .executeTakeFirst();
  if (!activation) return { refused: 'unknown_code' };
  if (activation.usedAt || activation.revokedAt) return { refused: 'used', memberId: activation.memberId };
  if (activation.expiresAt.getTime() <= now.getTime())
    return { refused: 'expired', memberId: activation.memberId };
  if (
    activation.name !== body.name.trim() ||
    activation.idNumberHash !== crypto.blindIndex(normalizeIdNumber(body.idNumber))
  ) {
    return { refused: 'identity_mismatch', memberId: activation.memberId };
  }
  if (activation.userId) return { refused: 'already_linked', memberId: activation.memberId };
  const policy = checkPasswordPolicy(body.password, body.username, PASSWORD_MIN, body.name);
  if (policy) throw new ValidationError({ password: policy });
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', body.username)
    .executeTakeFirst();
  if (taken) throw new ConflictError('用户名已被使用', { username: '用户名已被使用' });
  const userId = await insertOwnAccount(
    trx,
    {
      username: body.username,
      displayName: activation.name,
      homeOrgId: activation.orgId,
      password: body.password,
    },
    now,
  );
  await grantMemberRole(trx, userId, activation.orgId, null, now);
  await trx
    .updateTable('members')
    .set({ userId, updatedAt: now })
    .where('id', '=', activation.memberId)
    .execute();
  await trx
    .updateTable('memberActivations')
    .set({ usedAt: now, userId })
    .where('id', '=', activation.id)
    .execute();
  return { userId, memberId: activation.memberId, orgPath: activation.path };
}

/** A person's own account (they chose the password): no forced change, no second factor yet. */
async function insertOwnAccount(
  trx: Executor,
  v: {
    username: string;
    displayName: string;
    homeOrgId: number;
    password: string;
    phone?: { hash: string; enc: string };
  },
  now: Date,
): Promise<number> {
  const { id } = await trx
    .insertInto('users')
    .values({
      username: v.username,
      displayName: v.displayName,
      phoneHash: v.phone?.hash ?? null,
      phoneEnc: v.phone?.enc ?? null,
      homeOrgId: v.homeOrgId,
      passwordHash: await hashPassword(v.password),
      passwordChangedAt: now,
      mustChangePassword: false,
      totpSecretEnc: null,
      totpLastStep: null,
      lockedUntil: null,
      disabledAt: null,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function grantMemberRole(trx: Executor, userId: number, orgId: number, by: number | null, now: Date) {
  const has = await trx
    .selectFrom('roleGrants')
    .select('id')
    .where('userId', '=', userId)
    .where('role', '=', 'member')
    .where('orgId', '=', orgId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  if (has) return;
  await trx
    .insertInto('roleGrants')
    .values({
      userId,
      role: 'member',
      orgId,
      grantedBy: by,
      grantedAt: now,
      revokedAt: null,
      revokedBy: null,
    })
    .execute();
}

/** An administrator links an existing account to a member of their subtree (and grants 党员 there). */
export async function linkMemberAccount(
  trx: Trx,
  actor: Actor,
  audit: AuditFn,
  memberId: number,
  userId: number,
  now: Date,
) {
  const member = await trx
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['m.id', 'm.userId', 'm.orgId', 'o.path'])
    .where('m.id', '=', memberId)
    .where((eb) => pathWithin(eb, 'o.path', actor.paths('accounts.link_member')))
    .forUpdate()
    .executeTakeFirst();
  if (!member) throw new NotFoundError('党员不存在或无权访问');
  if (member.userId) throw new ConflictError('该党员已关联账号', { userId: '该党员已关联账号' });
  const user = await trx
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.homeOrgId')
    .select(['u.id', 'u.disabledAt', 'o.path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!user || !actor.sees(user.path))
    throw new ValidationError({ userId: '账号不存在或不在本级管理范围内' });
  if (user.disabledAt) throw new ValidationError({ userId: '账号已停用' });
  const other = await trx.selectFrom('members').select('id').where('userId', '=', userId).executeTakeFirst();
  if (other) throw new ConflictError('该账号已关联其他党员', { userId: '该账号已关联其他党员' });
  await trx.updateTable('members').set({ userId, updatedAt: now }).where('id', '=', member.id).execute();
  await trx
    .updateTable('memberActivations')
    .set({ revokedAt: now })
    .where('memberId', '=', member.id)
    .where('usedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .execute();
  await grantMemberRole(trx, userId, member.orgId, actor.user.id, now);
  await audit({
    action: 'accounts.link_member',
    objectType: 'member',
    objectId: member.id,
    orgPath: member.path,
    detail: { userId },
  });
  return { memberId: member.id, userId };
}

/** The activation state of one organization's members (no codes: only hashes are kept). */
export async function activationStatus(db: Executor, org: ScopedOrg, now: Date) {
  const rows = await db
    .selectFrom('members as m')
    .leftJoin('memberActivations as a', (j) =>
      j.onRef('a.memberId', '=', 'm.id').on('a.usedAt', 'is', null).on('a.revokedAt', 'is', null),
    )
    .select(['m.id', 'm.name', 'm.idNumberMasked', 'm.userId', 'a.createdAt', 'a.expiresAt'])
    .where('m.orgId', '=', org.id)
    .where('m.status', 'in', ACTIVE_STATUSES)
    .orderBy('m.id')
    .limit(2000)
    .execute();
  const data = rows.map((r) => ({
    memberId: r.id,
    name: r.name,
    idNumberMasked: r.idNumberMasked,
    activated: r.userId !== null,
    codeIssuedAt: r.createdAt && !r.userId ? r.createdAt.toISOString() : null,
    codeExpiresAt:
      r.expiresAt && !r.userId && r.expiresAt.getTime() > now.getTime() ? r.expiresAt.toISOString() : null,
  }));
  const activated = data.filter((d) => d.activated).length;
  return {
    data,
    summary: {
      members: data.length,
      activated,
      rate: data.length ? Math.round((activated / data.length) * 1000) / 10 : 0,
    },
  };
}

/** The cockpit figure: registered members (with an account) as a percentage of the subtree's members. */
export async function registrationRate(db: Executor, orgPath: string): Promise<number> {
  const row = await db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`count(m.user_id)::int`.as('registered')])
    .where('o.path', 'like', `${orgPath}%`)
    .where('m.status', 'in', ACTIVE_STATUSES)
    .executeTakeFirstOrThrow();
  return row.total ? Math.round((row.registered / row.total) * 1000) / 10 : 0;
}

// ---- residents: self-registration with a phone number ----

const smsHash = (crypto: FieldCrypto, phone: string, code: string) =>
  crypto.blindIndex(`sms:${phone}:${code}`);

/**
 * A 6-digit code for the phone, stored hashed, valid `minutes` (configuration); an older open code
 * of the phone is closed, so only the newest works. The caller queues the text.
 */
export async function newPhoneVerification(
  trx: Executor,
  crypto: FieldCrypto,
  phone: string,
  now: Date,
  minutes: number,
) {
  const code = String(randomInt(1_000_000)).padStart(6, '0');
  await trx
    .updateTable('phoneVerifications')
    .set({ usedAt: now })
    .where('phoneHash', '=', crypto.blindIndex(phone))
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .execute();
  await trx
    .insertInto('phoneVerifications')
    .values({
      phoneHash: crypto.blindIndex(phone),
      codeHash: smsHash(crypto, phone, code),
      expiresAt: new Date(now.getTime() + minutes * 60_000),
      usedAt: null,
      createdAt: now,
    })
    .execute();
  return code;
}

/**
 * Uses up the newest open code of the phone when `code` matches it; false otherwise (the wrong try
 * is counted; after `maxAttempts` wrong tries the code no longer works).
 */
export async function consumePhoneVerification(
  trx: Executor,
  crypto: FieldCrypto,
  phone: string,
  code: string,
  { now, maxAttempts }: { now: Date; maxAttempts: number },
): Promise<boolean> {
  const open = await trx
    .selectFrom('phoneVerifications')
    .select(['id', 'codeHash', 'attempts'])
    .where('phoneHash', '=', crypto.blindIndex(phone))
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .orderBy('id', 'desc')
    .forUpdate()
    .executeTakeFirst();
  if (!open || open.attempts >= maxAttempts) return false;
  if (open.codeHash !== smsHash(crypto, phone, code)) {
    await trx
      .updateTable('phoneVerifications')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', open.id)
      .execute();
    return false;
  }
  await trx.updateTable('phoneVerifications').set({ usedAt: now }).where('id', '=', open.id).execute();
  return true;
}

/** A resident's own account on their community (role 居民); the phone number is its login name. */
export async function registerResident(
  trx: Trx,
  crypto: FieldCrypto,
  body: { phone: string; displayName: string; communityId: number; password: string },
  now: Date,
) {
  const community = await trx
    .selectFrom('orgs')
    .select(['id', 'path', 'level', 'status'])
    .where('id', '=', body.communityId)
    .executeTakeFirst();
  if (!community || community.level !== 'community' || community.status !== 'active') {
    throw new ValidationError({ communityId: '请选择所在社区' });
  }
  const phoneHash = crypto.blindIndex(body.phone);
  const username = `r${body.phone}`;
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('phoneHash', '=', phoneHash), eb('username', '=', username)]))
    .executeTakeFirst();
  if (taken) throw new ConflictError('该手机号已注册，请直接登录', { phone: '该手机号已注册' });
  const policy = checkPasswordPolicy(body.password, username, PASSWORD_MIN, body.displayName);
  if (policy) throw new ValidationError({ password: policy });
  const id = await insertOwnAccount(
    trx,
    {
      username,
      displayName: body.displayName,
      homeOrgId: community.id,
      password: body.password,
      phone: { hash: phoneHash, enc: crypto.encrypt(body.phone) },
    },
    now,
  );
  await trx
    .insertInto('roleGrants')
    .values({
      userId: id,
      role: 'resident',
      orgId: community.id,
      grantedBy: null,
      grantedAt: now,
      revokedAt: null,
      revokedBy: null,
    })
    .execute();
  return { userId: id, username, orgPath: community.path };
}
