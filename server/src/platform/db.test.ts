import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, insertTwoDistricts, insertUser, TEST_SECRET, type TestApp } from '../../test/app.ts';
import { createTestDatabase, TEST_BACKEND, TEST_PG_URL } from '../../test/db.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { modules } from '../modules/index.ts';
import { recordAudit } from './audit.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { keyFingerprint } from './crypto.ts';
import { assertDurableServer, createKysely, openDatabase } from './db.ts';
import { migrateToLatest } from './migrate.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe(`migrations (${TEST_BACKEND})`, () => {
  it('run from zero on a brand-new database and are idempotent', async () => {
    const fresh =
      TEST_BACKEND === 'pglite'
        ? await openDatabase({})
        : await openDatabase({ databaseUrl: TEST_PG_URL, poolSize: 1 });
    try {
      if (TEST_BACKEND === 'postgres') {
        await sql`drop schema if exists mig_zero cascade`.execute(fresh.db);
        await sql`create schema mig_zero`.execute(fresh.db);
      }
      const db = TEST_BACKEND === 'postgres' ? fresh.db.withSchema('mig_zero') : fresh.db;
      const scoped = TEST_BACKEND === 'postgres' ? await scopedToSchema('mig_zero') : undefined;
      const target = scoped?.db ?? db;
      const applied = await migrateToLatest(target, modules);
      expect(applied.length).toBeGreaterThanOrEqual(3);
      expect(await migrateToLatest(target, modules)).toEqual([]);
      await scoped?.close();
    } finally {
      if (TEST_BACKEND === 'postgres') await sql`drop schema if exists mig_zero cascade`.execute(fresh.db);
      await fresh.close();
    }
  });
});

async function scopedToSchema(schema: string) {
  const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 1, options: `-c search_path=${schema}` });
  const db = createKysely(pool);
  return { db, close: () => db.destroy() };
}

describe('transactions', () => {
  it('roll back every write of a failed user action', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('orgs')
          .values({
            parentId: null,
            code: 'TX-1',
            name: '事务',
            shortName: null,
            kind: 'committee',
            level: 'district',
            unitType: null,
            establishedOn: null,
            closedOn: null,
            closedReason: null,
          })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(
      await t.db.selectFrom('orgs').select('id').where('code', '=', 'TX-1').executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('server connections', () => {
  it.runIf(TEST_BACKEND === 'postgres')(
    'survives the server ending an idle connection and reconnects on the next query',
    async () => {
      const database = await openDatabase({ databaseUrl: TEST_PG_URL, poolSize: 1 });
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.message);
      process.on('warning', onWarning);
      try {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
        const admin = new pg.Client({ connectionString: TEST_PG_URL });
        await admin.connect();
        await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
        await admin.end();
        await expect.poll(() => warnings.some((m) => m.includes('空闲连接已断开'))).toBe(true);
        const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
        expect(again.rows[0]?.one).toBe(1);
      } finally {
        process.off('warning', onWarning);
        await database.close();
      }
    },
  );
});

describe('durability guard', () => {
  it.runIf(TEST_BACKEND === 'postgres')(
    'refuses a PostgreSQL server with synchronous_commit off',
    async () => {
      const pool = new pg.Pool({
        connectionString: TEST_PG_URL,
        max: 1,
        options: '-c synchronous_commit=off',
      });
      const db = createKysely(pool);
      try {
        await expect(assertDurableServer({ db, backend: 'postgres', close: async () => {} })).rejects.toThrow(
          /synchronous_commit=off/,
        );
      } finally {
        await db.destroy();
      }
    },
  );

  it('accepts the server as configured', async () => {
    await expect(assertDurableServer(t.database)).resolves.toBeUndefined();
  });
});

describe('backup and restore', () => {
  it('round-trips every table, keeps the audit chain intact and continues sequences', async () => {
    const tree = await insertTwoDistricts(t.db);
    await insertUser(t.db, { username: 'bkuser', orgId: tree.s1.id, role: 'street_secretary' });
    const client = await t.login('bkuser');
    await client({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/children`,
      payload: { code: 'BK-1', name: '备份测试', kind: 'branch', level: 'grid' },
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bk-')), 'backup.jsonl.gz');
    const result = await backupDatabase(t.db, file, new Date(), keyFingerprint(TEST_SECRET));
    expect(result.rows).toBeGreaterThan(10);

    const target = await createTestDatabase();
    try {
      const restored = await restoreDatabase(target.db, file, { secret: TEST_SECRET, keyHint: '' });
      expect(restored.rows).toBe(result.rows);
      for (const table of ['orgs', 'users', 'role_grants', 'audit_log', 'org_events']) {
        const a = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db);
        const b = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(target.db);
        expect(Number(b.rows[0].n), table).toBe(Number(a.rows[0].n));
      }
      expect((await verifyAuditChain(target.db, { key: t.app.deps.auditKey })).ok).toBe(true);
      const org = await target.db
        .selectFrom('orgs')
        .select(['path'])
        .where('code', '=', 'BK-1')
        .executeTakeFirstOrThrow();
      expect(org.path).toMatch(/^\/\d+\/\d+\/\d+\/\d+\/$/);
      // New rows continue after the restored ids, and the chain continues too.
      const next = await target.db
        .insertInto('orgs')
        .values({
          parentId: null,
          code: 'AFTER',
          name: '恢复后',
          shortName: null,
          kind: 'committee',
          level: 'district',
          unitType: null,
          establishedOn: null,
          closedOn: null,
          closedReason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const max = await t.db
        .selectFrom('orgs')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow();
      expect(next.id).toBeGreaterThan(Number(max.m));
      await recordAudit(
        target.db,
        {
          at: new Date(),
          userId: null,
          username: null,
          ip: null,
          userAgent: null,
          requestId: null,
          chainKey: t.app.deps.auditKey,
        },
        { action: 'after.restore' },
      );
      expect((await verifyAuditChain(target.db, { key: t.app.deps.auditKey })).ok).toBe(true);
      await expect(restoreDatabase(target.db, file, { secret: TEST_SECRET, keyHint: '' })).rejects.toThrow(
        /不是空库/,
      );
    } finally {
      await target.close();
    }
  });
});
