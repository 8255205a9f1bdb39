import fs from 'node:fs';
import path from 'node:path';
import { deriveAuditChainKey, recordAudit } from '../audit.ts';
import { systemClock } from '../clock.ts';
import { createFieldCrypto, type FieldCrypto } from '../crypto.ts';
import type { Database, Db, Trx } from '../db.ts';
import type { AuditFn } from '../http.ts';
import {
  createImportJob,
  deleteImportJob,
  type ImportJob,
  type ImportKind,
  type ImportPreview,
  type ImportResult,
  runPreview,
} from './jobs.ts';

/** A one-line progress bar on stderr (stdout stays clean for --json). */
export function progressBar(label: string): (done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  let last = -1;
  return (done, total) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}% ${done}/${total}`;
    process.stderr.write(tty ? `\r${line}${done >= total ? '\n' : ''}` : `${line}\n`);
  };
}

/** Opens the database migrated, demo off (start-up's `prepareDatabase`, handed in by the command line). */
export type OpenMigrated = () => Promise<{ database: Database; secret: Buffer }>;

export interface ImportTargetOrg {
  id: number;
  path: string;
  code: string;
  name: string;
}

/** What a kind of import plugs into the shared command line. */
export interface ImportCliSpec {
  kind: ImportKind;
  /** Counting word ('人', '个组织') and the thing imported ('人员', '组织'). */
  unit: string;
  thing: string;
  /** The kind's own options in the usage line (e.g. `[--update] `). */
  usage?: string;
  preview(
    db: Db,
    crypto: FieldCrypto,
    job: ImportJob,
    org: ImportTargetOrg,
    bytes: Uint8Array,
    now: Date,
    onProgress: (phase: string, done: number, total: number) => void,
    flags: readonly string[],
  ): Promise<ImportPreview>;
  commit(
    trx: Trx,
    job: ImportJob,
    org: ImportTargetOrg,
    ctx: { now: Date; audit: AuditFn; onProgress: (done: number, total: number) => void },
  ): Promise<ImportResult>;
}

const PHASES: Record<string, string> = { parse: '解析', check: '核对' };

/**
 * `jiceng import <kind> FILE --org CODE [--dry-run] [--json]`: the same job, preview and commit as
 * the HTTP import (the command line acts as the system), `--json` prints
 * `{ ok, errors: [{ row, column, code, message, sheet? }], warnings: [{ code, message, sheet?,
 * column? }], skipped: [{ row, reason, sheet? }] }` (warnings: ignored columns and sheets).
 * Options of the kind (`--update`) are handed to its preview. The job is removed when the command ends.
 */
export async function runImportCli(open: OpenMigrated, args: string[], spec: ImportCliSpec): Promise<number> {
  const [kind, file, ...rest] = args;
  const flag = (name: string) => rest.includes(name);
  const orgCode = rest[rest.indexOf('--org') + 1];
  if (kind !== spec.kind || !file || !rest.includes('--org') || !orgCode) {
    console.error(
      `用法: jiceng import ${spec.kind} FILE --org 组织编码 ${spec.usage ?? ''}[--dry-run] [--json]`,
    );
    return 2;
  }
  const json = flag('--json');
  const { database, secret } = await open();
  let job: ImportJob | null = null;
  try {
    const db = database.db;
    const crypto = createFieldCrypto(secret);
    const org = await db
      .selectFrom('orgs')
      .select(['id', 'path', 'code', 'name', 'status'])
      .where('code', '=', orgCode)
      .executeTakeFirst();
    if (org?.status !== 'active') {
      console.error(`组织编码 ${orgCode} 不存在或已撤销`);
      return 1;
    }
    const bytes = fs.readFileSync(file);
    const now = systemClock.now();
    job = await createImportJob(db, {
      kind: spec.kind,
      orgId: org.id,
      ownerId: null,
      bytes,
      filename: path.basename(file),
      now,
    });
    const bars = new Map<string, (done: number, total: number) => void>();
    const onProgress = (phase: string, done: number, total: number) => {
      if (!bars.has(phase)) bars.set(phase, progressBar(PHASES[phase] ?? phase));
      bars.get(phase)!(done, total);
    };
    const ready = await runPreview(
      db,
      job,
      () => systemClock.now(),
      () => spec.preview(db, crypto, job!, org, bytes, now, onProgress, rest),
    );
    if (!ready.preview) {
      console.error(ready.error ?? '解析失败');
      return 1;
    }
    const preview = ready.preview;
    const report = (ok: number, extra: Record<string, unknown> = {}) => {
      if (json)
        console.log(
          JSON.stringify({
            ok,
            errors: preview.errors,
            warnings: preview.warnings ?? [],
            skipped: preview.skipped ?? [],
            ...extra,
          }),
        );
      else {
        for (const w of preview.warnings ?? []) console.error(`注意: ${w.message}`);
        for (const s of preview.skipped ?? [])
          console.error(`跳过 ${s.sheet ? `工作表“${s.sheet}”` : ''}第 ${s.row} 行: ${s.reason}`);
      }
    };
    if (preview.fatal) {
      if (json)
        console.log(
          JSON.stringify({
            ok: 0,
            errors: [{ row: 0, column: '', code: 'FILE_REJECTED', message: preview.fatal }],
            warnings: [],
            skipped: [],
          }),
        );
      else console.error(preview.fatal);
      return 1;
    }
    if (preview.alreadyImported) {
      report(0);
      if (!json)
        console.error(
          `此文件已于 ${preview.alreadyImported.at} 导入 ${preview.alreadyImported.rowCount} ${spec.unit}，本次未重复导入`,
        );
      return 0;
    }
    if (preview.errors.length > 0) {
      report(0);
      if (!json) {
        for (const e of preview.errors.slice(0, 200))
          console.error(`${e.sheet ? `工作表“${e.sheet}”` : ''}第 ${e.row} 行 ${e.column}: ${e.message}`);
        console.error(`共 ${preview.errors.length} 处错误，未导入任何${spec.thing}`);
      }
      return 1;
    }
    if (flag('--dry-run')) {
      report(preview.ok);
      if (!json) console.error(`检查通过: ${preview.ok} ${spec.unit}可以导入（--dry-run，未写入）`);
      return 0;
    }
    const write = progressBar('写入');
    const result = await db.transaction().execute((trx) =>
      spec.commit(trx, ready, org, {
        now,
        onProgress: write,
        audit: (event) =>
          recordAudit(
            trx,
            {
              at: now,
              userId: null,
              username: 'cli',
              ip: null,
              userAgent: 'jiceng-cli',
              requestId: null,
              chainKey: deriveAuditChainKey(secret),
            },
            event,
          ),
      }),
    );
    report(result.imported, result.updated === undefined ? {} : { updated: result.updated });
    if (!json)
      console.error(
        `导入完成: ${result.imported} ${spec.unit}${result.updated ? `，更新 ${result.updated} ${spec.unit}` : ''}（导入批次 ${result.importId}）`,
      );
    return 0;
  } finally {
    if (job) await deleteImportJob(database.db, job.id).catch(() => undefined);
    await database.close();
  }
}
