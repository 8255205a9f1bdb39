import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { type AuditChainKey, canonicalJson } from '../../platform/audit.ts';
import type { Executor } from '../../platform/db.ts';

/**
 * A checkpoint of the audit chain kept outside the database (ADR 0011): how many rows there were,
 * the newest id and its hash, signed with the chain key. One JSON line per checkpoint, appended
 * (O_APPEND) to the anchor file by every app process; `audit verify` checks each of them, which
 * shows rows removed from the end of the log even when the rest of the chain was recomputed.
 */
export interface AuditAnchor {
  at: string;
  count: number;
  lastId: number;
  headHash: string;
  signature: string;
}

function sign(key: AuditChainKey, a: Omit<AuditAnchor, 'signature'>): string {
  const body = canonicalJson({ at: a.at, count: a.count, lastId: a.lastId, headHash: a.headHash });
  return createHmac('sha256', key).update(`jiceng-audit-anchor-v1|${body}`).digest('hex');
}

/** The current head of the chain, read in one snapshot. */
export async function auditHead(db: Executor): Promise<{ count: number; lastId: number; headHash: string }> {
  const { rows } = await sql<{ count: number; lastId: number | null; headHash: string | null }>`
    select (select count(*) from audit_log) as count,
           (select id from audit_log order by id desc limit 1) as last_id,
           (select hash from audit_log order by id desc limit 1) as head_hash`.execute(db);
  const row = rows[0]!;
  return {
    count: Number(row.count),
    lastId: row.lastId == null ? 0 : Number(row.lastId),
    headHash: row.headHash ?? '0'.repeat(64),
  };
}

/** Append a signed checkpoint of the current head to `file` (created if missing) and return it. */
export async function writeAuditAnchor(
  db: Executor,
  key: AuditChainKey,
  file: string,
  now: Date,
): Promise<AuditAnchor> {
  const head = await auditHead(db);
  const unsigned = { at: now.toISOString(), ...head };
  const anchor: AuditAnchor = { ...unsigned, signature: sign(key, unsigned) };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // One write of a short line with O_APPEND: lines from several processes never interleave.
  fs.appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}

export type AnchorLine = { line: number; anchor: AuditAnchor } | { line: number; invalid: true };

/** Every checkpoint of the file, in order; a line that does not parse or whose signature fails is invalid. */
export function readAuditAnchors(key: AuditChainKey, file: string): AnchorLine[] {
  if (!fs.existsSync(file)) return [];
  const out: AnchorLine[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (!text.trim()) return;
      const line = index + 1;
      try {
        const a = JSON.parse(text) as AuditAnchor;
        const valid =
          typeof a.at === 'string' &&
          Number.isSafeInteger(a.count) &&
          Number.isSafeInteger(a.lastId) &&
          typeof a.headHash === 'string' &&
          typeof a.signature === 'string' &&
          a.signature.length === 64 &&
          timingSafeEqual(Buffer.from(a.signature), Buffer.from(sign(key, a)));
        out.push(valid ? { line, anchor: a } : { line, invalid: true });
      } catch {
        out.push({ line, invalid: true });
      }
    });
  return out;
}
