import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './database.ts';

// Counts come back as int8; ids and counts here stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// Calendar dates stay 'YYYY-MM-DD' strings: no time zone shifts.
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(1700, (v) => Number(v));

export type Backend = 'pglite' | 'postgres';
export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Either the database or an open transaction: query functions take this. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Db;
  backend: Backend;
  /** The embedded engine, when backend is 'pglite' (for COPY and data-dir dumps). */
  pglite?: PGlite;
  /** Server connection string, when backend is 'postgres'. */
  url?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… for a server; otherwise embedded. */
  databaseUrl?: string;
  /** Data directory for the embedded engine; omitted means in memory. */
  dataDir?: string;
  /** Start the embedded engine from a dumped data directory (tests use a migrated template). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /**
   * Where a pristine, freshly initialized embedded cluster is kept, so that a new data directory
   * starts as a copy of it instead of running initdb (3–10 s). Default: node_modules/.cache/jiceng;
   * `false` always runs initdb.
   */
  templateDir?: string | false;
}

const DEFAULT_TEMPLATE_DIR = path.resolve(import.meta.dirname, '../../../node_modules/.cache/jiceng');

function pgliteVersion(): string {
  const file = path.resolve(import.meta.dirname, '../../../node_modules/@electric-sql/pglite/package.json');
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Fill an empty embedded data directory from the template cluster (made once per PGlite version by
 * initdb into a temporary directory, shut down cleanly, then renamed into place). Any problem falls
 * back to initdb: the template is only ever a speed-up.
 */
export async function seedDataDirFromTemplate(dir: string, templateRoot: string): Promise<boolean> {
  if (fs.readdirSync(dir).length > 0) return false;
  try {
    const template = path.join(templateRoot, `pglite-${pgliteVersion()}`);
    if (!fs.existsSync(path.join(template, 'PG_VERSION'))) {
      fs.mkdirSync(templateRoot, { recursive: true });
      const tmp = `${template}.${process.pid}.tmp`;
      fs.rmSync(tmp, { recursive: true, force: true });
      const fresh = await PGlite.create(tmp);
      await fresh.close();
      try {
        fs.renameSync(tmp, template);
      } catch (error) {
        // Another process made it first: use theirs.
        fs.rmSync(tmp, { recursive: true, force: true });
        if (!fs.existsSync(path.join(template, 'PG_VERSION'))) throw error;
      }
    }
    fs.cpSync(template, dir, { recursive: true });
    return true;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return false;
  }
}

export function createKysely(pool: pg.Pool): Db {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const db = createKysely(pool);
    return { db, backend: 'postgres', url: options.databaseUrl, close: () => db.destroy() };
  }
  let dir: string | undefined;
  if (options.dataDir) {
    dir = path.join(options.dataDir, 'pgdata');
    fs.mkdirSync(dir, { recursive: true });
    const templateRoot = options.templateDir ?? DEFAULT_TEMPLATE_DIR;
    if (templateRoot !== false && !options.loadDataDir) await seedDataDirFromTemplate(dir, templateRoot);
  }
  const pglite = await PGlite.create(dir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  // One session only: a pool of one keeps each transaction on its own connection, in order.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = createKysely(pool);
  return {
    db,
    backend: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/**
 * PostgreSQL must not lose committed writes: refuse to run when the server trades durability
 * for speed (security.md item 25).
 */
export async function assertDurableServer(database: Database): Promise<void> {
  if (database.backend !== 'postgres') return;
  const problems: string[] = [];
  for (const name of ['fsync', 'full_page_writes', 'synchronous_commit']) {
    const { rows } = await sqlShow(database.db, name);
    if (rows === 'off') problems.push(`${name}=off`);
  }
  if (problems.length > 0) {
    throw new Error(
      `PostgreSQL 的持久化设置不安全（${problems.join(', ')}），已拒绝启动。请在 postgresql.conf 中开启后重试。`,
    );
  }
}

async function sqlShow(db: Db, name: string): Promise<{ rows: string }> {
  const { sql } = await import('kysely');
  const result = await sql<Record<string, string>>`select current_setting(${name}) as value`.execute(db);
  return { rows: result.rows[0]?.value ?? '' };
}
