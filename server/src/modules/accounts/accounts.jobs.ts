import { type AuditChainKey, recordAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';

/**
 * Accounts unused for `idleDays` are disabled and their sessions ended (security.md DB-AUTH-09).
 * Idempotent, so every app process may run it on a timer. Returns the usernames disabled.
 */
export async function disableIdleAccounts(
  db: Db,
  now: Date,
  idleDays: number,
  chainKey: AuditChainKey,
): Promise<string[]> {
  if (idleDays <= 0) return [];
  const cutoff = new Date(now.getTime() - idleDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    const idle = await trx
      .selectFrom('users as u')
      .innerJoin('orgs as h', 'h.id', 'u.homeOrgId')
      .select(['u.id', 'u.username', 'h.path'])
      .where('u.disabledAt', 'is', null)
      .where((eb) => eb(eb.fn.coalesce('u.lastLoginAt', 'u.createdAt'), '<', cutoff))
      .forUpdate()
      .execute();
    for (const user of idle) {
      await trx
        .updateTable('users')
        .set({ disabledAt: now, updatedAt: now })
        .where('id', '=', user.id)
        .execute();
      await trx
        .updateTable('sessions')
        .set({ revokedAt: now })
        .where('userId', '=', user.id)
        .where('revokedAt', 'is', null)
        .execute();
      await recordAudit(
        trx,
        { at: now, userId: null, username: 'system', ip: null, userAgent: null, requestId: null, chainKey },
        {
          action: 'accounts.auto_disable',
          objectType: 'user',
          objectId: user.id,
          orgPath: user.path,
          detail: { idleDays },
        },
      );
    }
    return idle.map((u) => u.username);
  });
}
