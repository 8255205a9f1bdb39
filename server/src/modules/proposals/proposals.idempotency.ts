/**
 * Idempotent proposal submission (security.md REL-04, draft-ietf-httpapi-idempotency-key-header):
 * the client sends an `Idempotency-Key`; the server keeps (user, key, request hash) → proposal
 * for 24 hours. The same key with the same request replays the first answer; the same key with a
 * different request is refused with 422; the unique key makes two concurrent attempts create one.
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { CreateProposalBody } from './proposals.contract.ts';

/** How long a key is remembered (the draft leaves it to the server; 24 h as in REL-04). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

export function submissionHash(orgId: number, body: CreateProposalBody): string {
  const canonical = JSON.stringify({
    orgId,
    title: body.title,
    content: body.content,
    category: body.category,
    proposerName: body.onBehalfOf?.proposerName ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The live (not expired) submission recorded under this user's key, if any. */
export async function findSubmission(db: Executor, userId: number, key: string, now: Date) {
  return db
    .selectFrom('proposalSubmissionKeys')
    .select(['proposalId', 'requestHash'])
    .where('userId', '=', userId)
    .where('idempotencyKey', '=', key)
    .where('createdAt', '>', new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS))
    .executeTakeFirst();
}

/** Record the key in the submitting transaction (an expired record of the same key is replaced). */
export async function recordSubmission(
  trx: Executor,
  row: { userId: number; key: string; requestHash: string; proposalId: number; now: Date },
): Promise<void> {
  await trx
    .deleteFrom('proposalSubmissionKeys')
    .where('userId', '=', row.userId)
    .where('idempotencyKey', '=', row.key)
    .where('createdAt', '<=', new Date(row.now.getTime() - IDEMPOTENCY_KEY_TTL_MS))
    .execute();
  await trx
    .insertInto('proposalSubmissionKeys')
    .values({
      userId: row.userId,
      idempotencyKey: row.key,
      requestHash: row.requestHash,
      proposalId: row.proposalId,
      createdAt: row.now,
    })
    .execute();
}

/** The replayed proposal, or 422 when the key was used for a different request. */
export function replayable(prior: { proposalId: number; requestHash: string }, hash: string): number {
  if (prior.requestHash !== hash) {
    throw new AppError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      '该幂等键已用于内容不同的提案，请重新提交（使用新的幂等键）',
      { 'idempotency-key': '幂等键已用于内容不同的请求' },
    );
  }
  return prior.proposalId;
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
