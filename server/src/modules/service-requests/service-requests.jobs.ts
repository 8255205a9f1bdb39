import { sql } from 'kysely';
import { type AuditChainKey, type AuditContext, recordAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';
import { escalateOverdue } from './service-requests.service.ts';

export interface OverdueSweep {
  /** Requests moved one level up the ladder. */
  escalated: number;
  /** Overdue open requests found (those at the district stay overdue there). */
  checked: number;
  /** Another app process held the sweep lock: nothing was done by this one. */
  skipped: boolean;
}

const SYSTEM: Omit<AuditContext, 'at' | 'chainKey'> = {
  userId: null,
  username: 'system',
  ip: null,
  userAgent: null,
  requestId: null,
};

/**
 * The periodic overdue sweep over the whole tree (housekeeping and `jiceng service-requests
 * escalate-overdue`). One transaction under a transaction-scoped advisory lock: when several app
 * processes run it at once, one sweeps and the others skip; the rows are locked as well, so a
 * desk action at the same moment waits instead of racing. Idempotent: an escalated request gets a
 * fresh clock, so a second run on the same day finds nothing to do.
 */
export async function escalateOverdueRequests(
  db: Db,
  now: Date,
  chainKey: AuditChainKey,
): Promise<OverdueSweep> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(hashtext('service_requests.escalate_overdue')) as locked`.execute(
      trx,
    );
    if (!rows[0]?.locked) return { escalated: 0, checked: 0, skipped: true };
    const context: AuditContext = { ...SYSTEM, at: now, chainKey };
    const result = await escalateOverdue(
      {
        trx,
        audit: (event) => recordAudit(trx, context, event),
        now,
        by: { userId: null, name: '系统（超期自动上报）' },
      },
      '/',
    );
    await recordAudit(trx, context, {
      action: 'service_requests.escalate_overdue',
      objectType: 'job',
      objectId: 'overdue_sweep',
      detail: result,
    });
    return { ...result, skipped: false };
  });
}
