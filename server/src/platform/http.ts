import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Actor } from './actor.ts';
import { type AuditChainKey, type AuditContext, type AuditEvent, recordAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import type { FieldCrypto } from './crypto.ts';
import type { Database, Db, Trx } from './db.ts';
import { UnauthorizedError } from './errors.ts';
import type { Permission } from './permissions.ts';
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
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Chinese names of this route's fields, when they differ from the shared labels. */
    fieldLabels?: Record<string, string>;
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

/** One user action = one transaction, with its audit rows inside it (fail closed). */
export async function runAction<T>(
  request: FastifyRequest,
  fn: (trx: Trx, audit: AuditFn) => Promise<T>,
): Promise<T> {
  const ctx = auditContextOf(request);
  return request.server.deps.db
    .transaction()
    .execute((trx) => fn(trx, (event) => recordAudit(trx, ctx, event)));
}

/** Personal data must not linger in caches (security.md DB-RI-02). */
export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}
