import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../config.ts';
import { recordAudit } from '../../../platform/audit.ts';
import { systemClock } from '../../../platform/clock.ts';
import { prepareDatabase } from '../../../platform/startup.ts';
import { progressBar } from '../../members/import/cli-import.ts';
import { today } from '../../members/members.service.ts';
import { commitOrgImport, prepareOrgImport } from './import.service.ts';

/**
 * `jiceng import orgs FILE --org CODE [--dry-run] [--json]`: same checks and the same `--json`
 * shape as the member import (`{ ok, errors: [{ row, column, code, message }] }`). The command
 * line acts as the system: any parent inside the organization CODE is allowed.
 */
export async function runOrgImportCommand(config: Config, args: string[]): Promise<number> {
  const [kind, file, ...rest] = args;
  const flag = (name: string) => rest.includes(name);
  const orgCode = rest[rest.indexOf('--org') + 1];
  if (kind !== 'orgs' || !file || !rest.includes('--org') || !orgCode) {
    console.error('用法: jiceng import orgs FILE --org 组织编码 [--dry-run] [--json]');
    return 2;
  }
  const json = flag('--json');
  const { database } = await prepareDatabase({ ...config, demo: false }, systemClock);
  try {
    const db = database.db;
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
    const prepared = await prepareOrgImport(
      db,
      null,
      org,
      { bytes, filename: path.basename(file) },
      today(now),
      { onProgress: progressBar('解析') },
    );
    const report = (ok: number) => {
      if (json)
        console.log(
          JSON.stringify({
            ok,
            errors: prepared.errors.map(({ row, column, code, message }) => ({ row, column, code, message })),
          }),
        );
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
          `此文件已于 ${prepared.alreadyImported.at} 导入 ${prepared.alreadyImported.rowCount} 个组织，本次未重复导入`,
        );
      return 0;
    }
    if (prepared.errors.length > 0) {
      report(0);
      if (!json) {
        for (const e of prepared.errors.slice(0, 200))
          console.error(`第 ${e.row} 行 ${e.column}: ${e.message}`);
        console.error(`共 ${prepared.errors.length} 处错误，未导入任何组织`);
      }
      return 1;
    }
    if (flag('--dry-run')) {
      report(prepared.rows.length);
      if (!json) console.error(`检查通过: ${prepared.rows.length} 个组织可以导入（--dry-run，未写入）`);
      return 0;
    }
    const result = await db.transaction().execute((trx) =>
      commitOrgImport(trx, prepared, {
        actor: null,
        now,
        audit: (event) =>
          recordAudit(
            trx,
            { at: now, userId: null, username: 'cli', ip: null, userAgent: 'jiceng-cli', requestId: null },
            event,
          ),
      }),
    );
    report(result.imported);
    if (!json) console.error(`导入完成: ${result.imported} 个组织（导入批次 ${result.importId}）`);
    return 0;
  } finally {
    await database.close();
  }
}
