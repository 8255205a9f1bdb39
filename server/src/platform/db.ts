import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './database.ts';
import { assertWritableDir, DatabaseGuard, StartupError } from './db-guard.ts';
import type { PoolStats } from './metrics.ts';
import { ReplicaSet, routedPool } from './replicas.ts';

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
  /** Watches every query: I/O failures, stuck queries, statement timeouts (db-guard.ts). */
  guard: DatabaseGuard;
  /** Read replicas (DATABASE_READ_URL), when configured on the postgres backend (replicas.ts). */
  replicas?: ReplicaSet;
  /** Connections of the primary pool now (for `/metrics`). */
  poolStats?: () => PoolStats;
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
  /** Read replicas of the server (postgres only): plain reads of GET requests may go there. */
  readUrls?: string[];
  /** A replica further behind than this is not read from (ms). */
  readMaxLagMs?: number;
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

const MODULES_DIR = path.resolve(import.meta.dirname, '../modules');

/**
 * Cache key of the migrated template: every migration file and the files they import (data such
 * as the work calendar), hashed. Read from disk, so it is known before the modules load.
 */
export function migrationsKey(modulesDir = MODULES_DIR): string {
  const hash = createHash('sha256');
  for (const mod of fs.readdirSync(modulesDir).sort()) {
    const dir = path.join(modulesDir, mod, 'migrations');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      // Sources (.ts) under tsx and tests, compiled (.js) under `npm start`: each has its own template.
      if (!/\.(ts|js)$/.test(file)) continue;
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      hash.update(`${mod}/${file}\n${text}\n`);
      for (const [, spec] of text.matchAll(/from '(\.\.\/[^']+)'/g)) {
        const imported = path.resolve(dir, spec!);
        if (fs.existsSync(imported)) hash.update(`${spec}\n`).update(fs.readFileSync(imported));
      }
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function migratedTemplatePath(templateRoot: string, key: string): string {
  return path.join(templateRoot, `pglite-${pgliteVersion()}-migrated-${key}`);
}

/**
 * What `stageDataDir` left in an embedded data directory: a copy of the migrated template, the
 * directory was already in use, or nothing (open it as usual; it may then become the template).
 */
export type Staged = 'migrated' | 'existing' | 'empty';

/**
 * Fill an empty embedded data directory with a copy of the migrated template (a cluster on which
 * every current migration already ran), asynchronously: `npm start` copies while the code loads.
 * Any problem leaves the directory empty, and the ordinary path (template cluster, migrations)
 * takes over.
 */
/** Whether an embedded data directory already holds a database (not a fresh start). */
export function hasEmbeddedData(dataDir: string): boolean {
  const dir = path.join(dataDir, 'pgdata');
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

export async function stageDataDir(
  dataDir: string,
  templateRoot: string | false = DEFAULT_TEMPLATE_DIR,
): Promise<Staged> {
  if (hasEmbeddedData(dataDir)) return 'existing';
  if (templateRoot === false) return 'empty';
  const dir = path.join(dataDir, 'pgdata');
  try {
    const template = migratedTemplatePath(templateRoot, migrationsKey());
    if (!fs.existsSync(path.join(template, 'PG_VERSION'))) return 'empty';
    fs.mkdirSync(dir, { recursive: true });
    await copyDirInThread(template, dir);
    const now = new Date();
    fs.utimesSync(template, now, now); // recently used: kept when older templates are pruned
    return 'migrated';
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return 'empty';
  }
}

/**
 * Copy a directory tree on another thread: fs.cpSync there runs in parallel with whatever the main
 * thread does (`fs.promises.cp` needs the main thread between every file and crawls while the
 * code loads). Plain JavaScript, no TypeScript loader in that thread.
 */
function copyDirInThread(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      `const { cpSync } = require('node:fs');
       const { workerData } = require('node:worker_threads');
       cpSync(workerData.from, workerData.to, { recursive: true });`,
      { eval: true, workerData: { from, to }, execArgv: [] },
    );
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`复制数据目录失败（${code}）`))));
  });
}

/**
 * Keep a copy of a freshly migrated embedded data directory (closed cleanly, nothing else written
 * yet) as the migrated template for the next empty data directory. Older migrated templates go.
 * Best effort: a failure only costs the next start its migrations.
 */
export async function saveMigratedTemplate(
  dataDir: string,
  templateRoot: string | false = DEFAULT_TEMPLATE_DIR,
): Promise<boolean> {
  if (templateRoot === false) return false;
  const template = migratedTemplatePath(templateRoot, migrationsKey());
  const tmp = `${template}.${process.pid}.tmp`;
  try {
    if (fs.existsSync(path.join(template, 'PG_VERSION'))) return true;
    fs.mkdirSync(templateRoot, { recursive: true });
    fs.rmSync(tmp, { recursive: true, force: true });
    await fs.promises.cp(path.join(dataDir, 'pgdata'), tmp, { recursive: true });
    try {
      fs.renameSync(tmp, template);
    } catch (error) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(path.join(template, 'PG_VERSION'))) throw error;
    }
    // Keep the three most recently used (checkouts on other branches may share the cache).
    const prefix = `pglite-${pgliteVersion()}-migrated-`;
    const others = fs
      .readdirSync(templateRoot)
      .filter((name) => name.startsWith(prefix) && !name.endsWith('.tmp'))
      .map((name) => path.join(templateRoot, name))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    for (const old of others.slice(3)) fs.rmSync(old, { recursive: true, force: true });
    return true;
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    return false;
  }
}

/**
 * The embedded data directory belongs to its owner alone (PGlite writes its files 0666): new files
 * get no group or other permissions (umask 077) and what is there becomes 0700 (directories) /
 * 0600 (files). A directory that was open to others is reported with a warning.
 */
export function protectDataDir(dataDir: string): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads cannot change the umask; the chmod below still applies.
  }
  const before = fs.existsSync(dataDir) ? fs.statSync(dataDir).mode & 0o777 : 0;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const fixed = restrictModes(dataDir);
  if (before & 0o077) {
    process.emitWarning(
      `数据目录 ${dataDir} 的权限过宽（${before.toString(8)}），已改为仅所有者可访问（目录 700、文件 600，共修正 ${fixed} 项）`,
      'SecurityWarning',
    );
  }
}

/** chmod go-rwx over a tree (directories 0700, files keep their owner bits); returns how many changed. */
function restrictModes(root: string): number {
  let fixed = 0;
  const visit = (file: string, isDir: boolean) => {
    const mode = fs.statSync(file).mode & 0o777;
    const wanted = isDir ? 0o700 : mode & 0o700;
    if (mode !== wanted) {
      try {
        fs.chmodSync(file, wanted);
        fixed++;
      } catch {
        // Not ours to change (another owner, a read-only mount): the open itself reports what matters.
      }
    }
    if (!isDir) return;
    for (const entry of fs.readdirSync(file, { withFileTypes: true })) {
      if (entry.isSymbolicLink()) continue;
      visit(path.join(file, entry.name), entry.isDirectory());
    }
  };
  visit(root, true);
  return fixed;
}

export function createKysely(pool: pg.Pool): Db {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const raw = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection that the server ends (restart, failover, a forced drop) is an 'error' on
    // the pool; without a listener it would be an uncaught exception that stops the process. The
    // pool has already discarded the connection and opens a new one on the next query.
    let closing = false;
    raw.on('error', (err) => {
      if (!closing) process.emitWarning(`PostgreSQL 空闲连接已断开：${err.message}`, 'DatabaseWarning');
    });
    const guard = new DatabaseGuard('postgres');
    const primary = guard.wrapPool(raw) as unknown as pg.Pool;
    const replicas = options.readUrls?.length
      ? new ReplicaSet(options.readUrls, { maxLagMs: options.readMaxLagMs ?? 2_000, pollMs: 500 })
      : undefined;
    replicas?.start();
    const db = createKysely(replicas ? routedPool(primary, replicas) : primary);
    const close = async () => {
      closing = true;
      guard.stop();
      await replicas?.end();
      await db.destroy();
    };
    const poolStats = () => ({
      total: raw.totalCount,
      idle: raw.idleCount,
      waiting: raw.waitingCount,
      max: options.poolSize ?? 10,
    });
    return { db, backend: 'postgres', url: options.databaseUrl, guard, replicas, poolStats, close };
  }
  let dir: string | undefined;
  if (options.dataDir) {
    // A directory that takes no writes would end in PGlite's own minified failure (or a hang):
    // say so first, naming the directory and the cause.
    assertWritableDir(options.dataDir);
    protectDataDir(options.dataDir);
    dir = path.join(options.dataDir, 'pgdata');
    assertWritableDir(dir);
    const templateRoot = options.templateDir ?? DEFAULT_TEMPLATE_DIR;
    if (templateRoot !== false && !options.loadDataDir) await seedDataDirFromTemplate(dir, templateRoot);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `内置数据库启动失败（数据目录 ${dir ?? '内存'}）：数据目录可能不可写、磁盘已满或数据已损坏。原因：${cause}`,
    );
  }
  const guard = new DatabaseGuard('pglite', dir);
  const dataDir = options.dataDir;
  if (dataDir) restrictModes(dataDir);
  // One session only: a pool of one keeps each transaction on its own connection, in order.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = createKysely(guard.wrapPool(pool) as unknown as pg.Pool);
  return {
    db,
    backend: 'pglite',
    pglite,
    guard,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: 1 }),
    close: async () => {
      guard.stop();
      await db.destroy();
      await pglite.close();
      if (dataDir) restrictModes(dataDir);
    },
  };
}

/**
 * PostgreSQL must not lose committed writes: refuse to run when the server trades durability
 * for speed (security.md item 25).
 */
export async function assertDurableServer(
  database: Pick<Database, 'db' | 'backend'> & Partial<Database>,
): Promise<void> {
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
