import { sql } from 'kysely';
import { type AuditChainKey, type AuditContext, recordAudit } from './audit.ts';
import type { Db, Trx } from './db.ts';
import type { AuditFn } from './http.ts';
import { metrics } from './metrics.ts';

/** What a scheduled job's body receives: its transaction, an audit as the system, the time. */
export interface JobContext {
  trx: Trx;
  audit: AuditFn;
  now: Date;
}

/** A job's answer: its own counts, or `skipped` when another app process held the job's lock. */
export type JobResult<R> = (R & { skipped: false }) | { skipped: true };

const SYSTEM: Omit<AuditContext, 'at' | 'chainKey'> = {
  userId: null,
  username: 'system',
  ip: null,
  userAgent: null,
  requestId: null,
};

/**
 * Runs a periodic job once across every app process (housekeeping timers, the CLI): one
 * transaction under a transaction-scoped advisory lock keyed by the job's name — when several
 * processes start it at the same moment, one runs it and the others skip. The job itself must be
 * idempotent (a second run the same day finds nothing to do). It leaves one audit row,
 * `audit` (objectType `job`, objectId `objectId` or `name`), with its counts.
 */
export async function runExclusiveJob<R extends Record<string, unknown>>(
  db: Db,
  job: { name: string; audit: string; now: Date; chainKey: AuditChainKey; objectId?: string },
  body: (ctx: JobContext) => Promise<R>,
): Promise<JobResult<R>> {
  try {
    const result = await runLocked(db, job, body);
    metrics.countJob(job.name, result.skipped ? 'skipped' : 'ok');
    return result;
  } catch (error) {
    metrics.countJob(job.name, 'error');
    throw error;
  }
}

function runLocked<R extends Record<string, unknown>>(
  db: Db,
  job: { name: string; audit: string; now: Date; chainKey: AuditChainKey; objectId?: string },
  body: (ctx: JobContext) => Promise<R>,
): Promise<JobResult<R>> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(hashtext(${job.name})) as locked`.execute(trx);
    if (!rows[0]?.locked) return { skipped: true as const };
    const context: AuditContext = { ...SYSTEM, at: job.now, chainKey: job.chainKey };
    const audit: AuditFn = (event) => recordAudit(trx, context, event);
    const result = await body({ trx, audit, now: job.now });
    await audit({ action: job.audit, objectType: 'job', objectId: job.objectId ?? job.name, detail: result });
    return { ...result, skipped: false as const };
  });
}
