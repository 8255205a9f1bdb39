import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { modules } from '../src/modules/index.ts';
import { createKysely, type Database, openDatabase } from '../src/platform/db.ts';
import { ModuleMigrationProvider, migrateToLatest } from '../src/platform/migrate.ts';

/** Which backend the server suite runs on: JICENG_TEST_BACKEND=pglite (default) or postgres. */
export const TEST_BACKEND = (process.env.JICENG_TEST_BACKEND ?? 'pglite') as 'pglite' | 'postgres';
export const TEST_PG_URL = process.env.JICENG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function templateFile(): Promise<string> {
  // Keyed by each migration's name and code: a migration edited before it is merged (not frozen
  // yet) must not be served from a template built with its earlier text.
  const migrations = await new ModuleMigrationProvider(modules).getMigrations();
  const sources = Object.keys(migrations)
    .sort()
    .map((name) => `${name}\n${String(migrations[name]?.up)}\n${String(migrations[name]?.down)}`)
    .join('\n');
  const key = createHash('sha256').update(sources).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `jiceng-test-template-${key}.tar.gz`);
}

async function pgliteTemplate(): Promise<Blob> {
  const file = await templateFile();
  if (!fs.existsSync(file)) {
    const db = await PGlite.create();
    const pool = new pg.Pool({
      ...(await import('@electric-sql/pglite/node-postgres')).createPgConfig(db),
      max: 1,
    });
    const kysely = createKysely(pool);
    await migrateToLatest(kysely, modules);
    await kysely.destroy();
    const dump = await db.dumpDataDir('gzip');
    await db.close();
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  return new Blob([fs.readFileSync(file)]);
}

/** A new, empty database (`prefix` + random) on a PostgreSQL server (the test one), and how to drop it. */
export async function createPgDatabase(
  prefix: string,
  serverUrl = TEST_PG_URL,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * A fresh, migrated database for one test file: PGlite in memory (from a migrated template), or a
 * new database on the PostgreSQL server that is dropped on close. `backend` picks the other one
 * for cross-backend tests.
 */
export async function createTestDatabase(backend: 'pglite' | 'postgres' = TEST_BACKEND): Promise<Database> {
  if (backend === 'pglite') {
    return openDatabase({ loadDataDir: await pgliteTemplate() });
  }
  const created = await createPgDatabase('jiceng_t');
  const database = await openDatabase({ databaseUrl: created.url, poolSize: 5 });
  await migrateToLatest(database.db, modules);
  return {
    ...database,
    close: async () => {
      await database.close();
      await created.drop();
    },
  };
}
