import type { AuditChainKey } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';
import { runExclusiveJob } from '../../platform/jobs.ts';
import { escalateOverdue } from './service-requests.service.ts';

export interface OverdueSweep {
  /** Requests moved one level up the ladder. */
  escalated: number;
  /** Overdue open requests found (those at the district stay overdue there). */
  checked: number;
  /** Another app process held the sweep lock: nothing was done by this one. */
  skipped: boolean;
}

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
  const job = { name: 'service_requests.escalate_overdue', audit: 'service_requests.escalate_overdue' };
  const result = await runExclusiveJob(db, { ...job, now, chainKey, objectId: 'overdue_sweep' }, (ctx) =>
    escalateOverdue({ ...ctx, by: { userId: null, name: '系统（超期自动上报）' } }, '/'),
  );
  return result.skipped ? { escalated: 0, checked: 0, skipped: true } : result;
}
