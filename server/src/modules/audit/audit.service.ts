import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import { type AuditChainKey, type ChainedRow, chainHash } from '../../platform/audit.ts';
import type { Executor } from '../../platform/db.ts';
import { pathIds, pathWithin } from '../../platform/scope.ts';
import { type AuditAnchor, readAuditAnchors } from './audit.anchor.ts';

export type ChainProblem = 'modified' | 'link_broken' | 'truncated' | 'anchor_invalid';

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** First row whose stored hash or link does not match, if any (for anchors: the checkpoint's row). */
  brokenAt: { id: number; problem: ChainProblem } | null;
  /** Signed checkpoints read from the anchor file and checked against the log. */
  anchors: number;
}

export interface VerifyOptions {
  /** The chain key: required as soon as the log holds keyed (version 2) rows. */
  key?: AuditChainKey;
  /** Checkpoints to check (JICENG_AUDIT_ANCHOR_FILE); none when omitted. */
  anchorFile?: string | null;
  /** Rows read per query. */
  batchSize?: number;
}

/** A stored row: the content its hash covers, its link and hash, and the detail as stored text. */
interface StoredRow extends ChainedRow {
  chainVersion: number;
  prevHash: string;
  hash: string;
  detailText: string;
}

/** The unkeyed digest of chain version 1 (the database's `audit_log_digest`), recomputed here. */
function legacyDigest(r: StoredRow): string {
  const parts = [
    r.prevHash,
    String(r.id),
    r.atMicros,
    r.userId == null ? '' : String(r.userId),
    r.username ?? '',
    r.action,
    r.objectType ?? '',
    r.objectId ?? '',
    r.orgPath ?? '',
    r.outcome,
    r.ip ?? '',
    r.userAgent ?? '',
    r.requestId ?? '',
    r.detailText,
  ];
  return createHash('sha256').update(parts.join('|'), 'utf8').digest('hex');
}

/**
 * Recompute every row's hash in the application (HMAC with the chain key for version 2 rows, the
 * legacy digest for the rows before the switch) and its link to the row before, then check every
 * signed checkpoint of the anchor file: its row must still exist with the same hash and the same
 * number of rows up to it. A modified row fails its own hash; a deleted row breaks the link of the
 * row after it; rows removed from the end (with the chain recomputed or not) fail a checkpoint.
 */
export async function verifyAuditChain(db: Executor, options: VerifyOptions = {}): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 5000;
  const anchors = options.key && options.anchorFile ? readAuditAnchors(options.key, options.anchorFile) : [];
  const byLastId = new Map<number, AuditAnchor[]>();
  let anchorProblem: ChainReport['brokenAt'] = null;
  for (const a of anchors) {
    if ('invalid' in a) {
      anchorProblem ??= { id: 0, problem: 'anchor_invalid' };
      continue;
    }
    const list = byLastId.get(a.anchor.lastId) ?? [];
    list.push(a.anchor);
    byLastId.set(a.anchor.lastId, list);
  }
  let checked = 0;
  let prev = '0'.repeat(64);
  let lastId = 0;
  let keyed = false;
  let brokenAt: ChainReport['brokenAt'] = null;
  for (;;) {
    const { rows } = await sql<StoredRow>`
      select id, chain_version, prev_hash, hash,
             (extract(epoch from at) * 1000000)::bigint::text as at_micros,
             user_id, username, roles, action, object_type, object_id, org_path, outcome, ip,
             user_agent, request_id, detail, detail::text as detail_text
        from audit_log where id > ${lastId} order by id limit ${batchSize}`.execute(db);
    for (const r of rows) {
      const id = Number(r.id);
      checked++;
      if (!brokenAt) {
        let expected: string;
        if (Number(r.chainVersion) === 2) {
          if (!options.key) throw new Error('校验审计日志需要审计链密钥（由 JICENG_SECRET_KEY 派生）');
          keyed = true;
          expected = chainHash(options.key, r.prevHash, { ...r, id });
        } else {
          // After the first keyed row, an unkeyed row can only have been written behind the application.
          expected = keyed ? '' : legacyDigest(r);
        }
        if (r.hash !== expected) brokenAt = { id, problem: 'modified' };
        else if (r.prevHash !== prev) brokenAt = { id, problem: 'link_broken' };
      }
      for (const anchor of byLastId.get(id) ?? []) {
        if (anchor.headHash !== r.hash || anchor.count !== checked)
          anchorProblem ??= { id, problem: 'modified' };
      }
      byLastId.delete(id);
      prev = r.hash;
      lastId = id;
    }
    if (rows.length < batchSize) break;
  }
  // Checkpoints whose row is gone: removed from the end (or from the middle, with the chain recomputed).
  for (const [id, list] of byLastId) {
    if (id === 0 && list.every((a) => a.count === 0)) continue;
    const problem = id > lastId || list.some((a) => a.count > checked) ? 'truncated' : 'modified';
    if (!anchorProblem || id < anchorProblem.id) anchorProblem = { id, problem };
  }
  const first = brokenAt ?? anchorProblem;
  return { ok: first === null, checked, brokenAt: first, anchors: anchors.length };
}

export interface AuditQuery {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  outcome?: 'success' | 'failure' | 'denied';
  page: number;
  pageSize: number;
}

/**
 * Audit rows the auditor may read: rows of organizations in their scope. Rows with no
 * organization (failed logins of unknown names) are visible to auditors of a top-level organization.
 */
export function auditRowsInScope(db: Executor, actor: Actor, query: Omit<AuditQuery, 'page' | 'pageSize'>) {
  const paths = actor.paths('audit.read');
  const topLevel = paths.some((p) => pathIds(p).length === 1);
  let q = db
    .selectFrom('auditLog')
    .where((eb) =>
      eb.or([pathWithin(eb, 'org_path', paths), ...(topLevel ? [eb('orgPath', 'is', null)] : [])]),
    );
  if (query.from) q = q.where('at', '>=', new Date(query.from));
  if (query.to) q = q.where('at', '<=', new Date(query.to));
  if (query.username) q = q.where('username', '=', query.username);
  if (query.action) q = q.where('action', 'like', `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.outcome) q = q.where('outcome', '=', query.outcome);
  return q;
}
