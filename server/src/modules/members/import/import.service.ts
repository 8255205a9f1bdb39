import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { FieldCrypto } from '../../../platform/crypto.ts';
import type { Executor, Trx } from '../../../platform/db.ts';
import { ConflictError, ValidationError } from '../../../platform/errors.ts';
import type { AuditFn } from '../../../platform/http.ts';
import { insertMemberRows, type MemberInsert } from '../bulk.ts';
import { encryptedColumns } from '../members.service.ts';
import { getRule } from '../rules.ts';
import type { ImportLimits, ParsedMember, RowError } from './parse.ts';
import { parseInWorker } from './run-parse.ts';

export interface ImportTarget {
  id: number;
  path: string;
  code: string;
  name: string;
}

export interface PreparedImport {
  target: ImportTarget;
  fileHash: string;
  filename: string | null;
  total: number;
  rows: (ParsedMember & { orgId: number })[];
  errors: RowError[];
  fatal: string | null;
  /** The same file was already imported into this organization: committing does nothing. */
  alreadyImported: { importId: number; at: string; rowCount: number } | null;
}

const CHUNK = 5000;

/**
 * Parse (in a worker) and check a member file against the database: organization codes inside
 * the target's subtree, ID numbers already registered. Nothing is written.
 */
export async function prepareMemberImport(
  db: Executor,
  crypto: FieldCrypto,
  target: ImportTarget,
  file: { bytes: Uint8Array; filename: string | null },
  today: string,
  options: {
    limits?: ImportLimits;
    onProgress?: (phase: 'parse' | 'check', done: number, total: number) => void;
  } = {},
): Promise<PreparedImport> {
  const fileHash = createHash('sha256').update(file.bytes).digest('hex');
  const categories = (await getRule(db, 'members.categories', target.path, today)).value;
  const parsed = await parseInWorker(
    { bytes: file.bytes, today, categories, limits: options.limits },
    (done, total) => options.onProgress?.('parse', done, total),
  );
  const prepared: PreparedImport = {
    target,
    fileHash,
    filename: file.filename,
    total: parsed.total,
    rows: [],
    errors: parsed.errors,
    fatal: parsed.fatal,
    alreadyImported: null,
  };
  if (parsed.fatal) return prepared;
  const previous = await db
    .selectFrom('memberImports')
    .select(['id', 'createdAt', 'rowCount'])
    .where('orgId', '=', target.id)
    .where('kind', '=', 'members')
    .where('fileHash', '=', fileHash)
    .executeTakeFirst();
  if (previous) {
    prepared.alreadyImported = {
      importId: previous.id,
      at: previous.createdAt.toISOString(),
      rowCount: previous.rowCount,
    };
    return prepared;
  }
  // Organization codes: only the target and its subtree, only active organizations.
  const codes = [...new Set(parsed.rows.map((r) => r.orgCode).filter((c): c is string => c !== null))];
  const orgByCode = new Map<string, number>();
  for (let i = 0; i < codes.length; i += CHUNK) {
    const found = await db
      .selectFrom('orgs')
      .select(['id', 'code'])
      .where('code', 'in', codes.slice(i, i + CHUNK))
      .where('path', 'like', `${target.path}%`)
      .where('status', '=', 'active')
      .execute();
    for (const o of found) orgByCode.set(o.code, o.id);
  }
  const extra: RowError[] = [];
  const candidates: (ParsedMember & { orgId: number; hash: string })[] = [];
  for (const row of parsed.rows) {
    const orgId = row.orgCode ? orgByCode.get(row.orgCode) : target.id;
    if (orgId === undefined) {
      extra.push({
        row: row.row,
        column: '所在党组织编码',
        code: 'UNKNOWN_ORG_CODE',
        message: `党组织编码“${row.orgCode}”不存在或不在“${target.name}”之下`,
      });
      continue;
    }
    candidates.push({ ...row, orgId, hash: crypto.blindIndex(row.idNumber) });
  }
  // ID numbers already in the register (anywhere: one person, one record; no details shown).
  const taken = new Set<string>();
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const hashes = candidates.slice(i, i + CHUNK).map((c) => c.hash);
    const found = await db
      .selectFrom('members')
      .select('idNumberHash')
      .where('idNumberHash', 'in', hashes)
      .execute();
    for (const f of found) taken.add(f.idNumberHash);
    options.onProgress?.('check', Math.min(i + CHUNK, candidates.length), candidates.length);
  }
  for (const c of candidates) {
    if (taken.has(c.hash)) {
      extra.push({
        row: c.row,
        column: '身份证号',
        code: 'DUPLICATE_IN_DB',
        message: '该身份证号已登记，请联系上级管理员核实',
      });
    } else {
      const { hash: _hash, ...row } = c;
      prepared.rows.push(row);
    }
  }
  prepared.errors = [...parsed.errors, ...extra].sort((a, b) => a.row - b.row);
  return prepared;
}

export interface CommitResult {
  importId: number;
  imported: number;
  alreadyImported: boolean;
}

/**
 * All or nothing, inside the caller's transaction: an import row (unique per organization and
 * file) and every member, in multi-row batches. A crash before COMMIT leaves nothing; the same
 * file again finds its import row and adds nobody.
 */
export async function commitMemberImport(
  trx: Trx,
  crypto: FieldCrypto,
  prepared: PreparedImport,
  ctx: {
    actorId: number | null;
    now: Date;
    audit: AuditFn | null;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<CommitResult> {
  if (prepared.fatal) throw new ValidationError({ file: prepared.fatal });
  if (prepared.alreadyImported) {
    return { importId: prepared.alreadyImported.importId, imported: 0, alreadyImported: true };
  }
  if (prepared.errors.length > 0) {
    throw new ValidationError({ file: `文件中有 ${prepared.errors.length} 处错误，请修改后重新上传` });
  }
  const inserted = await trx
    .insertInto('memberImports')
    .values({
      orgId: prepared.target.id,
      kind: 'members',
      fileHash: prepared.fileHash,
      filename: prepared.filename,
      rowCount: prepared.rows.length,
      createdBy: ctx.actorId,
      createdAt: ctx.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx
      .selectFrom('memberImports')
      .select('id')
      .where('orgId', '=', prepared.target.id)
      .where('kind', '=', 'members')
      .where('fileHash', '=', prepared.fileHash)
      .executeTakeFirstOrThrow();
    return { importId: existing.id, imported: 0, alreadyImported: true };
  }
  const total = prepared.rows.length;
  let done = 0;
  for (let i = 0; i < total; i += CHUNK) {
    const batch: MemberInsert[] = prepared.rows.slice(i, i + CHUNK).map((r) => ({
      orgId: r.orgId,
      userId: null,
      name: r.name,
      gender: r.gender,
      ethnicity: r.ethnicity,
      birthDate: r.birthDate,
      ...encryptedColumns(crypto, r),
      education: r.education,
      workUnit: r.workUnit,
      position: r.position,
      joinedOn: r.joinedOn,
      fullOn: r.fullOn,
      category: r.category,
      status: r.status,
      statusSince: r.status === 'full' && r.fullOn ? r.fullOn : r.joinedOn,
      importId: inserted.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }));
    const n = await insertMemberRows(trx, batch);
    if (n !== batch.length) {
      // Someone registered one of these people after the preview: nothing of this import stays.
      throw new ConflictError('导入期间有人员已被登记，本次导入已全部撤销，请重新预览');
    }
    done += n;
    ctx.onProgress?.(done, total);
  }
  await sql`
    insert into member_status_history (member_id, status, since, reason, actor_id, at)
    select id, status, status_since, '批量导入', ${ctx.actorId}, ${ctx.now} from members where import_id = ${inserted.id}
  `.execute(trx);
  await ctx.audit?.({
    action: 'members.import',
    objectType: 'member_import',
    objectId: inserted.id,
    orgPath: prepared.target.path,
    detail: { rows: total, filename: prepared.filename },
  });
  return { importId: inserted.id, imported: total, alreadyImported: false };
}
