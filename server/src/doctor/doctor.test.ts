import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertOrg, testCrypto } from '../../test/app.ts';
import { createPgDatabase, createTestDatabase, TEST_BACKEND } from '../../test/db.ts';
import { modules } from '../modules/index.ts';
import { insertMember } from '../modules/members/members.testkit.ts';
import { type Database, openDatabase } from '../platform/db.ts';
import { migrateToLatest } from '../platform/migrate.ts';
import { checkConsistency } from './doctor.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

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

/** A migrated database the command line can open (a data directory, or a database on the server). */
async function cliTarget(): Promise<{
  env: Record<string, string>;
  open: () => Promise<Database>;
  drop: () => Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-doctor-'));
  const base = { JICENG_DATA_DIR: dir, JICENG_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') };
  if (TEST_BACKEND === 'pglite') {
    const open = () => openDatabase({ dataDir: dir });
    const db = await open();
    await migrateToLatest(db.db, modules);
    await db.close();
    return { env: base, open, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const { url, drop } = await createPgDatabase('jiceng_doc');
  const open = () => openDatabase({ databaseUrl: url, poolSize: 2 });
  const db = await open();
  await migrateToLatest(db.db, modules);
  await db.close();
  return { env: { ...base, DATABASE_URL: url }, open, drop };
}

describe(`consistency check (${TEST_BACKEND})`, () => {
  it('finds a path that does not extend its parent, and rollups that disagree with a recount', async () => {
    const database = await createTestDatabase();
    const { db } = database;
    try {
      const d = await insertOrg(db, { code: 'DOC-D', level: 'district' });
      const s1 = await insertOrg(db, { code: 'DOC-S1', parentId: d.id, level: 'street' });
      const s2 = await insertOrg(db, { code: 'DOC-S2', parentId: d.id, level: 'street' });
      const b = await insertOrg(db, { code: 'DOC-B', parentId: s1.id, kind: 'branch', level: 'grid' });
      await insertMember(db, testCrypto, b.id, {});
      expect(await checkConsistency(db)).toMatchObject({ ok: true });

      // What the race left behind: the parent moved, the child kept the old path.
      await sql`update orgs set parent_id = ${s2.id} where id = ${b.id}`.execute(db);
      const report = await checkConsistency(db);
      expect(report.ok).toBe(false);
      const paths = report.checks.find((c) => c.name === 'org_paths')!;
      expect(paths).toMatchObject({ ok: false, problems: 1 });
      expect(paths.examples[0]).toContain('DOC-B');
      expect(paths.examples[0]).toContain(`${s2.path}${b.id}/`);
      expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['org_paths']);

      await sql`update orgs set parent_id = ${s1.id} where id = ${b.id}`.execute(db);
      await sql`update member_rollups set n = n + 1 where org_id = ${s1.id} and dim = 'all'`.execute(db);
      const rollups = await checkConsistency(db);
      expect(rollups.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['member_rollups']);
      expect(rollups.checks.find((c) => c.name === 'member_rollups')!.examples[0]).toContain(
        `组织 id ${s1.id}`,
      );
    } finally {
      await database.close();
    }
  });
});

describe(`jiceng doctor (${TEST_BACKEND})`, () => {
  it('exits 0 on a consistent database and 1 naming the organization whose path was corrupted', async () => {
    const target = await cliTarget();
    try {
      let database = await target.open();
      const d = await insertOrg(database.db, { code: 'DOC-D', level: 'district' });
      const s = await insertOrg(database.db, { code: 'DOC-S', parentId: d.id, level: 'street' });
      const c = await insertOrg(database.db, { code: 'DOC-C', parentId: s.id, level: 'community' });
      await database.close();

      const clean = jiceng(['doctor'], target.env);
      expect(clean.code, clean.out).toBe(0);
      expect(clean.out).toContain('全部检查通过');
      expect(clean.out).toContain('组织路径与上级组织路径一致');

      database = await target.open();
      await sql`update orgs set path = ${`${d.path}${c.id}/`}, depth = 1 where id = ${c.id}`.execute(
        database.db,
      );
      await database.close();
      const broken = jiceng(['doctor'], target.env);
      expect(broken.code, broken.out).toBe(1);
      expect(broken.out).toContain('✗ 组织路径与上级组织路径一致');
      expect(broken.out).toContain('DOC-C');
      expect(broken.out).toContain(`应为 ${s.path}${c.id}/`);
    } finally {
      await target.drop();
    }
  }, 240_000);
});
