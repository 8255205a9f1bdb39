import { type Actor, authorize } from '../../platform/actor.ts';
import type { FieldCrypto } from '../../platform/crypto.ts';
import type { Trx } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { ADMIN_ROLES, type Role } from '../../platform/permissions.ts';
import { getAccountInScope } from './accounts.queries.ts';
import { revokeUserSessions } from './auth.service.ts';
import { hashPassword, temporaryPassword } from './passwords.ts';

export interface AccountCtx {
  trx: Trx;
  audit: AuditFn;
  actor: Actor;
  now: Date;
  crypto: FieldCrypto;
}

async function assertPhoneFree(ctx: AccountCtx, phone: string, exceptId?: number) {
  let q = ctx.trx.selectFrom('users').select('id').where('phoneHash', '=', ctx.crypto.blindIndex(phone));
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst())
    throw new ConflictError('手机号已被其他账户使用', { phone: '手机号已被其他账户使用' });
}

export async function createAccount(
  ctx: AccountCtx,
  orgId: number,
  body: { username: string; displayName: string; phone?: string | null },
) {
  const org = await ctx.trx
    .selectFrom('orgs')
    .select(['id', 'path', 'status'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!org || !ctx.actor.sees(org.path)) throw new NotFoundError('组织不存在或无权访问');
  authorize(ctx.actor, 'accounts.create', org.path);
  if (org.status !== 'active') throw new ValidationError({ orgId: '组织已撤销' });
  const exists = await ctx.trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', body.username)
    .executeTakeFirst();
  if (exists) throw new ConflictError('用户名已被使用（用户名不可重复使用）', { username: '用户名已被使用' });
  if (body.phone) await assertPhoneFree(ctx, body.phone);
  const password = temporaryPassword();
  const { id } = await ctx.trx
    .insertInto('users')
    .values({
      username: body.username,
      displayName: body.displayName,
      phoneHash: body.phone ? ctx.crypto.blindIndex(body.phone) : null,
      phoneEnc: body.phone ? ctx.crypto.encrypt(body.phone) : null,
      homeOrgId: org.id,
      passwordHash: await hashPassword(password),
      passwordChangedAt: ctx.now,
      mustChangePassword: true,
      totpSecretEnc: null,
      totpLastStep: null,
      lockedUntil: null,
      disabledAt: null,
      lastLoginAt: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'accounts.create',
    objectType: 'user',
    objectId: id,
    orgPath: org.path,
    detail: { username: body.username },
  });
  return { id, temporaryPassword: password };
}

export async function updateAccount(
  ctx: AccountCtx,
  id: number,
  body: { displayName?: string; phone?: string | null },
) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, id, 'accounts.update');
  if (body.phone) await assertPhoneFree(ctx, body.phone, id);
  const set: Record<string, unknown> = { updatedAt: ctx.now };
  if (body.displayName !== undefined) set.displayName = body.displayName;
  if (body.phone !== undefined) {
    set.phoneHash = body.phone ? ctx.crypto.blindIndex(body.phone) : null;
    set.phoneEnc = body.phone ? ctx.crypto.encrypt(body.phone) : null;
  }
  await ctx.trx.updateTable('users').set(set).where('id', '=', id).execute();
  await ctx.audit({
    action: 'accounts.update',
    objectType: 'user',
    objectId: id,
    orgPath: account.homeOrgPath,
    detail: { changed: Object.keys(body) },
  });
}

export async function setAccountDisabled(ctx: AccountCtx, id: number, disabled: boolean) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, id, 'accounts.disable');
  if (id === ctx.actor.user.id) throw new ValidationError({ id: '不能停用自己的账户' });
  await ctx.trx
    .updateTable('users')
    .set({ disabledAt: disabled ? ctx.now : null, updatedAt: ctx.now })
    .where('id', '=', id)
    .execute();
  if (disabled) await revokeUserSessions(ctx.trx, id, ctx.now);
  await ctx.audit({
    action: disabled ? 'accounts.disable' : 'accounts.enable',
    objectType: 'user',
    objectId: id,
    orgPath: account.homeOrgPath,
  });
}

export async function unlockAccount(ctx: AccountCtx, id: number) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, id, 'accounts.unlock');
  await ctx.trx
    .updateTable('users')
    .set({ lockedUntil: null, failedAttempts: 0 })
    .where('id', '=', id)
    .execute();
  // A success marker resets the failure count that the lockout reads.
  await ctx.trx
    .insertInto('loginAttempts')
    .values({ identifier: `user:${id}`, ip: 'admin-unlock', at: ctx.now, success: true })
    .execute();
  await ctx.audit({
    action: 'accounts.unlock',
    objectType: 'user',
    objectId: id,
    orgPath: account.homeOrgPath,
  });
}

export async function resetPassword(ctx: AccountCtx, id: number) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, id, 'accounts.reset_password');
  const password = temporaryPassword();
  await ctx.trx
    .updateTable('users')
    .set({
      passwordHash: await hashPassword(password),
      passwordChangedAt: ctx.now,
      mustChangePassword: true,
      updatedAt: ctx.now,
    })
    .where('id', '=', id)
    .execute();
  await revokeUserSessions(ctx.trx, id, ctx.now);
  await ctx.audit({
    action: 'accounts.reset_password',
    objectType: 'user',
    objectId: id,
    orgPath: account.homeOrgPath,
  });
  return password;
}

/** 三员分立 is checked here for a clear message, and by a unique index underneath. */
export async function grantRole(ctx: AccountCtx, userId: number, role: Role, orgId: number) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, userId, 'roles.grant');
  const org = await ctx.trx
    .selectFrom('orgs')
    .select(['id', 'path', 'status'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!org || !ctx.actor.sees(org.path)) throw new NotFoundError('组织不存在或无权访问');
  authorize(ctx.actor, 'roles.grant', org.path);
  if (userId === ctx.actor.user.id) throw new ForbiddenError('不能给自己授予角色');
  if (org.status !== 'active') throw new ValidationError({ orgId: '组织已撤销' });
  const current = await ctx.trx
    .selectFrom('roleGrants')
    .select(['role', 'orgId'])
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .execute();
  if (current.some((g) => g.role === role && g.orgId === orgId)) {
    throw new ConflictError('该账户已在此组织担任此角色', { role: '该账户已在此组织担任此角色' });
  }
  if (ADMIN_ROLES.includes(role) && current.some((g) => ADMIN_ROLES.includes(g.role))) {
    throw new ConflictError('三员分立：同一账户不能同时担任系统管理员、安全管理员、审计管理员中的两个', {
      role: '三员分立：该账户已担任一个管理员角色',
    });
  }
  const { id } = await ctx.trx
    .insertInto('roleGrants')
    .values({
      userId,
      role,
      orgId,
      grantedBy: ctx.actor.user.id,
      grantedAt: ctx.now,
      revokedAt: null,
      revokedBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'roles.grant',
    objectType: 'role_grant',
    objectId: id,
    orgPath: org.path,
    detail: { userId, role, orgId, account: account.username },
  });
  return id;
}

export async function revokeRole(ctx: AccountCtx, grantId: number) {
  const grant = await ctx.trx
    .selectFrom('roleGrants as g')
    .innerJoin('orgs as o', 'o.id', 'g.orgId')
    .select(['g.id', 'g.userId', 'g.role', 'g.revokedAt', 'o.path'])
    .where('g.id', '=', grantId)
    .executeTakeFirst();
  if (!grant || grant.revokedAt || !ctx.actor.sees(grant.path))
    throw new NotFoundError('授权不存在或无权访问');
  authorize(ctx.actor, 'roles.revoke', grant.path);
  if (grant.userId === ctx.actor.user.id) throw new ForbiddenError('不能撤销自己的角色');
  await ctx.trx
    .updateTable('roleGrants')
    .set({ revokedAt: ctx.now, revokedBy: ctx.actor.user.id })
    .where('id', '=', grantId)
    .execute();
  await ctx.audit({
    action: 'roles.revoke',
    objectType: 'role_grant',
    objectId: grantId,
    orgPath: grant.path,
    detail: { userId: grant.userId, role: grant.role },
  });
  return grant.userId;
}
