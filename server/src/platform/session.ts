import type { SecuritySettings } from '../config.ts';
import { Actor, type Grant } from './actor.ts';
import type { Clock } from './clock.ts';
import { sha256Hex } from './crypto.ts';
import type { Db, Executor } from './db.ts';
import { PERSONAL_DATA_PERMISSIONS, ROLES, type Role, roleHas } from './permissions.ts';

/** Roles that must pass a TOTP second factor (security.md DB-AUTH-07). */
export const MFA_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin', 'district_admin'];

/** Roles that can see personal data unmasked: TOTP for them too in the 等保 profile. */
export const PERSONAL_DATA_ROLES: readonly Role[] = ROLES.filter((role) =>
  PERSONAL_DATA_PERMISSIONS.some((p) => roleHas(role, p)),
);

export const SESSION_COOKIE = 'jiceng_sid';

/** What still stands between a signed-in user and the API. */
export type PendingStep = 'mfa' | 'mfa_enrollment' | 'password_change' | null;

export interface LoadedSession {
  actor: Actor;
  pending: PendingStep;
  mfaRequired: boolean;
  expiresAt: Date;
}

export type SessionResult = { ok: true; value: LoadedSession } | { ok: false; reason: 'missing' | 'expired' };

export async function loadGrants(db: Executor, userId: number): Promise<Grant[]> {
  return db
    .selectFrom('roleGrants as g')
    .innerJoin('orgs as o', 'o.id', 'g.orgId')
    .select(['g.id', 'g.role', 'g.orgId', 'o.path as orgPath', 'o.name as orgName'])
    .where('g.userId', '=', userId)
    .where('g.revokedAt', 'is', null)
    .where('o.status', '=', 'active')
    .orderBy('o.depth')
    .orderBy('g.id')
    .execute();
}

export function requiresMfa(grants: readonly Grant[], settings: SecuritySettings): boolean {
  if (settings.mfaRequiredForAdmins && grants.some((g) => MFA_ROLES.includes(g.role))) return true;
  return settings.mfaRequiredForPersonalData && grants.some((g) => PERSONAL_DATA_ROLES.includes(g.role));
}

export async function loadSession(
  db: Db,
  token: string | undefined,
  clock: Clock,
  settings: SecuritySettings,
  demoMode: boolean,
): Promise<SessionResult> {
  if (!token) return { ok: false, reason: 'missing' };
  const id = sha256Hex(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .innerJoin('orgs as h', 'h.id', 'u.homeOrgId')
    .select([
      's.id',
      's.lastSeenAt',
      's.expiresAt',
      's.mfaVerifiedAt',
      's.revokedAt',
      'u.id as userId',
      'u.username',
      'u.displayName',
      'u.homeOrgId',
      'h.path as homeOrgPath',
      'u.disabledAt',
      'u.totpEnabled',
      'u.isDemo',
      'u.mustChangePassword',
      'u.passwordChangedAt',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('passwordResets as r')
              .select('r.id')
              .whereRef('r.userId', '=', 'u.id')
              .where('r.status', '=', 'pending'),
          )
          .as('resetPending'),
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row || row.revokedAt) return { ok: false, reason: 'missing' };
  const now = clock.now();
  const idleLimit = row.lastSeenAt.getTime() + settings.sessionIdleMinutes * 60_000;
  if (row.disabledAt || now.getTime() >= row.expiresAt.getTime() || now.getTime() >= idleLimit) {
    await db.updateTable('sessions').set({ revokedAt: now }).where('id', '=', id).execute();
    return { ok: false, reason: 'expired' };
  }
  // Sliding idle window; written at most every 30 s so reads stay cheap.
  if (now.getTime() - row.lastSeenAt.getTime() > 30_000) {
    await db.updateTable('sessions').set({ lastSeenAt: now }).where('id', '=', id).execute();
  }
  const grants = await loadGrants(db, row.userId);
  // After a password reset the second factor is kept: whoever delivered the temporary password
  // still cannot pass it (issue 11), so an enrolled account verifies it before anything else.
  const mfaRequired =
    (requiresMfa(grants, settings) || (Boolean(row.resetPending) && row.totpEnabled)) &&
    !(demoMode && row.isDemo);
  let pending: PendingStep = null;
  if (mfaRequired && !row.totpEnabled) pending = 'mfa_enrollment';
  else if (mfaRequired && !row.mfaVerifiedAt) pending = 'mfa';
  else if (row.mustChangePassword || passwordExpired(row.passwordChangedAt, now, settings)) {
    pending = 'password_change';
  }
  const actor = new Actor(
    {
      id: row.userId,
      username: row.username,
      displayName: row.displayName,
      homeOrgId: row.homeOrgId,
      homeOrgPath: row.homeOrgPath,
    },
    grants,
    id,
  );
  return { ok: true, value: { actor, pending, mfaRequired, expiresAt: row.expiresAt } };
}

export function passwordExpired(changedAt: Date, now: Date, settings: SecuritySettings): boolean {
  if (settings.passwordMaxAgeDays <= 0) return false;
  return now.getTime() - changedAt.getTime() > settings.passwordMaxAgeDays * 86_400_000;
}
