/**
 * Idempotent creates (security.md REL-04, draft-ietf-httpapi-idempotency-key-header): the client
 * sends an `Idempotency-Key`; the server keeps (user, scope, key) → request hash and the id of
 * what was created, for 24 hours, in `idempotency_keys`, written in the creating transaction.
 * The same key with the same request replays the first answer (the created object as it is now,
 * with `Idempotent-Replayed: true`); the same key with a different request is refused with 422;
 * two concurrent attempts create one (the second waits on the unique key, then replays).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Executor, Trx } from './db.ts';
import { AppError, ConflictError } from './errors.ts';
import { type AuditFn, actorOf, runAction } from './http.ts';

/** How long a key is remembered (the draft leaves it to the server; 24 h as in REL-04). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** Route headers schema: an optional `Idempotency-Key` of visible ASCII; other headers pass through. */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
});

/** JSON with sorted keys: the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

interface KeyRef {
  userId: number;
  scope: string;
  key: string;
}

async function findKey(db: Executor, ref: KeyRef, now: Date) {
  return db
    .selectFrom('idempotencyKeys')
    .select(['objectId', 'requestHash'])
    .where('userId', '=', ref.userId)
    .where('scope', '=', ref.scope)
    .where('idempotencyKey', '=', ref.key)
    .where('createdAt', '>', new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS))
    .executeTakeFirst();
}

async function recordKey(trx: Trx, ref: KeyRef, hash: string, objectId: number, now: Date): Promise<void> {
  // An expired record of the same key is replaced.
  await trx
    .deleteFrom('idempotencyKeys')
    .where('userId', '=', ref.userId)
    .where('scope', '=', ref.scope)
    .where('idempotencyKey', '=', ref.key)
    .where('createdAt', '<=', new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS))
    .execute();
  await trx
    .insertInto('idempotencyKeys')
    .values({
      userId: ref.userId,
      scope: ref.scope,
      idempotencyKey: ref.key,
      requestHash: hash,
      objectId,
      createdAt: now,
    })
    .execute();
}

function replayable(prior: { objectId: number; requestHash: string }, hash: string): number {
  if (prior.requestHash !== hash) {
    throw new AppError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      '该幂等键已用于内容不同的请求，请使用新的幂等键重新提交',
      {
        'idempotency-key': '幂等键已用于内容不同的请求',
      },
    );
  }
  return Number(prior.objectId);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/**
 * A creating action inside `runAction`, at most once per `Idempotency-Key` of the caller.
 * `request.headers['idempotency-key']` must be validated by `idempotencyHeaders`. Answers
 * `{ created }` after a new create, or `{ replayId }` (and sets `Idempotent-Replayed`) when the
 * key was used before with the same `hashInput`.
 */
export async function createOnce<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    scope: string;
    hashInput: unknown;
    idOf: (created: T) => number;
    create: (trx: Trx, audit: AuditFn) => Promise<T>;
  },
): Promise<{ created: T; replayId?: undefined } | { created?: undefined; replayId: number }> {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') {
    return { created: await runAction(request, options.create) };
  }
  const { clock, db } = request.server.deps;
  const ref = { userId: actorOf(request).user.id, scope: options.scope, key };
  const hash = requestHash(options.hashInput);
  const replay = (prior: { objectId: number; requestHash: string }) => {
    const replayId = replayable(prior, hash);
    reply.header('idempotent-replayed', 'true');
    return { replayId };
  };
  const prior = await findKey(db, ref, clock.now());
  if (prior) return replay(prior);
  try {
    const created = await runAction(request, async (trx, audit) => {
      const value = await options.create(trx, audit);
      await recordKey(trx, ref, hash, options.idOf(value), clock.now());
      return value;
    });
    return { created };
  } catch (error) {
    // A concurrent request with the same key committed first (its key, or the unique code or
    // ID number it created, stopped this one): answer with what it created.
    if (!isUniqueViolation(error) && !(error instanceof ConflictError)) throw error;
    const first = await findKey(db, ref, clock.now());
    if (first) return replay(first);
    if (
      isUniqueViolation(error) &&
      (error as { constraint?: string }).constraint === 'idempotency_keys_pkey'
    ) {
      throw new ConflictError('同一幂等键的请求正在处理，请稍后重试');
    }
    throw error;
  }
}
