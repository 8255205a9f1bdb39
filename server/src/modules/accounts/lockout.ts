import type { SecuritySettings } from '../../config.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Lockout after failed sign-in steps (security.md DB-AUTH-04, issue 11). Failures are counted per
 * identifier — `user:<id>` for passwords, `mfa:<id>` for second-factor codes, `name:<typed>` for
 * unknown users — within `lockoutMinutes`, since the last success of that kind and since the last
 * lock. The failure that reaches `lockoutThreshold` locks the account (or the typed name) for
 * `lockoutMinutes` from that moment: a fixed lock, not a sliding count, so the right password or
 * code is refused until it ends. A second-factor lock locks the account itself.
 */
export function lockedError(until: Date, now: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(423, 'ACCOUNT_LOCKED', `登录失败次数过多，账户已锁定，请 ${minutes} 分钟后再试`);
}

export async function activeLock(db: Executor, identifier: string, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('loginLockouts')
    .select('lockedUntil')
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  return row && row.lockedUntil.getTime() > now.getTime() ? row.lockedUntil : null;
}

/** Record one failure; returns the end of the lock it started, or null. */
export async function recordFailure(
  db: Executor,
  settings: SecuritySettings,
  input: { countAs: string; lockAs: string; userId: number | null; ip: string; now: Date },
): Promise<Date | null> {
  const { now } = input;
  await db
    .insertInto('loginAttempts')
    .values({ identifier: input.countAs, ip: input.ip, at: now, success: false })
    .execute();
  const windowStart = new Date(now.getTime() - settings.lockoutMinutes * 60_000);
  const lastSuccess = await db
    .selectFrom('loginAttempts')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('identifier', '=', input.countAs)
    .where('success', '=', true)
    .executeTakeFirst();
  const lastLock = await db
    .selectFrom('loginLockouts')
    .select('lockedUntil')
    .where('identifier', '=', input.lockAs)
    .executeTakeFirst();
  const since = [
    windowStart,
    lastSuccess?.at ? new Date(lastSuccess.at) : null,
    lastLock?.lockedUntil ?? null,
  ]
    .filter((d): d is Date => d !== null)
    .reduce((a, b) => (b > a ? b : a));
  const { n } = await db
    .selectFrom('loginAttempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('identifier', '=', input.countAs)
    .where('success', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(n) < settings.lockoutThreshold) return null;
  const until = new Date(now.getTime() + settings.lockoutMinutes * 60_000);
  await db
    .insertInto('loginLockouts')
    .values({ identifier: input.lockAs, lockedAt: now, lockedUntil: until })
    .onConflict((oc) => oc.column('identifier').doUpdateSet({ lockedAt: now, lockedUntil: until }))
    .execute();
  if (input.userId !== null) {
    await db.updateTable('users').set({ lockedUntil: until }).where('id', '=', input.userId).execute();
  }
  return until;
}

/** A success of this kind: the failures before it no longer count. */
export async function recordSuccess(db: Executor, identifier: string, ip: string, now: Date) {
  await db.insertInto('loginAttempts').values({ identifier, ip, at: now, success: true }).execute();
}

/** The security administrator's unlock ends the lock and forgets the failures of both kinds. */
export async function clearLock(db: Executor, userId: number, now: Date) {
  await db.deleteFrom('loginLockouts').where('identifier', '=', `user:${userId}`).execute();
  await db
    .updateTable('users')
    .set({ lockedUntil: null, failedAttempts: 0 })
    .where('id', '=', userId)
    .execute();
  for (const identifier of [`user:${userId}`, `mfa:${userId}`]) {
    await recordSuccess(db, identifier, 'admin-unlock', now);
  }
}

/** Sign-in attempts (passwords and codes) from one address within the window. */
export async function ipAttempts(db: Executor, settings: SecuritySettings, ip: string, now: Date) {
  const windowStart = new Date(now.getTime() - settings.loginRateWindowMinutes * 60_000);
  const { n } = await db
    .selectFrom('loginAttempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', ip)
    .where('at', '>', windowStart)
    .executeTakeFirstOrThrow();
  return Number(n);
}
