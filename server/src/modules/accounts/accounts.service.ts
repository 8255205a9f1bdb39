import { type Actor, authorize, type Grant } from '../../platform/actor.ts';
import type { FieldCrypto } from '../../platform/crypto.ts';
import type { Trx } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import {
  ADMIN_ROLES,
  type Permission,
  placementRefusal,
  type Role,
  roleClass,
} from '../../platform/permissions.ts';
import { loadGrants } from '../../platform/session.ts';
import { getAccountInScope } from './accounts.queries.ts';
import { revokeUserSessions } from './auth.service.ts';
import { clearLock } from './lockout.ts';
import { type DeliveryKind, type PasswordResetDelivery, RESET_VALID_HOURS } from './password-reset.ts';
import { hashPassword, temporaryPassword } from './passwords.ts';

export interface AccountCtx {
  /** Whether these grants must pass a second factor (the configured rules). */
  mfaRequired?: (grants: Grant[], isDemo: boolean) => boolean;
  trx: Trx;
  audit: AuditFn;
  actor: Actor;
  now: Date;
  crypto: FieldCrypto;
}

/**
 * The last steps every command on an account shares: write the account's row (`set`, with
 * `updatedAt`), end its sessions when asked, and audit the action against the account's home
 * organization.
 */
async function changeAccount(
  ctx: AccountCtx,
  account: { id: number; homeOrgPath: string },
  change: {
    action: Parameters<AuditFn>[0]['action'];
    set?: Record<string, unknown>;
    endSessions?: boolean;
    detail?: Record<string, unknown>;
  },
) {
  if (change.set) {
    await ctx.trx
      .updateTable('users')
      .set({ ...change.set, updatedAt: ctx.now })
      .where('id', '=', account.id)
      .execute();
  }
  if (change.endSessions) await revokeUserSessions(ctx.trx, account.id, ctx.now);
  await ctx.audit({
    action: change.action,
    objectType: 'user',
    objectId: account.id,
    orgPath: account.homeOrgPath,
    ...(change.detail ? { detail: change.detail } : {}),
  });
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
  const org = await loadOrgFor(ctx.trx, ctx.actor, orgId, 'accounts.create');
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
  await changeAccount(
    ctx,
    { id, homeOrgPath: org.path },
    { action: 'accounts.create', detail: { username: body.username } },
  );
  return { id, temporaryPassword: password };
}

/**
 * The account an administrator may manage (edit, disable, reset), or 404/403. 三员分立 (issue 11):
 * the accounts of the 三员 are managed only by the security administrator
 * (`accounts.manage_admins`), business accounts only by the system administrator, and nobody
 * manages their own account here, so one 三员 never takes over another's account.
 */
export async function getManagedAccount(ctx: AccountCtx, id: number, permission: Permission) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, id, 'accounts.read');
  const adminAccount = await ctx.trx
    .selectFrom('roleGrants')
    .select('role')
    .where('userId', '=', id)
    .where('revokedAt', 'is', null)
    .where('role', 'in', ADMIN_ROLES)
    .executeTakeFirst();
  if (id === ctx.actor.user.id) throw new ForbiddenError('不能在此管理自己的账户');
  if (adminAccount) {
    if (!ctx.actor.can('accounts.manage_admins', account.homeOrgPath)) {
      throw new ForbiddenError('三员分立：三员账户只能由安全管理员重置、停用或修改');
    }
  } else if (!ctx.actor.can(permission, account.homeOrgPath)) {
    if (ctx.actor.hasPermission('accounts.manage_admins')) {
      throw new ForbiddenError('三员分立：安全管理员只管理三员账户，业务账户由系统管理员管理');
    }
    throw new NotFoundError('账户不存在或无权访问');
  }
  return account;
}

export async function updateAccount(
  ctx: AccountCtx,
  id: number,
  body: { displayName?: string; phone?: string | null },
) {
  const account = await getManagedAccount(ctx, id, 'accounts.update');
  if (body.phone) await assertPhoneFree(ctx, body.phone, id);
  const set: Record<string, unknown> = {};
  if (body.displayName !== undefined) set.displayName = body.displayName;
  if (body.phone !== undefined) {
    set.phoneHash = body.phone ? ctx.crypto.blindIndex(body.phone) : null;
    set.phoneEnc = body.phone ? ctx.crypto.encrypt(body.phone) : null;
  }
  await changeAccount(ctx, account, {
    action: 'accounts.update',
    set,
    detail: { changed: Object.keys(body) },
  });
}

export async function setAccountDisabled(ctx: AccountCtx, id: number, disabled: boolean) {
  if (id === ctx.actor.user.id) throw new ValidationError({ id: '不能停用自己的账户' });
  const account = await getManagedAccount(ctx, id, 'accounts.disable');
  await changeAccount(ctx, account, {
    action: disabled ? 'accounts.disable' : 'accounts.enable',
    set: { disabledAt: disabled ? ctx.now : null },
    endSessions: disabled,
  });
}

export async function unlockAccount(ctx: AccountCtx, id: number) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, id, 'accounts.unlock');
  // Ends the lock and forgets the password and second-factor failures before it.
  await clearLock(ctx.trx, id, ctx.now);
  await changeAccount(ctx, account, { action: 'accounts.unlock' });
}

/**
 * Reset a password out of band (issue 11): the temporary password goes to the person (SMS to
 * their own phone, or a sealed slip printed once), never into the administrator's ordinary
 * screens; the reset stays `pending` until the person signs in with it and sets their own; the
 * second factor is kept, so whoever printed the slip still cannot pass it.
 */
export async function resetPassword(
  ctx: AccountCtx,
  id: number,
  delivery: PasswordResetDelivery,
): Promise<{ delivery: DeliveryKind } & Awaited<ReturnType<PasswordResetDelivery['deliver']>>> {
  const account = await getManagedAccount(ctx, id, 'accounts.reset_password');
  const phone = await ctx.trx
    .selectFrom('users')
    .select(['phoneEnc', 'totpEnabled', 'isDemo'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  // Whoever prints a slip knows the password; without an enrolled second factor they could enrol
  // their own and keep the account. Such an account gets its reset by SMS, or enrols first.
  if (
    delivery.kind === 'slip' &&
    !phone.totpEnabled &&
    ctx.mfaRequired?.(await loadGrants(ctx.trx, id), phone.isDemo)
  ) {
    throw new ConflictError('该账户须使用双因素认证但尚未启用，不能打印密封单，请改用短信发送', {
      delivery: '该账户尚未启用双因素认证，请改用短信发送',
    });
  }
  const password = temporaryPassword();
  const expiresAt = new Date(ctx.now.getTime() + RESET_VALID_HOURS * 3_600_000);
  await ctx.trx
    .updateTable('passwordResets')
    .set({ status: 'cancelled' })
    .where('userId', '=', id)
    .where('status', '=', 'pending')
    .execute();
  const reset = await ctx.trx
    .insertInto('passwordResets')
    .values({
      userId: id,
      delivery: delivery.kind,
      requestedBy: ctx.actor.user.id,
      requestedAt: ctx.now,
      expiresAt,
      completedAt: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const result = await delivery.deliver(ctx, {
    id: reset.id,
    account: { ...account, phoneEnc: phone.phoneEnc },
    temporaryPassword: password,
    expiresAt,
  });
  await changeAccount(ctx, account, {
    action: 'accounts.reset_password',
    set: { passwordHash: await hashPassword(password), passwordChangedAt: ctx.now, mustChangePassword: true },
    endSessions: true,
    detail: {
      delivery: delivery.kind,
      resetId: reset.id,
      status: 'pending',
      expiresAt: expiresAt.toISOString(),
      ...(result.sentTo ? { sentTo: result.sentTo } : { printedBy: ctx.actor.user.username }),
    },
  });
  return { delivery: delivery.kind, ...result };
}

/**
 * Clear a lost second factor (security administrator only, never one's own). Refused while a
 * password reset is pending, so no administrator ever holds both the password and the enrolment.
 * The person enrols again at the next sign-in.
 */
export async function resetTotp(ctx: AccountCtx, id: number) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, id, 'accounts.reset_totp');
  if (id === ctx.actor.user.id) throw new ForbiddenError('不能重置自己的双因素认证');
  await ctx.trx.selectFrom('users').select('id').where('id', '=', id).forUpdate().execute();
  const pending = await ctx.trx
    .selectFrom('passwordResets')
    .select('id')
    .where('userId', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (pending) throw new ConflictError('该账户的密码重置尚待本人完成，请本人设置密码后再重置双因素认证');
  await changeAccount(ctx, account, {
    action: 'accounts.reset_totp',
    set: { totpSecretEnc: null, totpEnabled: false, totpLastStep: null },
    endSessions: true,
  });
}

/** 三员分立 is checked here for a clear message, and by a unique index underneath. */
export async function grantRole(ctx: AccountCtx, userId: number, role: Role, orgId: number) {
  const account = await getAccountInScope(ctx.trx, ctx.actor, userId, 'roles.grant');
  const org = await loadOrgFor(ctx.trx, ctx.actor, orgId, 'roles.grant');
  if (userId === ctx.actor.user.id) throw new ForbiddenError('不能给自己授予角色');
  if (org.status !== 'active') throw new ValidationError({ orgId: '组织已撤销' });
  const misplaced = placementRefusal(role, org);
  if (misplaced) throw new ValidationError({ orgId: misplaced });
  // Lock the account so concurrent grants are checked one after the other (the trigger does too).
  await ctx.trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
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
  if (current.some((g) => roleClass(g.role) !== roleClass(role))) {
    const message =
      roleClass(role) === 'admin'
        ? '三员分立：该账户持有业务角色，不能再担任系统管理员、安全管理员或审计管理员'
        : '三员分立：该账户担任三员（系统、安全或审计管理员），不能再持有业务角色';
    throw new ConflictError(message, { role: message });
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
