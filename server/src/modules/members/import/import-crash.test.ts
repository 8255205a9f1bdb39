import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg } from '../../../../test/app.ts';
import { createTestDatabase, TEST_BACKEND } from '../../../../test/db.ts';
import { demoIdNumber } from '../../../demo/demo-members.ts';
import { type Database, openDatabase } from '../../../platform/db.ts';
import { migrateToLatest } from '../../../platform/migrate.ts';
import { modules } from '../../index.ts';

/**
 * security.md item 24: a process killed in the middle of a 100,000-row import leaves no rows, and
 * a re-run gives exactly 100,000. The import runs in a real child process (the CLI), killed with
 * SIGKILL once it reports written batches.
 */
const ROWS = 100_000;
const root = path.resolve(import.meta.dirname, '../../../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-crash-'));
const file = path.join(tmp, 'members.csv');
let pgDatabase: Database | undefined;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  JICENG_DEMO: 'false',
  NODE_ENV: 'development',
  LOG_LEVEL: 'silent',
};

async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (pgDatabase) return fn(pgDatabase);
  const db = await openDatabase({ dataDir: tmp });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function runCli(
  onLine?: (line: string, child: ChildProcess) => void,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(
    process.execPath,
    ['--import', tsx, path.join(root, 'server/src/cli.ts'), 'import', 'members', file, '--org', 'CRASH'],
    { env, cwd: root },
  );
  let out = '';
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split(/[\r\n]/)) if (line) onLine?.(line, child);
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

const count = (db: Database, table: 'members' | 'memberImports') =>
  db.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));

beforeAll(async () => {
  const lines = ['姓名,身份证号,入党日期,转正日期,党员类别,党员状态'];
  for (let i = 0; i < ROWS; i++) {
    const birth = `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`;
    lines.push(`党员${i},${demoIdNumber(i, birth, i % 2 === 0)},2010-07-01,2011-07-01,在职党员,正式党员`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  if (TEST_BACKEND === 'postgres') {
    pgDatabase = await createTestDatabase();
    env.DATABASE_URL = pgDatabase.url;
  } else {
    env.JICENG_DATA_DIR = tmp;
    await withDb((db) => migrateToLatest(db.db, modules));
  }
  await withDb((db) => insertOrg(db.db, { code: 'CRASH', kind: 'branch', level: 'grid' }));
}, 120_000);

afterAll(async () => {
  await pgDatabase?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('crash-safe import', () => {
  it('a killed import leaves nothing; a re-run imports exactly 100,000', async () => {
    let killedAt = 0;
    const killed = await runCli((line, child) => {
      const m = line.match(/^写入 .* (\d+)\/(\d+)$/);
      if (m && Number(m[1]) > 0 && !killedAt) {
        killedAt = Number(m[1]);
        child.kill('SIGKILL');
      }
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(ROWS);
    await withDb(async (db) => {
      expect(await count(db, 'members')).toBe(0);
      expect(await count(db, 'memberImports')).toBe(0);
    });
    const done = await runCli();
    expect(done.code).toBe(0);
    await withDb(async (db) => {
      expect(await count(db, 'members')).toBe(ROWS);
      expect(await count(db, 'memberImports')).toBe(1);
    });
  }, 600_000);
});
