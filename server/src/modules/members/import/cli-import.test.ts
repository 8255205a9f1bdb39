import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertOrg } from '../../../../test/app.ts';
import { createTestDatabase, TEST_BACKEND } from '../../../../test/db.ts';
import { loadConfig } from '../../../config.ts';
import { systemClock } from '../../../platform/clock.ts';
import { type Database, openDatabase } from '../../../platform/db.ts';
import { migrateToLatest } from '../../../platform/migrate.ts';
import { prepareDatabase } from '../../../startup.ts';
import { modules } from '../../index.ts';
import { checkDigit } from '../idcard.ts';
import { runImportCommand } from './cli-import.ts';

/**
 * `jiceng import members … --json` prints `{ ok, errors, warnings, skipped }`: the ignored
 * columns and sheets are in the warnings, the rows that are not data in `skipped`.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-cli-json-'));
const env: NodeJS.ProcessEnv = { ...process.env, JICENG_DEMO: 'false', NODE_ENV: 'development' };
let pgDatabase: Database | undefined;
const idOf = (body17: string) => body17 + checkDigit(body17);

beforeAll(async () => {
  if (TEST_BACKEND === 'postgres') {
    pgDatabase = await createTestDatabase();
    env.DATABASE_URL = pgDatabase.url;
  } else env.JICENG_DATA_DIR = tmp;
  const db = pgDatabase ?? (await openDatabase({ dataDir: tmp }));
  await migrateToLatest(db.db, modules);
  const c = await insertOrg(db.db, { code: 'CLI-C', name: '朝阳社区党委', kind: 'committee' });
  await insertOrg(db.db, {
    code: 'CLI-C-G1',
    name: '朝阳社区第一网格党支部',
    parentId: c.id,
    kind: 'branch',
  });
  if (!pgDatabase) await db.close();
}, 120_000);
afterAll(async () => {
  await pgDatabase?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => {
    out.push(line);
  });
  const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const config = { ...loadConfig(env), demo: false };
    const code = await runImportCommand(() => prepareDatabase(config, systemClock), args);
    return { code, json: JSON.parse(out.join('\n')) };
  } finally {
    log.mockRestore();
    err.mockRestore();
    write.mockRestore();
  }
}

describe('jiceng import members --json', () => {
  it('prints ok, errors, warnings (ignored columns) and skipped rows', async () => {
    const file = path.join(tmp, 'roster.csv');
    fs.writeFileSync(
      file,
      [
        '序号,姓名,公民身份号码,所在支部,备注,入党日期,转正日期,党员类别,党员状态',
        `1,王　芳,${idOf('11010519800101012')},第一网格党支部,调入,2005-07-01,2006-07-01,在职党员,正式党员`,
        `2,李四,${idOf('11010519800101022')},第九网格党支部,,2005-07-01,2006-07-01,在职党员,正式党员`,
        '3,,,,,,,,',
        '',
      ].join('\n'),
    );
    const failed = await run(['members', file, '--org', 'CLI-C', '--dry-run', '--json']);
    expect(failed.code).toBe(1);
    expect(Object.keys(failed.json)).toEqual(['ok', 'errors', 'warnings', 'skipped']);
    expect(
      failed.json.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]),
    ).toEqual([[3, '所在支部（所在党组织）', 'UNKNOWN_ORG']]);
    expect(failed.json.warnings.map((w: { column: string }) => w.column)).toEqual(['备注']);
    expect(failed.json.skipped).toEqual([{ row: 4, reason: '只有序号，没有其他内容' }]);

    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('第九网格党支部', '第一网格党支部'));
    const done = await run(['members', file, '--org', 'CLI-C', '--json']);
    expect(done.code).toBe(0);
    expect(done.json.ok).toBe(2);
    expect(done.json.errors).toEqual([]);
    expect(done.json.warnings).toHaveLength(1);
  }, 120_000);
});
