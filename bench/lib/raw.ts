import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import pg from 'pg';
import { createPgDatabase as createPgDatabaseOn } from '../../server/test/db.ts';

export type BenchBackend = 'pglite' | 'postgres';

/** Server used by the benchmarks; each run creates (and drops) its own database on it. */
export const BENCH_PG_URL =
  process.env.JICENG_BENCH_PG_URL ??
  process.env.JICENG_TEST_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A bare SQL connection for benchmark set-up and for measurements that must not include the
 * application's query builder. On PGlite it is the engine itself (file-backed, like `npm start`).
 */
export interface RawDb {
  backend: BenchBackend;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  exec(text: string): Promise<void>;
  /** Data directory (PGlite) or connection string (PostgreSQL) of this scratch database. */
  location: string;
  pglite?: PGlite;
  close(): Promise<void>;
}

export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `jiceng-bench-${prefix}-`));
}

export const createPgDatabase = (prefix: string) =>
  createPgDatabaseOn(`jiceng_bench_${prefix}`, BENCH_PG_URL);

export async function openRaw(backend: BenchBackend, prefix: string): Promise<RawDb> {
  if (backend === 'pglite') {
    const dir = scratchDir(prefix);
    const db = await PGlite.create(path.join(dir, 'pgdata'), { extensions: { ltree } });
    return {
      backend,
      location: dir,
      pglite: db,
      async query<R>(text: string, params: unknown[] = []) {
        return (await db.query<R>(text, params)).rows;
      },
      async exec(text) {
        await db.exec(text);
      },
      async close() {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { url, drop } = await createPgDatabase(prefix);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    backend,
    location: url,
    async query<R>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as R[];
    },
    async exec(text) {
      await client.query(text);
    },
    async close() {
      await client.end();
      await drop();
    },
  };
}

/** True when the PostgreSQL server of the benchmarks answers. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: BENCH_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
