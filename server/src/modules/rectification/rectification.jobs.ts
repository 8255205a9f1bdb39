import type { AuditChainKey } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';
import { type JobResult, runExclusiveJob } from '../../platform/jobs.ts';
import { sweepItems } from './rectification.service.ts';

export const DAILY_SWEEP_JOB = 'rectification.daily_sweep';

/**
 * The daily rectification sweep over the whole tree (every app process's housekeeping timer):
 * reminders before the deadline, escalation of overdue items to the level above. Runs once
 * across processes (advisory lock) and is idempotent (each item is reminded and escalated once),
 * so a timer more frequent than daily is harmless. `POST /orgs/:id/rectification/sweep` runs the
 * same sweep on a subtree on demand.
 */
export function sweepRectificationDaily(
  db: Db,
  now: Date,
  chainKey: AuditChainKey,
): Promise<JobResult<{ reminded: number; escalated: number }>> {
  return runExclusiveJob(db, { name: DAILY_SWEEP_JOB, audit: DAILY_SWEEP_JOB, now, chainKey }, ({ trx }) =>
    sweepItems(trx, '/', now),
  );
}
