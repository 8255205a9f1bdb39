import { createHash } from 'node:crypto';

import { randomToken } from '../crypto.ts';
import type { Executor, Trx } from '../db.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { ImportWarning, RowError, SkippedRow } from './sheet.ts';

/**
 * The shared import runner (members and organizations): an upload becomes a job row in the
 * database (status, progress, the preview with every row error, the checked rows in chunks), so
 * any app process reports its progress and commits it, and a restart loses nothing. Jobs belong to
 * the account that uploaded them and expire after a day; the sweep is a plain indexed delete, safe
 * to run from every process at once.
 */
export type ImportKind = 'members' | 'orgs';
export type JobStatus = 'parsing' | 'ready' | 'failed' | 'committed';

export const JOB_TTL_MS = 24 * 60 * 60_000;
/** A job still "parsing" with no progress for this long was orphaned by a stopped process. */
export const STALE_PARSE_MS = 10 * 60_000;
const PROGRESS_EVERY_MS = 300;

export interface PreviousImport {
  importId: number;
  at: string;
  rowCount: number;
}

/** What every preview reports (the sample's shape belongs to the kind). */
export interface ImportPreview<S = unknown> {
  total: number;
  ok: number;
  fatal: string | null;
  errors: RowError[];
  /** Columns and sheets the import does not read, said before the commit. */
  warnings: ImportWarning[];
  /** Rows recognized as not data (a numbered empty line, a 填表人… footer). */
  skipped: SkippedRow[];
  alreadyImported: PreviousImport | null;
  sample: S[];
}

export interface ImportResult {
  importId: number;
  /** Records added. */
  imported: number;
  /** Records updated ("add new and update changed"). */
  updated?: number;
  alreadyImported: boolean;
}

export interface ImportJob<S = unknown> {
  id: string;
  kind: ImportKind;
  orgId: number;
  createdBy: number | null;
  status: JobStatus;
  phase: string;
  done: number;
  total: number;
  error: string | null;
  fileHash: string;
  filename: string | null;
  preview: ImportPreview<S> | null;
  result: ImportResult | null;
}

export function fileHashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A new job in the parsing state (expired jobs are swept first). */
export async function createImportJob(
  db: Executor,
  spec: {
    kind: ImportKind;
    orgId: number;
    ownerId: number | null;
    bytes: Uint8Array;
    filename: string | null;
    now: Date;
  },
): Promise<ImportJob> {
  await sweepExpiredImportJobs(db, spec.now);
  const job: ImportJob = {
    id: randomToken(16),
    kind: spec.kind,
    orgId: spec.orgId,
    createdBy: spec.ownerId,
    status: 'parsing',
    phase: 'parse',
    done: 0,
    total: 0,
    error: null,
    fileHash: fileHashOf(spec.bytes),
    filename: spec.filename,
    preview: null,
    result: null,
  };
  await db
    .insertInto('memberImportJobs')
    .values({
      id: job.id,
      kind: job.kind,
      orgId: job.orgId,
      createdBy: job.createdBy,
      status: job.status,
      phase: job.phase,
      fileHash: job.fileHash,
      filename: job.filename,
      preview: null,
      result: null,
      createdAt: spec.now,
      updatedAt: spec.now,
      expiresAt: new Date(spec.now.getTime() + JOB_TTL_MS),
    })
    .execute();
  return job;
}

/**
 * Progress of a running preview, written to the job at most every 300 ms (and always at the end
 * of a phase) so that any process can report it.
 */
export function progressWriter(
  db: Executor,
  jobId: string,
  clock: () => Date,
): (phase: string, done: number, total: number) => void {
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  return (phase, done, total) => {
    const at = Date.now();
    if (at - last < PROGRESS_EVERY_MS && done < total) return;
    last = at;
    pending = pending
      .then(() =>
        db
          .updateTable('memberImportJobs')
          .set({ phase, done, total, updatedAt: clock() })
          .where('id', '=', jobId)
          .where('status', '=', 'parsing')
          .execute(),
      )
      .catch(() => undefined);
  };
}

/** Run a preview for a job and record its outcome (ready with the preview, or failed). */
export async function runPreview<S>(
  db: Executor,
  job: ImportJob,
  now: () => Date,
  preview: () => Promise<ImportPreview<S>>,
): Promise<ImportJob<S>> {
  try {
    const result = await preview();
    await db
      .updateTable('memberImportJobs')
      .set({
        status: 'ready',
        phase: 'done',
        done: result.total,
        total: result.total,
        preview: JSON.stringify(result),
        updatedAt: now(),
      })
      .where('id', '=', job.id)
      .execute();
    return {
      ...job,
      status: 'ready',
      phase: 'done',
      done: result.total,
      total: result.total,
      preview: result,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : '解析失败';
    await db
      .updateTable('memberImportJobs')
      .set({ status: 'failed', error: message, updatedAt: now() })
      .where('id', '=', job.id)
      .execute();
    return { ...job, status: 'failed', error: message } as ImportJob<S>;
  }
}

type JobRow = Omit<ImportJob, 'preview' | 'result'> & { preview: unknown; result: unknown; updatedAt: Date };

const JOB_COLUMNS = [
  'id',
  'kind',
  'orgId',
  'createdBy',
  'status',
  'phase',
  'done',
  'total',
  'error',
  'fileHash',
  'filename',
  'preview',
  'result',
  'updatedAt',
] as const;

function toJob<S>(row: JobRow, now: Date): ImportJob<S> {
  const orphaned = row.status === 'parsing' && now.getTime() - row.updatedAt.getTime() > STALE_PARSE_MS;
  return {
    id: row.id,
    kind: row.kind,
    orgId: row.orgId,
    createdBy: row.createdBy,
    status: orphaned ? 'failed' : row.status,
    phase: row.phase,
    done: row.done,
    total: row.total,
    error: orphaned ? '解析已中断（服务曾重启），请重新上传文件' : row.error,
    fileHash: row.fileHash,
    filename: row.filename,
    preview: row.preview as ImportPreview<S> | null,
    result: row.result as ImportResult | null,
  };
}

/** The caller's own, unexpired job of this kind; anyone else's is "not found" (404). */
export async function getOwnImportJob<S>(
  db: Executor,
  kind: ImportKind,
  id: string,
  ownerId: number,
  now: Date,
  options: { forUpdate?: boolean } = {},
): Promise<ImportJob<S>> {
  let q = db
    .selectFrom('memberImportJobs')
    .select(JOB_COLUMNS)
    .where('id', '=', id)
    .where('kind', '=', kind)
    .where('createdBy', '=', ownerId)
    .where('expiresAt', '>', now);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError('导入任务不存在或已过期');
  return toJob<S>(row as JobRow, now);
}

/**
 * Lock a job for its commit, inside the commit's transaction: two commits of one job (from two
 * processes) run one after the other, and the second finds it committed.
 */
export async function lockJobForCommit<S>(trx: Trx, job: ImportJob, now: Date): Promise<ImportJob<S>> {
  const row = await trx
    .selectFrom('memberImportJobs')
    .select(JOB_COLUMNS)
    .where('id', '=', job.id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('导入任务不存在或已过期');
  const locked = toJob<S>(row as JobRow, now);
  if (locked.status !== 'ready' || !locked.preview)
    throw new ValidationError({ file: '文件尚未解析完成或已经提交' });
  return locked;
}

/** The commit's last step, in its transaction: the result is kept, the checked rows go. */
export async function completeImportJob(trx: Trx, jobId: string, result: ImportResult, now: Date) {
  await clearJobRows(trx, jobId);
  await trx
    .updateTable('memberImportJobs')
    .set({ status: 'committed', phase: 'done', result: JSON.stringify(result), updatedAt: now })
    .where('id', '=', jobId)
    .execute();
}

export async function deleteImportJob(db: Executor, jobId: string): Promise<void> {
  await db.deleteFrom('memberImportJobs').where('id', '=', jobId).execute();
}

/** Expired jobs and their rows. Idempotent: several processes may run it at once. */
export async function sweepExpiredImportJobs(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('memberImportJobs').where('expiresAt', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Checked rows of a job, in chunks (a JSON array each) numbered from `firstSeq`, for its commit. */
export async function storeJobRows(
  db: Executor,
  jobId: string,
  orgId: number,
  chunks: readonly { count: number; json: string }[],
  firstSeq = 0,
): Promise<void> {
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    await db
      .insertInto('memberImportJobRows')
      .values({ jobId, seq: firstSeq + i, orgId, rowCount: chunk.count, rows: chunk.json })
      .execute();
  }
}

export async function clearJobRows(db: Executor, jobId: string): Promise<void> {
  await db.deleteFrom('memberImportJobRows').where('jobId', '=', jobId).execute();
}

export async function jobRowChunks(
  db: Executor,
  jobId: string,
): Promise<{ seq: number; rowCount: number }[]> {
  return db
    .selectFrom('memberImportJobRows')
    .select(['seq', 'rowCount'])
    .where('jobId', '=', jobId)
    .orderBy('seq')
    .execute();
}

export async function readJobRows<R>(db: Executor, jobId: string): Promise<R[]> {
  const chunks = await db
    .selectFrom('memberImportJobRows')
    .select('rows')
    .where('jobId', '=', jobId)
    .orderBy('seq')
    .execute();
  return chunks.flatMap((c) => c.rows as R[]);
}

/** The preview of a file already imported into the organization: committing adds nothing. */
export async function previewOfPrevious(
  db: Executor,
  kind: ImportKind,
  orgId: number,
  fileHash: string,
): Promise<ImportPreview<never> | null> {
  const previous = await findPreviousImport(db, kind, orgId, fileHash);
  if (!previous) return null;
  return {
    total: previous.rowCount,
    ok: 0,
    fatal: null,
    errors: [],
    warnings: [],
    skipped: [],
    alreadyImported: previous,
    sample: [],
  };
}

/** The same file imported into the same organization before (idempotent re-upload). */
export async function findPreviousImport(
  db: Executor,
  kind: ImportKind,
  orgId: number,
  fileHash: string,
): Promise<PreviousImport | null> {
  const previous = await db
    .selectFrom('memberImports')
    .select(['id', 'createdAt', 'rowCount'])
    .where('orgId', '=', orgId)
    .where('kind', '=', kind)
    .where('fileHash', '=', fileHash)
    .executeTakeFirst();
  return previous
    ? { importId: previous.id, at: previous.createdAt.toISOString(), rowCount: previous.rowCount }
    : null;
}

/**
 * The start of every commit: refuse a preview with problems, then the import row (unique per
 * organization, kind and file). `null` id: the same file was committed already (the result says so).
 */
export async function beginImport(
  trx: Trx,
  spec: {
    kind: ImportKind;
    orgId: number;
    fileHash: string;
    filename: string | null;
    preview: ImportPreview;
    actorId: number | null;
    now: Date;
  },
): Promise<{ importId: number } | { done: ImportResult }> {
  const { preview } = spec;
  if (preview.fatal) throw new ValidationError({ file: preview.fatal });
  if (preview.alreadyImported)
    return { done: { importId: preview.alreadyImported.importId, imported: 0, alreadyImported: true } };
  if (preview.errors.length > 0)
    throw new ValidationError({ file: `文件中有 ${preview.errors.length} 处错误，请修改后重新上传` });
  const inserted = await trx
    .insertInto('memberImports')
    .values({
      orgId: spec.orgId,
      kind: spec.kind,
      fileHash: spec.fileHash,
      filename: spec.filename,
      rowCount: preview.ok,
      createdBy: spec.actorId,
      createdAt: spec.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { importId: inserted.id };
  const existing = await findPreviousImport(trx, spec.kind, spec.orgId, spec.fileHash);
  return { done: { importId: existing!.importId, imported: 0, alreadyImported: true } };
}
