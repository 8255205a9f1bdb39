import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { pathIds, pathWithin } from '../../platform/scope.ts';

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** First row whose stored hash or link does not match, if any. */
  brokenAt: { id: number; problem: 'modified' | 'link_broken' } | null;
}

/**
 * Recompute every row's hash and its link to the row before. A modified row fails its own hash;
 * a deleted row breaks the link of the row after it.
 */
export async function verifyAuditChain(db: Executor): Promise<ChainReport> {
  const result = await sql<{ id: number; modified: boolean; linkBroken: boolean; total: number }>`
    with chain as (
      select a.id,
             a.hash <> audit_log_digest(a.prev_hash, a) as modified,
             a.prev_hash <> coalesce(lag(a.hash) over (order by a.id), repeat('0', 64)) as link_broken
        from audit_log a
    )
    select id, modified, link_broken, (select count(*) from audit_log) as total
      from chain where modified or link_broken
     order by id limit 1
  `.execute(db);
  const first = result.rows[0];
  const total = first
    ? Number(first.total)
    : Number((await sql<{ n: number }>`select count(*) as n from audit_log`.execute(db)).rows[0].n);
  if (!first) return { ok: true, checked: total, brokenAt: null };
  return {
    ok: false,
    checked: total,
    brokenAt: { id: Number(first.id), problem: first.modified ? 'modified' : 'link_broken' },
  };
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
