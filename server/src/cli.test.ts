import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_BACKEND, TEST_PG_URL } from '../test/db.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function jiceng(args: string[], env: Record<string, string>): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/jiceng.mjs'), ...args], {
      env: { ...process.env, NODE_ENV: 'test', JICENG_DEMO: '0', ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

async function target(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-cli-'));
  const base = { JICENG_DATA_DIR: dir, JICENG_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') };
  if (TEST_BACKEND === 'pglite')
    return { env: base, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  const name = `jiceng_cli_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    env: { ...base, DATABASE_URL: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

describe(`jiceng CLI (${TEST_BACKEND})`, () => {
  it('migrates, backs up, restores into an empty database and verifies the audit chain', async () => {
    const source = await target();
    const restored = await target();
    try {
      const migrate = jiceng(['migrate'], source.env);
      expect(migrate.code, migrate.out).toBe(0);
      expect(migrate.out).toContain('已应用迁移');
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bk-')), 'b.jsonl.gz');
      const backup = jiceng(['backup', file], source.env);
      expect(backup.code, backup.out).toBe(0);
      const restore = jiceng(['restore', file], restored.env);
      expect(restore.code, restore.out).toBe(0);
      const verify = jiceng(['audit', 'verify'], restored.env);
      expect(verify.code, verify.out).toBe(0);
      expect(verify.out).toContain('审计日志完整');
      expect(jiceng(['nonsense'], source.env).code).toBe(2);
    } finally {
      await source.drop();
      await restored.drop();
    }
  }, 240_000);
});
