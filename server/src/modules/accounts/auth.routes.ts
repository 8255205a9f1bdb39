import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, ConflictError, ValidationError } from '../../platform/errors.ts';
import { actorOf, auditContextOf, noStore, runAction } from '../../platform/http.ts';
import { loadSession, SESSION_COOKIE } from '../../platform/session.ts';
import { okBody } from '../../platform/validation.ts';
import {
  changePasswordBody,
  loginBody,
  loginResponse,
  meSchema,
  totpCodeBody,
  totpSetupResponse,
} from './auth.contract.ts';
import { login, revokeUserSessions } from './auth.service.ts';
import { activeLock, ipAttempts, lockedError, recordFailure, recordSuccess } from './lockout.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.ts';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, config, crypto, registry } = app.deps;

  const setCookie = (reply: FastifyReply, token: string, secure: boolean) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: config.security.sessionMaxHours * 3600,
    });

  app.post(
    '/auth/login',
    { config: { access: 'public' }, schema: { tags, body: loginBody, response: { 200: loginResponse } } },
    async (request, reply) => {
      const result = await login(
        db,
        { config, crypto, now: clock.now(), audit: auditContextOf(request) },
        {
          username: request.body.username,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          previousToken: request.cookies[SESSION_COOKIE],
        },
      );
      request.audited = true;
      setCookie(reply, result.token, config.secureCookies || request.protocol === 'https');
      const session = await loadSession(db, result.token, clock, config.security, config.demo);
      return { data: { pending: session.ok ? session.value.pending : null } };
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'session' }, schema: { tags, response: { 200: okBody } } },
    async (request, reply) => {
      const actor = actorOf(request);
      await runAction(request, async (trx, audit) => {
        await trx
          .updateTable('sessions')
          .set({ revokedAt: clock.now() })
          .where('id', '=', actor.sessionId)
          .execute();
        await audit({
          action: 'auth.logout',
          objectType: 'user',
          objectId: actor.user.id,
          orgPath: actor.user.homeOrgPath,
        });
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.header('clear-site-data', '"cache", "cookies"');
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { config: { access: 'session' }, schema: { tags, response: { 200: z.object({ data: meSchema }) } } },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      const session = await loadSession(
        db,
        request.cookies[SESSION_COOKIE],
        clock,
        config.security,
        config.demo,
      );
      const scopeRoots = actor.visiblePaths();
      return {
        data: {
          user: {
            id: actor.user.id,
            username: actor.user.username,
            displayName: actor.user.displayName,
            homeOrgId: actor.user.homeOrgId,
          },
          roles: actor.grants.map((g) => ({ id: g.id, role: g.role, orgId: g.orgId, orgName: g.orgName })),
          scopes: actor.grants
            .filter((g) => scopeRoots.includes(g.orgPath))
            .filter((g, i, all) => all.findIndex((x) => x.orgId === g.orgId) === i)
            .map((g) => ({ id: g.orgId, name: g.orgName })),
          permissions: [...registry.permissions.keys()].filter((p) => actor.hasPermission(p)),
          navigation: registry.navigationFor(actor),
          pending: request.pending,
          mfaRequired: session.ok ? session.value.mfaRequired : false,
          sessionExpiresAt: (session.ok ? session.value.expiresAt : clock.now()).toISOString(),
          watermark: app.deps.config.watermark,
        },
      };
    },
  );

  app.post(
    '/auth/totp/setup',
    { config: { access: 'session' }, schema: { tags, response: { 200: totpSetupResponse } } },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      // A temporary password (after a reset) opens only "set your own password": whoever
      // delivered it must not enrol a second factor of their own on the account (issue 11).
      if (request.pending === 'password_change') {
        throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '请先设置您自己的密码，再启用双因素认证');
      }
      const user = await db
        .selectFrom('users')
        .select(['totpEnabled'])
        .where('id', '=', actor.user.id)
        .executeTakeFirstOrThrow();
      if (user.totpEnabled) throw new ConflictError('已启用双因素认证');
      const secret = newTotpSecret();
      await runAction(request, async (trx, audit) => {
        await trx
          .updateTable('users')
          .set({ totpSecretEnc: crypto.encrypt(secret) })
          .where('id', '=', actor.user.id)
          .execute();
        await audit({
          action: 'auth.totp_setup',
          objectType: 'user',
          objectId: actor.user.id,
          orgPath: actor.user.homeOrgPath,
        });
      });
      return { data: { secret, otpauthUrl: otpauthUrl(secret, actor.user.username) } };
    },
  );

  const checkCode = async (userId: number, code: string, requireEnabled: boolean) => {
    const user = await db
      .selectFrom('users')
      .select(['totpSecretEnc', 'totpEnabled', 'totpLastStep'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (!user.totpSecretEnc || user.totpEnabled !== requireEnabled) {
      throw new ValidationError({ code: requireEnabled ? '尚未启用双因素认证' : '请先获取密钥' });
    }
    const step = matchTotp(crypto.decrypt(user.totpSecretEnc), code, clock.now(), user.totpLastStep);
    return step;
  };

  for (const [path, enabling] of [
    ['/auth/totp/enable', true],
    ['/auth/totp/verify', false],
  ] as const) {
    app.post(
      path,
      { config: { access: 'session' }, schema: { tags, body: totpCodeBody, response: { 200: okBody } } },
      async (request) => {
        const actor = actorOf(request);
        const action = enabling ? 'auth.totp_enable' : 'auth.totp_verify';
        const now = clock.now();
        const ctx = auditContextOf(request);
        const target = { objectType: 'user', objectId: actor.user.id, orgPath: actor.user.homeOrgPath };
        // Second-factor codes count like passwords (issue 11): per-address rate, then the lock.
        if ((await ipAttempts(db, config.security, request.ip, now)) >= config.security.loginRateLimit) {
          await recordAudit(db, ctx, {
            action,
            outcome: 'denied',
            ...target,
            detail: { reason: 'rate_limited' },
          });
          throw new AppError(429, 'RATE_LIMITED', '验证尝试过于频繁，请稍后再试');
        }
        const lockedUntil = await activeLock(db, `user:${actor.user.id}`, now);
        if (lockedUntil) {
          // still counted for the per-address rate (not for the next lock: it starts after this one)
          await db
            .insertInto('loginAttempts')
            .values({ identifier: `mfa:${actor.user.id}`, ip: request.ip, at: now, success: false })
            .execute();
          await recordAudit(db, ctx, { action, outcome: 'denied', ...target, detail: { reason: 'locked' } });
          throw lockedError(lockedUntil, now);
        }
        const step = await checkCode(actor.user.id, request.body.code, !enabling);
        if (step === null) {
          const until = await recordFailure(db, config.security, {
            countAs: `mfa:${actor.user.id}`,
            lockAs: `user:${actor.user.id}`,
            userId: actor.user.id,
            ip: request.ip,
            now,
          });
          await recordAudit(db, ctx, { action, outcome: 'failure', ...target });
          if (until) {
            await recordAudit(db, ctx, {
              action: 'auth.lockout',
              ...target,
              detail: { until: until.toISOString(), reason: 'second_factor' },
            });
            throw lockedError(until, now);
          }
          throw new AppError(422, 'MFA_INVALID', '验证码错误或已使用', { code: '验证码错误或已使用' });
        }
        await runAction(request, async (trx, audit) => {
          await recordSuccess(trx, `mfa:${actor.user.id}`, request.ip, now);
          await trx
            .updateTable('users')
            .set({ totpLastStep: step, ...(enabling ? { totpEnabled: true } : {}) })
            .where('id', '=', actor.user.id)
            .execute();
          await trx
            .updateTable('sessions')
            .set({ mfaVerifiedAt: clock.now() })
            .where('id', '=', actor.sessionId)
            .execute();
          await audit({
            action,
            objectType: 'user',
            objectId: actor.user.id,
            orgPath: actor.user.homeOrgPath,
          });
        });
        return { ok: true as const };
      },
    );
  }

  app.post(
    '/auth/password',
    { config: { access: 'session' }, schema: { tags, body: changePasswordBody, response: { 200: okBody } } },
    async (request) => {
      const actor = actorOf(request);
      if (request.pending === 'mfa' || request.pending === 'mfa_enrollment') {
        throw new AppError(403, 'MFA_REQUIRED', '请先完成双因素认证');
      }
      const user = await db
        .selectFrom('users')
        .select(['passwordHash', 'username'])
        .where('id', '=', actor.user.id)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.passwordHash, request.body.currentPassword))) {
        throw new ValidationError({ currentPassword: '当前密码不正确' });
      }
      const problem = checkPasswordPolicy(
        request.body.newPassword,
        user.username,
        config.security.passwordMinLength,
        actor.user.displayName,
      );
      if (problem) throw new ValidationError({ newPassword: problem });
      const history = await db
        .selectFrom('passwordHistory')
        .select('passwordHash')
        .where('userId', '=', actor.user.id)
        .orderBy('createdAt', 'desc')
        .limit(5)
        .execute();
      for (const old of [{ passwordHash: user.passwordHash }, ...history]) {
        if (await verifyPassword(old.passwordHash, request.body.newPassword)) {
          throw new ValidationError({ newPassword: '新密码不能与最近使用过的密码相同' });
        }
      }
      const newHash = await hashPassword(request.body.newPassword);
      const now = clock.now();
      await runAction(request, async (trx, audit) => {
        await trx
          .insertInto('passwordHistory')
          .values({ userId: actor.user.id, passwordHash: user.passwordHash, createdAt: now })
          .execute();
        await trx
          .updateTable('users')
          .set({ passwordHash: newHash, passwordChangedAt: now, mustChangePassword: false, updatedAt: now })
          .where('id', '=', actor.user.id)
          .execute();
        await revokeUserSessions(trx, actor.user.id, now, actor.sessionId);
        // The person has set their own password: a pending reset is done.
        const completed = await trx
          .updateTable('passwordResets')
          .set({ status: 'completed', completedAt: now })
          .where('userId', '=', actor.user.id)
          .where('status', '=', 'pending')
          .returning('id')
          .executeTakeFirst();
        await audit({
          action: 'auth.password_change',
          objectType: 'user',
          objectId: actor.user.id,
          orgPath: actor.user.homeOrgPath,
          ...(completed ? { detail: { resetId: completed.id, reset: 'completed' } } : {}),
        });
      });
      return { ok: true as const };
    },
  );
};
