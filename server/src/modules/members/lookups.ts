import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { maskIdNumber, maskPhone, normalizeIdNumber, normalizePhone } from './idcard.ts';

export type ExactLookupKind = 'id_number' | 'phone';

/**
 * A search text that names one person by number: an ID number (18 characters, or a legacy 15-digit
 * one) or a phone number (7 digits or more). These are answered only through the blind index, and
 * every such search is audited (masked) and rate-limited per account (issue 11).
 */
export function exactLookupOf(q: string | undefined): { kind: ExactLookupKind; masked: string } | null {
  if (!q) return null;
  const id = normalizeIdNumber(q);
  if (/^\d{17}[\dX]$/.test(id) || /^\d{15}$/.test(id)) return { kind: 'id_number', masked: maskIdNumber(id) };
  const phone = normalizePhone(q);
  if (/^\d{7,}$/.test(phone)) return { kind: 'phone', masked: maskPhone(phone) };
  return null;
}

function windowOf(now: Date, windowMinutes: number) {
  const windowMs = Math.max(1, windowMinutes) * 60_000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const retryAfter = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
  return { start, retryAfter };
}

/** Exact lookups of `userId` counted so far in the current window (read only). */
export async function lookupsSoFar(
  db: Executor,
  userId: number,
  now: Date,
  windowMinutes: number,
): Promise<{ n: number; retryAfter: number }> {
  const { start, retryAfter } = windowOf(now, windowMinutes);
  const row = await db
    .selectFrom('memberLookupCounters')
    .select('n')
    .where('userId', '=', userId)
    .where('windowStart', '=', start)
    .executeTakeFirst();
  return { n: Number(row?.n ?? 0), retryAfter };
}

export function rateLimited(reply: FastifyReply, retryAfter: number, limit: number, windowMinutes: number) {
  reply.header('retry-after', String(retryAfter));
  return new AppError(
    429,
    'RATE_LIMITED',
    `按身份证号或手机号精确查询过于频繁（每 ${windowMinutes} 分钟最多 ${limit} 次），请 ${Math.ceil(retryAfter / 60)} 分钟后再试`,
  );
}

/**
 * One more exact lookup for `userId` in the current fixed window: an atomic upsert on a database
 * counter, so all app processes share it. Returns the count including this one and the seconds
 * until the window ends. Older windows of the account are removed on the way.
 */
export async function countLookup(
  db: Executor,
  userId: number,
  now: Date,
  windowMinutes: number,
): Promise<{ n: number; retryAfter: number }> {
  const { start, retryAfter } = windowOf(now, windowMinutes);
  await db
    .deleteFrom('memberLookupCounters')
    .where('userId', '=', userId)
    .where('windowStart', '<', start)
    .execute();
  const row = await db
    .insertInto('memberLookupCounters')
    .values({ userId, windowStart: start, n: 1 })
    .onConflict((oc) =>
      oc.columns(['userId', 'windowStart']).doUpdateSet({ n: sql<number>`member_lookup_counters.n + 1` }),
    )
    .returning('n')
    .executeTakeFirstOrThrow();
  return { n: Number(row.n), retryAfter };
}

/**
 * Audit and rate-limit an exact lookup before it runs (list, export, export request). Over the
 * limit: the refusal is audited and the answer is 429 with Retry-After.
 */
export async function guardExactLookup(
  request: FastifyRequest,
  reply: FastifyReply,
  q: string | undefined,
  orgPath: string | null,
  via: string,
): Promise<void> {
  const lookup = exactLookupOf(q);
  if (!lookup) return;
  const { clock, config } = request.server.deps;
  const actor = actorOf(request);
  const { exactLookupLimit, exactLookupWindowMinutes } = config.personalData;
  const verdict = await runAction(request, async (trx, audit) => {
    const counted = await countLookup(trx, actor.user.id, clock.now(), exactLookupWindowMinutes);
    const allowed = counted.n <= exactLookupLimit;
    await audit({
      action: 'members.exact_lookup',
      objectType: 'member_list',
      orgPath: orgPath ?? actor.user.homeOrgPath,
      outcome: allowed ? 'success' : 'denied',
      detail: { kind: lookup.kind, masked: lookup.masked, via, count: counted.n, limit: exactLookupLimit },
    });
    return { allowed, retryAfter: counted.retryAfter };
  });
  if (!verdict.allowed)
    throw rateLimited(reply, verdict.retryAfter, exactLookupLimit, exactLookupWindowMinutes);
}
