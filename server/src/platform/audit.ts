import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from './db.ts';

/**
 * The key of the audit chain (HMAC-SHA256, ADR 0011): derived from the application secret, never
 * stored in the database, so someone who can write the database cannot recompute the chain.
 */
export type AuditChainKey = KeyObject;

export const AUDIT_CHAIN_LABEL = 'jiceng-audit-chain-v1';
const ZERO_HASH = '0'.repeat(64);

export function deriveAuditChainKey(secret: Buffer): AuditChainKey {
  return createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), AUDIT_CHAIN_LABEL, 32)));
}

/** Who did it and from where: taken from the request, never from its body. */
export interface AuditContext {
  at: Date;
  userId: number | null;
  username: string | null;
  /** The caller's roles (comma-separated role codes), when signed in. */
  roles?: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** Key of the chain: every row is signed with it. */
  chainKey: AuditChainKey;
  /** Set once something was recorded for this request. */
  onRecorded?: () => void;
}

export interface AuditEvent {
  /** `module.action`, e.g. `orgs.create`, `auth.login`. */
  action: string;
  objectType?: string;
  objectId?: string | number;
  /** Organization path the object belongs to: audit rows are scoped like everything else. */
  orgPath?: string | null;
  outcome?: 'success' | 'failure' | 'denied';
  /** Never a password, token or full ID number. */
  detail?: Record<string, unknown>;
}

/** The stored content of one audit row that its hash covers (chain version 2). */
export interface ChainedRow {
  id: number;
  /** Microseconds since the epoch, as the database stores `at`. */
  atMicros: string;
  userId: number | null;
  username: string | null;
  roles: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  orgPath: string | null;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  detail: unknown;
}

/** JSON with object keys sorted, so the text does not depend on how jsonb orders them. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** hash_n = HMAC(key, prev_hash ‖ row_n), over an unambiguous JSON encoding of the row. */
export function chainHash(key: AuditChainKey, prevHash: string, row: ChainedRow): string {
  const message = JSON.stringify([
    'jiceng-audit-v2',
    prevHash,
    String(row.id),
    row.atMicros,
    row.userId,
    row.username,
    row.roles,
    row.action,
    row.objectType,
    row.objectId,
    row.orgPath,
    row.outcome,
    row.ip,
    row.userAgent,
    row.requestId,
    canonicalJson(row.detail),
  ]);
  return createHmac('sha256', key).update(message).digest('hex');
}

const FORBIDDEN_DETAIL = /password|token|secret|idnumber|id_number/i;

/** Refuses an audit event whose detail names a secret or personal identifier (never stored). */
export function checkAuditEvent(event: AuditEvent): void {
  for (const key of Object.keys(event.detail ?? {})) {
    if (FORBIDDEN_DETAIL.test(key)) throw new Error(`audit detail must not contain ${key}`);
  }
}

/**
 * Append one audit row inside the caller's transaction: if the audit write fails, the action fails.
 * The database serializes the chain (`audit_log_claim()`: advisory lock, id, head hash); the hash is
 * computed here with the chain key. Outside a transaction the claim and insert get their own.
 */
export async function recordAudit(db: Executor, ctx: AuditContext, event: AuditEvent): Promise<void> {
  checkAuditEvent(event);
  const detail = event.detail ?? {};
  const detailJson = JSON.stringify(detail);
  const content = {
    userId: ctx.userId,
    username: ctx.username,
    roles: ctx.roles ?? null,
    action: event.action,
    objectType: event.objectType ?? null,
    objectId: event.objectId == null ? null : String(event.objectId),
    orgPath: event.orgPath ?? null,
    outcome: event.outcome ?? 'success',
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    requestId: ctx.requestId,
  };
  const write = async (trx: Executor) => {
    const { rows } = await sql<{ id: number; prevHash: string }>`select * from audit_log_claim()`.execute(
      trx,
    );
    const { id, prevHash } = rows[0]!;
    const hash = chainHash(ctx.chainKey, prevHash ?? ZERO_HASH, {
      ...content,
      id: Number(id),
      atMicros: String(BigInt(ctx.at.getTime()) * 1000n),
      detail: JSON.parse(detailJson),
    });
    await trx
      .insertInto('auditLog')
      .values({
        ...content,
        id: Number(id),
        at: ctx.at,
        detail: detailJson,
        prevHash,
        hash,
        chainVersion: 2,
      })
      .execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
  ctx.onRecorded?.();
}
