import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../config.ts';
import { recordAudit } from '../../../platform/audit.ts';
import { systemClock } from '../../../platform/clock.ts';
import { createFieldCrypto } from '../../../platform/crypto.ts';
import { prepareDatabase } from '../../../platform/startup.ts';
import { today } from '../members.service.ts';
import { commitMemberImport, prepareMemberImport } from './import.service.ts';

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

/** `jiceng import members FILE --org CODE [--dry-run] [--json]` */
export async function runImportCommand(config: Config, args: string[]): Promise<number> {
  const [kind, file, ...rest] = args;
  const flag = (name: string) => rest.includes(name);
  const orgCode = rest[rest.indexOf('--org') + 1];
  if (kind !== 'members' || !file || !rest.includes('--org') || !orgCode) {
    console.error('用法: jiceng import members FILE --org 组织编码 [--dry-run] [--json]');
    return 2;
  }
  const json = flag('--json');
  const { database, secret } = await prepareDatabase({ ...config, demo: false }, systemClock);
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
    const bars = { parse: progressBar('解析'), check: progressBar('核对') };
    const prepared = await prepareMemberImport(
      db,
      crypto,
      org,
      { bytes, filename: path.basename(file) },
      today(now),
      { onProgress: (phase, done, total) => bars[phase](done, total) },
    );
    const report = (ok: number) => {
      if (json) {
        console.log(
          JSON.stringify({
            ok,
            errors: prepared.errors.map(({ row, column, code, message }) => ({ row, column, code, message })),
          }),
        );
      }
    };
    if (prepared.fatal) {
      if (json)
        console.log(
          JSON.stringify({
            ok: 0,
            errors: [{ row: 0, column: '', code: 'FILE_REJECTED', message: prepared.fatal }],
          }),
        );
      else console.error(prepared.fatal);
      return 1;
    }
    if (prepared.alreadyImported) {
      report(0);
      if (!json)
        console.error(
          `此文件已于 ${prepared.alreadyImported.at} 导入 ${prepared.alreadyImported.rowCount} 人，本次未重复导入`,
        );
      return 0;
    }
    if (prepared.errors.length > 0) {
      report(0);
      if (!json) {
        for (const e of prepared.errors.slice(0, 200))
          console.error(`第 ${e.row} 行 ${e.column}: ${e.message}`);
        console.error(`共 ${prepared.errors.length} 处错误，未导入任何人员`);
      }
      return 1;
    }
    if (flag('--dry-run')) {
      report(prepared.rows.length);
      if (!json) console.error(`检查通过: ${prepared.rows.length} 人可以导入（--dry-run，未写入）`);
      return 0;
    }
    const write = progressBar('写入');
    const result = await db.transaction().execute((trx) =>
      commitMemberImport(trx, crypto, prepared, {
        actorId: null,
        now,
        onProgress: write,
        audit: (event) =>
          recordAudit(
            trx,
            { at: now, userId: null, username: 'cli', ip: null, userAgent: 'jiceng-cli', requestId: null },
            event,
          ),
      }),
    );
    report(result.imported);
    if (!json) console.error(`导入完成: ${result.imported} 人（导入批次 ${result.importId}）`);
    return 0;
  } finally {
    await database.close();
  }
}
