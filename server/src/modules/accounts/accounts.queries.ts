import type { Actor } from '../../platform/actor.ts';
import { type FieldCrypto, maskMiddle } from '../../platform/crypto.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { loadVisibleOrg } from '../../platform/org-scope.ts';
import { inPage } from '../../platform/paging.ts';
import type { Permission } from '../../platform/permissions.ts';
import { pathWithin } from '../../platform/scope.ts';
import type { AccountDto } from './accounts.contract.ts';

function selectAccounts(db: Executor) {
  return db
    .selectFrom('users as u')
    .innerJoin('orgs as h', 'h.id', 'u.homeOrgId')
    .select([
      'u.id',
      'u.username',
      'u.displayName',
      'u.phoneEnc',
      'u.homeOrgId',
      'h.name as homeOrgName',
      'h.path as homeOrgPath',
      'u.lockedUntil',
      'u.disabledAt',
      'u.totpEnabled',
      'u.lastLoginAt',
    ]);
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>['executeTakeFirstOrThrow']>>;

export async function findAccounts(
  db: Executor,
  actor: Actor,
  query: { q?: string; orgId?: number; page: number; pageSize: number },
) {
  let base = selectAccounts(db).where((eb) => pathWithin(eb, 'h.path', actor.paths('accounts.read')));
  if (query.orgId) {
    const org = await loadVisibleOrg(db, actor, query.orgId);
    base = base.where('h.path', 'like', `${org.path}%`);
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.displayName', 'like', like)]));
  }
  const { n } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base.orderBy('u.id').$call(inPage(query)).execute();
  return { rows, total: Number(n) };
}

/** An account whose home organization lies in the caller's scope for `permission`, or 404. */
export async function getAccountInScope(db: Executor, actor: Actor, id: number, permission: Permission) {
  const row = await selectAccounts(db).where('u.id', '=', id).executeTakeFirst();
  if (!row || !actor.sees(row.homeOrgPath)) throw new NotFoundError('账户不存在或无权访问');
  if (!actor.can(permission, row.homeOrgPath)) throw new NotFoundError('账户不存在或无权访问');
  return row;
}

export async function presentAccounts(
  db: Executor,
  crypto: FieldCrypto,
  rows: AccountRow[],
  now: Date,
): Promise<AccountDto[]> {
  const ids = rows.map((r) => r.id);
  const grants = ids.length
    ? await db
        .selectFrom('roleGrants as g')
        .innerJoin('orgs as o', 'o.id', 'g.orgId')
        .select(['g.id', 'g.userId', 'g.role', 'g.orgId', 'o.name as orgName'])
        .where('g.userId', 'in', ids)
        .where('g.revokedAt', 'is', null)
        .orderBy('g.id')
        .execute()
    : [];
  const pending = ids.length
    ? await db
        .selectFrom('passwordResets')
        .select('userId')
        .where('userId', 'in', ids)
        .where('status', '=', 'pending')
        .where('expiresAt', '>', now)
        .execute()
    : [];
  const pendingIds = new Set(pending.map((p) => p.userId));
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    phone: r.phoneEnc ? maskMiddle(crypto.decrypt(r.phoneEnc)) : null,
    homeOrg: { id: r.homeOrgId, name: r.homeOrgName },
    status: r.disabledAt ? 'disabled' : r.lockedUntil && r.lockedUntil > now ? 'locked' : 'active',
    totpEnabled: r.totpEnabled,
    passwordResetPending: pendingIds.has(r.id),
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    roles: grants
      .filter((g) => g.userId === r.id)
      .map((g) => ({ id: g.id, role: g.role, orgId: g.orgId, orgName: g.orgName })),
  }));
}
