import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPgDatabase, TEST_BACKEND } from '../test/db.ts';
import { keyFingerprint } from './platform/crypto.ts';

const fingerprint = (base64: string) => keyFingerprint(Buffer.from(base64, 'base64'));

import { deriveAuditChainKey, recordAudit } from './platform/audit.ts';
import { openDatabase } from './platform/db.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function jiceng(args: string[], env: Record<string, string>): { code: number; out: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/jiceng.mjs'), ...args], {
    env: { ...process.env, NODE_ENV: 'test', JICENG_DEMO: '0', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status ?? 1, out: `${result.stdout}${result.stderr}` };
}

const KEY = Buffer.alloc(32, 3).toString('base64');

/** A target database and data directory; `key` '' = no JICENG_SECRET_KEY. */
async function target(
  key = KEY,
): Promise<{ env: Record<string, string>; dir: string; url?: string; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-cli-'));
  const base: Record<string, string> = { JICENG_DATA_DIR: dir, JICENG_SECRET_KEY: key };
  if (TEST_BACKEND === 'pglite')
    return { env: base, dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  const { url, drop } = await createPgDatabase('jiceng_cli');
  return {
    env: { ...base, DATABASE_URL: url },
    dir,
    url,
    drop: async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await drop();
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
  }, 600_000);

  it('audit verify exits 1 in Chinese on an edit with triggers disabled and on a removed tail', async () => {
    const source = await target();
    try {
      expect(jiceng(['migrate'], source.env).code).toBe(0);
      const open = () =>
        openDatabase({ databaseUrl: source.env.DATABASE_URL, dataDir: source.env.JICENG_DATA_DIR });
      const behindTheApp = async (statement: ReturnType<typeof sql>) => {
        const database = await open();
        try {
          await database.db.transaction().execute(async (trx) => {
            await sql`set local session_replication_role = replica`.execute(trx);
            await statement.execute(trx);
          });
        } finally {
          await database.close();
        }
      };
      const database = await open();
      const chainKey = deriveAuditChainKey(Buffer.from(source.env.JICENG_SECRET_KEY!, 'base64'));
      for (let i = 0; i < 60; i++) {
        await recordAudit(
          database.db,
          {
            at: new Date(),
            userId: null,
            username: `u${i}`,
            ip: null,
            userAgent: null,
            requestId: null,
            chainKey,
          },
          { action: 'cli.probe' },
        );
      }
      await database.close();
      const ok = jiceng(['audit', 'verify'], source.env);
      expect(ok.code, ok.out).toBe(0);
      expect(fs.existsSync(path.join(source.env.JICENG_DATA_DIR!, 'audit-anchors.log'))).toBe(true);

      await behindTheApp(sql`update audit_log set username = 'mallory' where username = 'u10'`);
      const edited = jiceng(['audit', 'verify'], source.env);
      expect(edited.code, edited.out).toBe(1);
      expect(edited.out).toContain('审计日志校验失败');
      expect(edited.out).toContain('被篡改');

      await behindTheApp(sql`update audit_log set username = 'u10' where username = 'mallory'`);
      expect(jiceng(['audit', 'verify'], source.env).code).toBe(0);
      await behindTheApp(
        sql`delete from audit_log where id in (select id from audit_log order by id desc limit 50)`,
      );
      const truncated = jiceng(['audit', 'verify'], source.env);
      expect(truncated.code, truncated.out).toBe(1);
      expect(truncated.out).toContain('日志末尾的记录被删除');
    } finally {
      await source.drop();
    }
  }, 240_000);
});

describe(`jiceng restore and the key (${TEST_BACKEND})`, () => {
  it('refuses another key or no key before writing anything, and exports the key with a warning', async () => {
    const source = await target();
    const restored = await target();
    const otherKey = Buffer.alloc(32, 4).toString('base64');
    const wrong = await target(otherKey);
    const keyless = await target('');
    try {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bk-')), 'b.jsonl.gz');
      expect(jiceng(['migrate'], source.env).code).toBe(0);
      const backup = jiceng(['backup', file], source.env);
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toContain(`密钥指纹: ${fingerprint(KEY)}`);

      for (const t of [wrong, keyless]) {
        const refused = jiceng(['restore', file], t.env);
        expect(refused.code, refused.out).toBe(1);
        expect(refused.out).toContain(`备份中的个人信息是用指纹为 ${fingerprint(KEY)} 的密钥加密的`);
        expect(refused.out).toContain('已拒绝恢复，未写入任何数据');
        expect(refused.out).toContain(
          t === wrong ? `当前密钥指纹为 ${fingerprint(otherKey)}` : '当前没有密钥',
        );
        expect(refused.out).toContain(
          t === wrong ? '请把环境变量 JICENG_SECRET_KEY 设为' : path.join(t.dir, 'secret.key'),
        );
        // Nothing written: no data directory contents, no tables on the server.
        expect(fs.readdirSync(t.dir)).toEqual([]);
        if (t.url) {
          const c = new pg.Client({ connectionString: t.url });
          await c.connect();
          const { rows } = await c.query(
            `select count(*)::int as n from pg_tables where schemaname = 'public'`,
          );
          await c.end();
          expect(rows[0].n).toBe(0);
        }
      }

      expect(jiceng(['restore', file], restored.env).code).toBe(0);
      // Start-up (here the backup command's) refuses to run the restored data with another key.
      const mismatched = jiceng(['backup', `${file}.2`], { ...restored.env, JICENG_SECRET_KEY: otherKey });
      expect(mismatched.code, mismatched.out).toBe(1);
      expect(mismatched.out).toContain(
        `数据库中的个人信息是用指纹为 ${fingerprint(KEY)} 的密钥加密的，当前密钥指纹为 ${fingerprint(otherKey)}`,
      );

      const printed = jiceng(['key', 'fingerprint', file], restored.env);
      expect(printed.code, printed.out).toBe(0);
      expect(printed.out).toContain(`当前密钥指纹: ${fingerprint(KEY)}`);
      expect(printed.out).toContain('一致');
      expect(jiceng(['key', 'fingerprint', file], wrong.env).code).toBe(1);
      const keyFile = path.join(keyless.dir, 'exported.key');
      const exported = jiceng(['key', 'export', keyFile], restored.env);
      expect(exported.code, exported.out).toBe(0);
      expect(exported.out).toContain('与备份文件分开保管');
      expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(KEY);
      expect(fs.statSync(keyFile).mode & 0o077).toBe(0);
      const again = jiceng(['key', 'export', keyFile], restored.env);
      expect(again.code).toBe(1);
      expect(again.out).toContain('已存在，不会覆盖');
      expect(jiceng(['key', 'export'], keyless.env).code).toBe(1);
    } finally {
      for (const t of [source, restored, wrong, keyless]) await t.drop();
    }
  }, 600_000);
});
