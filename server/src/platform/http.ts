import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Actor } from './actor.ts';
import {
  type AuditChainKey,
  type AuditContext,
  type AuditEvent,
  checkAuditEvent,
  recordAudit,
} from './audit.ts';
import type { Clock } from './clock.ts';
import type { FieldCrypto } from './crypto.ts';
import type { Database, Db, Trx } from './db.ts';
import { RetryLaterError, UnauthorizedError } from './errors.ts';
import type { Permission } from './permissions.ts';
import type { ModuleRegistry } from './registry.ts';
import type { PendingStep } from './session.ts';

/**
 * What a route requires. 'public': anyone; 'session': signed in, even before the second factor
 * or a required password change; 'authenticated': fully signed in; a permission: signed in and
 * holding it on some organization (the object's own scope is checked by the handler).
 */
export type Access = Permission | 'public' | 'session' | 'authenticated';

export interface Deps {
  database: Database;
  db: Db;
  config: Config;
  clock: Clock;
  crypto: FieldCrypto;
  /** Key of the audit chain (HMAC), derived from the secret; never in the database. */
  auditKey: AuditChainKey;
  /** Permissions, navigation and cockpit figures, built from the module manifests. */
  registry: ModuleRegistry;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Chinese names of this route's fields, when they differ from the shared labels. */
    fieldLabels?: Record<string, string>;
    /** Callers authenticate with an API key, never a cookie: no CSRF check; the handler rate-limits per key. */
    apiKeyAuth?: boolean;
  }
  interface FastifyInstance {
    deps: Deps;
  }
  interface FastifyRequest {
    actor: Actor | null;
    pending: PendingStep;
    audited: boolean;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthorizedError();
  return request.actor;
}

export function auditContextOf(request: FastifyRequest): AuditContext {
  const actor = request.actor;
  return {
    at: request.server.deps.clock.now(),
    userId: actor?.user.id ?? null,
    username: actor?.user.username ?? null,
    roles: actor ? actor.roles.join(',') || null : null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
    chainKey: request.server.deps.auditKey,
    onRecorded: () => {
      request.audited = true;
    },
  };
}

export type AuditFn = (event: AuditEvent) => Promise<void>;

/** Tries of one action when PostgreSQL gives up a transaction on a deadlock or a serialization failure. */
export const ACTION_TRIES = 3;

/** SQLSTATE 40P01 (deadlock detected) and 40001 (serialization failure): the whole transaction may run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * One user action = one transaction, with its audit rows inside it (fail closed). A transaction
 * that PostgreSQL gave up on (deadlock, serialization) runs again from the start, up to
 * ACTION_TRIES times with a short random pause (ADR 0010); then the answer is 503 with
 * `Retry-After`. Everything the action writes, audit rows included, is in the transaction, so a
 * retry repeats nothing; `fn` must not have other side effects.
 */
export async function runAction<T>(
  request: FastifyRequest,
  fn: (trx: Trx, audit: AuditFn) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let recorded = false;
    const ctx: AuditContext = {
      ...auditContextOf(request),
      onRecorded: () => {
        recorded = true;
      },
    };
    try {
      const result = await request.server.deps.db.transaction().execute(async (trx) => {
        // The audit rows are written last, just before COMMIT: the chain's lock (ADR 0011) is held
        // from the claim until the commit, so other writers wait for one insert and the commit,
        // not for the rest of this action. Bad details are refused at once, as before.
        const pending: AuditEvent[] = [];
        const out = await fn(trx, async (event) => {
          checkAuditEvent(event);
          pending.push(event);
        });
        for (const event of pending) await recordAudit(trx, ctx, event);
        return out;
      });
      // Only a committed audit row counts: otherwise the failure is audited when the answer goes out.
      if (recorded) request.audited = true;
      return result;
    } catch (error) {
      if (!isRetryableTransactionError(error)) throw error;
      if (attempt >= ACTION_TRIES) {
        request.log.warn({ err: error, attempts: attempt }, 'transaction gave up after retries');
        throw new RetryLaterError();
      }
      request.log.info({ code: (error as { code: string }).code, attempt }, 'transaction retried');
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 40 * attempt));
    }
  }
}

/** Personal data must not linger in caches (security.md DB-RI-02). */
export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}
