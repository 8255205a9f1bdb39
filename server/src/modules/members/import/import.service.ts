import { sql } from 'kysely';
import { type FieldCrypto, fieldKeysOf } from '../../../platform/crypto.ts';
import type { Executor, Trx } from '../../../platform/db.ts';
import { ConflictError } from '../../../platform/errors.ts';
import type { AuditFn } from '../../../platform/http.ts';
import {
  beginImport,
  clearJobRows,
  completeImportJob,
  type ImportJob,
  type ImportPreview,
  type ImportResult,
  jobRowChunks,
  lockJobForCommit,
  previewOfPrevious,
  storeJobRows,
} from '../../../platform/imports/jobs.ts';
import { preloadParser, runInParseWorker } from '../../../platform/imports/parse-worker.ts';
import { lockOrgTree } from '../../orgs/index.ts';
import { maskIdNumber } from '../idcard.ts';
import { CANNOT_REGISTER_HERE_MESSAGE } from '../registration-conflicts.ts';
import { getRule } from '../rules.ts';
import type {
  ImportLimits,
  MemberSample,
  ParseInput,
  ParseResult,
  RowError,
  SealInput,
  SealResult,
} from './parse.ts';

export interface ImportTarget {
  id: number;
  path: string;
  code: string;
  name: string;
}

export type MemberPreview = ImportPreview<MemberSample>;

const PARSER = new URL('./parse.ts', import.meta.url).href;
/** Parse workers started with the app (the sealing of a file's chunks is spread over them). */
const SEAL_WORKERS = 2;

/** Start the parse worker with the member parser loaded (app start-up, benchmarks). */
export async function preloadMemberParser(): Promise<void> {
  await Promise.all(Array.from({ length: SEAL_WORKERS }, () => preloadParser(PARSER)));
}
/** Rows per sealing task, per stored chunk and per INSERT statement of the commit. */
const CHUNK = 5000;

/**
 * The preview of a member file for an import job: parse, validate, blind-index and encrypt in the
 * worker thread, then check organization codes (inside the target's subtree, active) and ID numbers
 * already registered. A file without errors keeps its sealed rows in the job for the commit.
 */
export async function previewMemberImport(
  db: Executor,
  crypto: FieldCrypto,
  job: ImportJob,
  target: ImportTarget,
  bytes: Uint8Array,
  today: string,
  options: {
    limits?: ImportLimits;
    onProgress?: (phase: 'parse' | 'check', done: number, total: number) => void;
  } = {},
): Promise<MemberPreview> {
  const previous = await previewOfPrevious(db, 'members', target.id, job.fileHash);
  if (previous) return previous;
  const categories = (await getRule(db, 'members.categories', target.path, today)).value;
  const parsed = await runInParseWorker<ParseInput, ParseResult>(
    PARSER,
    'parseMemberFile',
    { bytes, today, categories, limits: options.limits },
    (done, total) => options.onProgress?.('parse', done, total),
  );
  const preview: MemberPreview = {
    total: parsed.total,
    ok: 0,
    fatal: parsed.fatal,
    errors: parsed.errors,
    alreadyImported: null,
    sample: [],
  };
  if (parsed.fatal) return preview;
  // Blind indexes and encryption by the pool's workers, one chunk per task. As each chunk comes
  // back, its ID numbers are looked up in the register (anywhere: one person, one record; no
  // details shown) and its sealed rows stored, while the workers seal the next chunks (stored rows
  // are removed again if the file turns out to have errors).
  const keys = fieldKeysOf(crypto);
  const encrypt = parsed.errors.length === 0;
  // Hash → whether the registered record lies in the target's subtree (else: no details at all).
  const taken = new Map<string, boolean>();
  let written: Promise<void> = Promise.resolve();
  let checked = 0;
  const parts = await Promise.all(
    Array.from({ length: Math.ceil(parsed.rows.length / CHUNK) }, async (_, seq) => {
      const part = await runInParseWorker<SealInput, SealResult>(PARSER, 'sealMemberRows', {
        rows: parsed.rows.slice(seq * CHUNK, (seq + 1) * CHUNK),
        keys,
        encrypt,
        chunkSize: CHUNK,
      });
      written = written.then(async () => {
        const found = await db
          .selectFrom('members as m')
          .innerJoin('orgs as o', 'o.id', 'm.orgId')
          .select(['m.idNumberHash', 'o.path'])
          .where('m.idNumberHash', '=', sql<string>`any(${part.hashes}::text[])`)
          .execute();
        for (const f of found) taken.set(f.idNumberHash, f.path.startsWith(target.path));
        checked += part.hashes.length;
        options.onProgress?.('check', checked, parsed.rows.length);
        if (encrypt) await storeJobRows(db, job.id, target.id, part.chunks, seq);
      });
      written.catch(() => undefined);
      return part;
    }),
  );
  await written;
  const sealed = {
    rowNos: parsed.rows.map((r) => r.row),
    orgCodes: parsed.rows.map((r) => r.orgCode),
    hashes: parts.flatMap((p) => p.hashes),
  };
  // Organization codes: only the target and its subtree, only active organizations.
  const codes = [...new Set(sealed.orgCodes.filter((c): c is string => c !== null))];
  const orgByCode = new Map<string, number>([[target.code, target.id]]);
  if (codes.length > 0) {
    const found = await db
      .selectFrom('orgs')
      .select(['id', 'code'])
      .where('code', '=', sql<string>`any(${codes}::text[])`)
      .where('path', 'like', `${target.path}%`)
      .where('status', '=', 'active')
      .execute();
    for (const o of found) orgByCode.set(o.code, o.id);
  }
  const extra: RowError[] = [];
  for (let i = 0; i < sealed.rowNos.length; i++) {
    const code = sealed.orgCodes[i];
    if (code && !orgByCode.has(code)) {
      extra.push({
        row: sealed.rowNos[i]!,
        column: '所在党组织编码',
        code: 'UNKNOWN_ORG_CODE',
        message: `党组织编码“${code}”不存在或不在“${target.name}”之下`,
      });
    } else if (taken.has(sealed.hashes[i]!)) {
      // Inside the target's subtree the importer sees the record; elsewhere the answer is neutral
      // (security.md ID-08).
      const inside = taken.get(sealed.hashes[i]!);
      extra.push({
        row: sealed.rowNos[i]!,
        column: '身份证号',
        code: inside ? 'DUPLICATE_IN_DB' : 'CANNOT_REGISTER_HERE',
        message: inside ? '该身份证号已在本组织范围内登记' : CANNOT_REGISTER_HERE_MESSAGE,
      });
    }
  }
  preview.errors = [...parsed.errors, ...extra].sort((a, b) => a.row - b.row);
  preview.ok = sealed.rowNos.length - extra.length;
  const bad = new Set(extra.map((e) => e.row));
  preview.sample = parsed.rows
    .filter((r) => !bad.has(r.row))
    .slice(0, 20)
    .map((r) => ({
      row: r.row,
      name: r.name,
      idNumber: maskIdNumber(r.idNumber),
      orgId: orgByCode.get(r.orgCode ?? target.code)!,
      status: r.status,
      category: r.category,
    }));
  if (encrypt && preview.errors.length > 0) await clearJobRows(db, job.id);
  return preview;
}

const CHANGED = '导入期间有人员已被登记或党组织发生变化，本次导入已全部撤销，请重新预览';

const MEMBER_COLUMNS = `org_id, name, gender, ethnicity, birth_date, id_number_enc, id_number_hash,
  id_number_masked, phone_enc, phone_hash, phone_masked, address_enc, education, work_unit, position,
  joined_on, full_on, category, status, status_since, import_id, created_at, updated_at`;
const SEALED_TYPES = `org_code text, name text, gender text, ethnicity text, birth_date date,
  id_number_enc text, id_number_hash text, id_number_masked text, phone_enc text, phone_hash text,
  phone_masked text, address_enc text, education text, work_unit text, position text, joined_on date,
  full_on date, category text, status text, status_since date`;

/**
 * All or nothing, inside the caller's transaction: the job is locked (one commit at a time, from
 * any process), an import row (unique per organization and file) is added, then every member,
 * chunk by chunk, set-based from the rows the preview kept (organization codes checked again, the
 * rollup trigger and the status history in the same statements), and one audit row. Someone
 * registered meanwhile (unique ID number) or an organization closed: nothing stays. A crash
 * before COMMIT leaves nothing; the same file again finds its import row and adds nobody.
 */
export async function commitMemberImport(
  trx: Trx,
  job: ImportJob,
  target: ImportTarget,
  ctx: {
    actorId: number | null;
    now: Date;
    audit: AuditFn | null;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ImportResult> {
  const locked = await lockJobForCommit<MemberSample>(trx, job, ctx.now);
  const preview = locked.preview!;
  const begun = await beginImport(trx, {
    kind: 'members',
    orgId: target.id,
    fileHash: locked.fileHash,
    filename: locked.filename,
    preview,
    actorId: ctx.actorId,
    now: ctx.now,
  });
  if ('done' in begun) {
    await completeImportJob(trx, job.id, begun.done, ctx.now);
    return begun.done;
  }
  // Members go anywhere below the target and the rollups follow their paths: no move there until
  // we commit (ADR 0010).
  await lockOrgTree(trx, { wholeSubtrees: [target.id] });
  const chunks = await jobRowChunks(trx, job.id);
  const total = chunks.reduce((n, c) => n + c.rowCount, 0);
  let done = 0;
  for (const chunk of chunks) {
    // A plain INSERT (no ON CONFLICT): an ID number registered by someone else after the preview
    // is a unique violation that undoes the whole import.
    const result = await sql`
      with added as (
        insert into members (${sql.raw(MEMBER_COLUMNS)})
        select o.id, x.name, x.gender, x.ethnicity, x.birth_date, x.id_number_enc, x.id_number_hash,
               x.id_number_masked, x.phone_enc, x.phone_hash, x.phone_masked, x.address_enc, x.education,
               x.work_unit, x.position, x.joined_on, x.full_on, x.category, x.status, x.status_since,
               ${begun.importId}, ${ctx.now}, ${ctx.now}
          from member_import_job_rows c
          cross join lateral jsonb_to_recordset(c.rows) as x(${sql.raw(SEALED_TYPES)})
          join orgs o on o.code = coalesce(x.org_code, ${target.code})
                     and o.path like ${`${target.path}%`} and o.status = 'active'
         where c.job_id = ${job.id} and c.seq = ${chunk.seq}
        returning id, status, status_since
      )
      insert into member_status_history (member_id, status, since, reason, actor_id, at)
      select id, status, status_since, '批量导入', ${ctx.actorId}, ${ctx.now} from added
    `
      .execute(trx)
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505') throw new ConflictError(CHANGED);
        throw error;
      });
    // An organization closed or moved out of the target after the preview.
    if (Number(result.numAffectedRows ?? 0) !== chunk.rowCount) throw new ConflictError(CHANGED);
    done += chunk.rowCount;
    ctx.onProgress?.(done, total);
  }
  await ctx.audit?.({
    action: 'members.import',
    objectType: 'member_import',
    objectId: begun.importId,
    orgPath: target.path,
    detail: { rows: total, filename: locked.filename },
  });
  const result = { importId: begun.importId, imported: total, alreadyImported: false };
  await completeImportJob(trx, job.id, result, ctx.now);
  return result;
}
