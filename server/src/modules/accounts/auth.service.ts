import type { Config } from '../../config.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { type FieldCrypto, randomToken, sha256Hex } from '../../platform/crypto.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { UnauthorizedError } from '../../platform/errors.ts';
import { hitRateLimit, RateLimitedError } from '../../platform/rate-limit.ts';
import { activeLock, lockedError, recordFailure } from './lockout.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  userAgent: string | null;
  /** The session cookie the browser already had: revoked so a login always yields a new id. */
  previousToken?: string;
}

export interface LoginResult {
  token: string;
  userId: number;
  expiresAt: Date;
}

const INVALID = () => new UnauthorizedError('用户名或密码错误', 'INVALID_CREDENTIALS');

export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1\d{10}$/.test(digits) ? digits : null;
}

/**
 * Password login with lockout and per-IP rate limiting. Unknown users and wrong passwords get
 * the same answer, take the same time, and lock the same way (security.md DB-AUTH-04).
 */
export async function login(
  db: Db,
  deps: { config: Config; crypto: FieldCrypto; now: Date; audit: AuditContext },
  input: LoginInput,
): Promise<LoginResult> {
  const { security } = deps.config;
  const now = deps.now;
  const typed = input.username.trim().toLowerCase();
  // One atomic counter per client IP and window: concurrent attempts never exceed the limit.
  const rate = await hitRateLimit(
    db,
    'login',
    input.ip,
    security.loginRateLimit,
    security.loginRateWindowMinutes * 60,
    now,
  );
  if (rate.limited) {
    await recordAudit(db, deps.audit, {
      action: 'auth.login',
      outcome: 'denied',
      detail: { reason: 'rate_limited', username: typed },
    });
    throw new RateLimitedError(
      rate.retryAfterSeconds,
      `登录尝试过于频繁，请 ${Math.ceil(rate.retryAfterSeconds / 60)} 分钟后再试`,
    );
  }

  const phone = normalizePhone(typed);
  const user = await db
    .selectFrom('users as u')
    .innerJoin('orgs as h', 'h.id', 'u.homeOrgId')
    .select([
      'u.id',
      'u.username',
      'u.passwordHash',
      'u.disabledAt',
      'u.lockedUntil',
      'h.path as homeOrgPath',
    ])
    .where((eb) =>
      eb.or([
        eb('u.username', '=', typed),
        ...(phone ? [eb('u.phoneHash', '=', deps.crypto.blindIndex(phone))] : []),
      ]),
    )
    .executeTakeFirst();
  const identifier = user ? `user:${user.id}` : `name:${typed}`;
  const audit = { ...deps.audit, userId: user?.id ?? null, username: user?.username ?? typed };
  const orgPath = user?.homeOrgPath ?? null;
  /** A sign-in refused before the password counts (the account is locked, its reset expired). */
  const denied = (reason: 'locked' | 'reset_expired') =>
    recordAudit(db, audit, { action: 'auth.login', outcome: 'denied', orgPath, detail: { reason } });

  const lockedUntil = await activeLock(db, identifier, now);
  if (lockedUntil) {
    await denied('locked');
    throw lockedError(lockedUntil, now);
  }

  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok || user.disabledAt) {
    const until = await recordFailure(db, security, {
      countAs: identifier,
      lockAs: identifier,
      userId: user?.id ?? null,
      ip: input.ip,
      now,
    });
    const reason = !user ? 'unknown_user' : user.disabledAt ? 'disabled' : 'bad_password';
    await recordAudit(db, audit, { action: 'auth.login', outcome: 'failure', orgPath, detail: { reason } });
    if (until) {
      await recordAudit(db, audit, {
        action: 'auth.lockout',
        objectType: 'user',
        objectId: user?.id,
        orgPath,
        detail: { until: until.toISOString() },
      });
    }
    throw INVALID();
  }
  // A reset's temporary password is good for RESET_VALID_HOURS only (checked after the password,
  // so it tells nothing to someone who does not hold it).
  const expiredReset = await db
    .selectFrom('passwordResets')
    .select('id')
    .where('userId', '=', user.id)
    .where('status', '=', 'pending')
    .where('expiresAt', '<=', now)
    .executeTakeFirst();
  if (expiredReset) {
    await denied('reset_expired');
    throw new UnauthorizedError('临时密码已过期，请联系管理员重新重置密码', 'RESET_EXPIRED');
  }

  const token = randomToken();
  const expiresAt = new Date(now.getTime() + security.sessionMaxHours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    if (input.previousToken) {
      await trx
        .updateTable('sessions')
        .set({ revokedAt: now })
        .where('id', '=', sha256Hex(input.previousToken))
        .where('revokedAt', 'is', null)
        .execute();
    }
    await trx
      .insertInto('loginAttempts')
      .values({ identifier, ip: input.ip, at: now, success: true })
      .execute();
    await trx
      .updateTable('users')
      .set({ lastLoginAt: now, lockedUntil: null, failedAttempts: 0 })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256Hex(token),
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        mfaVerifiedAt: null,
        revokedAt: null,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await recordAudit(trx, audit, { action: 'auth.login', objectType: 'user', objectId: user.id, orgPath });
  });
  return { token, userId: user.id, expiresAt };
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revokedAt: now }).where('id', '=', sessionId).execute();
}

export async function revokeUserSessions(db: Executor, userId: number, now: Date, exceptId?: string) {
  let q = db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}
