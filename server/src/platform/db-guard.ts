import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { Backend, Db } from './db.ts';
import { AppError } from './errors.ts';

/**
 * Guarding the database at run time (issue 10): the embedded engine (PGlite) runs inside this
 * process, and when its data directory stops taking writes (permissions changed, read-only
 * remount, disk full) it first fails writes, then can block the thread for ever. So:
 *
 * - at start, the data directory must take a real write (`assertWritableDir`), or the server says
 *   so in Chinese and exits;
 * - every query goes through `wrapPool`: a write failing with an I/O error on the embedded engine
 *   declares the database dead (logged once, in Chinese) and the process exits with code 1 so a
 *   supervisor restarts it; a query outstanding longer than the timeout is noticed by a watchdog
 *   thread (the main thread may be the one that is stuck) with the same outcome, by SIGKILL when
 *   the main thread does not answer; on PostgreSQL each connection gets a `statement_timeout`;
 * - readiness (`checkReady`) proves that the database can write now.
 */

/** A start-up failure whose message says everything: shown without a stack trace. */
export class StartupError extends Error {}

/** Free space below this in the embedded data directory counts as "cannot write". */
export const MIN_FREE_BYTES = 16 * 1024 * 1024;

const PROBE_BYTES = 4096;

function errnoOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

function notWritable(dir: string, code: string): string {
  return `数据目录 ${dir} 不可写（${code}）：请检查权限或磁盘空间`;
}

/**
 * Create the directory if needed, then create, fill, fsync and remove a probe file in it.
 * Throws a StartupError naming the directory and the cause (EACCES, EROFS, ENOSPC, …).
 */
export function assertWritableDir(dir: string): void {
  const probe = path.join(dir, `.jiceng-write-check-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(probe, 'w');
    try {
      fs.writeSync(fd, Buffer.alloc(PROBE_BYTES));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.unlinkSync(probe);
  } catch (error) {
    try {
      fs.rmSync(probe, { force: true });
    } catch {
      // nothing was created
    }
    throw new StartupError(notWritable(dir, errnoOf(error)));
  }
}

/** Like `assertWritableDir`, asynchronously and without creating the directory: the reason, or null. */
export async function probeWritable(dir: string): Promise<string | null> {
  const probe = path.join(dir, `.jiceng-ready-check-${process.pid}`);
  try {
    const file = await fs.promises.open(probe, 'w');
    try {
      await file.write(Buffer.alloc(PROBE_BYTES));
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.promises.unlink(probe);
  } catch (error) {
    await fs.promises.rm(probe, { force: true }).catch(() => undefined);
    return notWritable(dir, errnoOf(error));
  }
  try {
    const stats = await fs.promises.statfs(dir);
    const free = stats.bavail * stats.bsize;
    if (free < MIN_FREE_BYTES) {
      return `数据目录 ${dir} 所在磁盘空间不足（剩余 ${(free / 1024 / 1024).toFixed(1)} MB）：请清理磁盘`;
    }
  } catch {
    // statfs is unavailable on some file systems: the probe write above is the check then.
  }
  return null;
}

/**
 * The Chinese cause when an error from the embedded engine means its storage failed (the engine
 * is then in an unknown state and may block on its next query); null for ordinary SQL errors.
 */
export function ioFailure(error: unknown): string | null {
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const fileOp = /could not [a-z ]*(?:file|directory)/i.test(message);
  const osError = /No space left on device|Read-only file system|Permission denied|Input\/output error/.test(
    message,
  );
  const crashed = e.name === 'RuntimeError' || /PGlite is closed|Aborted\(/.test(message);
  if (!(code === '53100' || code === '58030' || fileOp || osError || crashed)) return null;
  const cause =
    /No space left|ENOSPC/.test(message) || code === '53100'
      ? '磁盘已满（ENOSPC）'
      : /Read-only file system|EROFS/.test(message)
        ? '文件系统只读（EROFS）'
        : /Permission denied|EACCES/.test(message)
          ? '没有写权限（EACCES）'
          : crashed
            ? '内置数据库引擎已崩溃'
            : '读写错误（EIO）';
  return `内置数据库写入失败：${cause}。原因：${message}`;
}

export interface GuardStart {
  /** A query outstanding longer than this is a stuck database; 0 turns the watchdog off. */
  timeoutMs: number;
  /** Called once when the database is declared dead (main.ts logs and exits with code 1). */
  onFatal: (reason: string) => void;
  /**
   * When the main thread does not act on a stuck query within `graceMs` (the engine blocks it),
   * the watchdog thread logs and ends the process with SIGKILL. Off in tests.
   */
  hardKill?: boolean;
  graceMs?: number;
}

/** A pg Submittable (a cursor): `query` returns it synchronously. */
function isSubmittable(value: unknown): boolean {
  return typeof (value as { submit?: unknown } | null)?.submit === 'function';
}

/** The pool interface Kysely's PostgresDialect uses. */
interface PoolClient {
  query(...args: unknown[]): unknown;
  release(destroy?: boolean | Error): void;
}
interface Pool {
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
}

// Plain JavaScript, no TypeScript loader in that thread. slots[0]: when the outstanding embedded
// query started (0: none); slots[1]: when the watchdog noticed it stuck (0: not yet).
const WATCHDOG = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const slots = new Float64Array(workerData.buffer);
const { timeoutMs, hardKill, graceMs } = workerData;
setInterval(() => {
  const since = slots[0];
  if (since === 0 || slots[1] !== 0 || Date.now() - since <= timeoutMs) return;
  slots[1] = Date.now();
  const seconds = ((Date.now() - since) / 1000).toFixed(1);
  const reason = '内置数据库已 ' + seconds + ' 秒没有完成查询（引擎卡死，数据目录可能不可写或磁盘已满）';
  parentPort.postMessage(reason);
  if (hardKill) {
    setTimeout(() => {
      fs.writeSync(2, new Date().toISOString() + ' ' + reason + '：主线程无响应，进程以 SIGKILL 结束，请由守护进程重启\\n');
      process.kill(process.pid, 'SIGKILL');
    }, graceMs);
  }
}, Math.max(20, Math.min(1000, Math.floor(timeoutMs / 4))));
`;

export class DatabaseGuard {
  /** The Chinese reason once the database is declared dead; null while it is usable. */
  dead: string | null = null;
  private readonly slots = new Float64Array(new SharedArrayBuffer(16));
  private worker: Worker | undefined;
  private onFatal: ((reason: string) => void) | undefined;
  private statementTimeoutMs = 0;
  private readonly applied = new WeakMap<object, number>();
  private probe: WriteProbe | undefined;
  private dirProbe: Promise<string | null> | undefined;

  constructor(
    readonly backend: Backend,
    readonly dataDir?: string,
  ) {}

  /** Start watching (main.ts, after start-up: migrations and the demo build run unwatched). */
  start(options: GuardStart): void {
    this.stopWatchdog();
    this.onFatal = options.onFatal;
    if (options.timeoutMs <= 0) return;
    if (this.backend === 'postgres') {
      this.statementTimeoutMs = options.timeoutMs;
      return;
    }
    this.slots[1] = 0;
    this.worker = new Worker(WATCHDOG, {
      eval: true,
      execArgv: [],
      workerData: {
        buffer: this.slots.buffer,
        timeoutMs: options.timeoutMs,
        hardKill: options.hardKill ?? false,
        graceMs: options.graceMs ?? 2000,
      },
    });
    this.worker.on('message', (reason: string) => this.declareDead(reason));
    this.worker.unref();
  }

  stop(): void {
    this.stopWatchdog();
    this.probe?.stop();
    this.probe = undefined;
  }

  private stopWatchdog(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.statementTimeoutMs = 0;
  }

  /** The process's one background write probe for readiness, started on first use. */
  writeProbe(db: Db, timeoutMs: number): WriteProbe {
    if (!this.probe) {
      this.probe = new WriteProbe(db, READINESS_INTERVAL_MS, timeoutMs);
      this.probe.start();
    }
    return this.probe;
  }

  /** The data directory's file probe (`probeWritable`), shared by concurrent readiness requests. */
  probeDataDir(): Promise<string | null> {
    if (!this.dataDir) return Promise.resolve(null);
    if (!this.dirProbe) {
      this.dirProbe = probeWritable(this.dataDir).finally(() => {
        this.dirProbe = undefined;
      });
    }
    return this.dirProbe;
  }

  /** When the watchdog noticed a stuck query (ms since the epoch), or 0. */
  get stuckNoticedAt(): number {
    return this.slots[1];
  }

  /** Once: remember the reason, stop new queries, tell the owner (who exits). */
  declareDead(reason: string): void {
    if (this.dead) return;
    this.dead = reason;
    this.onFatal?.(reason);
  }

  private unavailable(): AppError {
    return new AppError(503, 'DATABASE_UNAVAILABLE', `数据库不可用：${this.dead}`);
  }

  /** Every query of the pool passes here (see the file comment). */
  wrapPool(pool: Pool): Pool {
    return {
      end: () => pool.end(),
      connect: async () => {
        if (this.dead) throw this.unavailable();
        const client = await pool.connect();
        const wanted = this.statementTimeoutMs;
        if (this.backend === 'postgres' && (this.applied.get(client) ?? 0) !== wanted) {
          try {
            await client.query(`set statement_timeout = ${Math.floor(wanted)}`);
          } catch (error) {
            client.release(true);
            throw error;
          }
          this.applied.set(client, wanted);
        }
        return this.wrapClient(client);
      },
    };
  }

  private wrapClient(client: PoolClient): PoolClient {
    const embedded = this.backend === 'pglite';
    const run = (args: unknown[]) => {
      if (this.dead) return Promise.reject(this.unavailable());
      const result = client.query(...args);
      // Cursors (streaming) return the cursor itself, not a promise: passed through.
      if (!(result instanceof Promise)) return result;
      if (embedded) this.slots[0] = Date.now();
      return result.then(
        (value) => {
          if (embedded) this.slots[0] = 0;
          return value;
        },
        (error) => {
          if (embedded) {
            this.slots[0] = 0;
            const reason = ioFailure(error);
            if (reason) this.declareDead(reason);
          } else if (
            (error as { code?: string }).code === '57014' &&
            /statement timeout/.test(String((error as Error).message))
          ) {
            throw new AppError(503, 'QUERY_TIMEOUT', '数据库查询超时，请稍后重试');
          }
          throw error;
        },
      );
    };
    return {
      release: (destroy) => client.release(destroy),
      query(...args: unknown[]) {
        // The embedded engine answers inside promise callbacks without any I/O, and the pool hands
        // its one connection from one waiting request to the next the same way: under load the
        // whole queue ran without the event loop ever turning, so a health check (or any socket)
        // waited for the entire backlog. Each embedded query first lets the event loop turn once.
        // Cursors and callback-style calls keep their synchronous return.
        if (!embedded || isSubmittable(args[0]) || typeof args[args.length - 1] === 'function')
          return run(args);
        return new Promise<void>((resolve) => setImmediate(resolve)).then(() => run(args));
      },
    };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Readiness without queueing behind the database (issue 10). One probe per process (per guard)
 * commits a write transaction every `intervalMs` in the background and keeps the outcome and its
 * time; a readiness request reads that state at once. Only the very first request waits, for the
 * first probe, at most `timeoutMs`. A probe outstanding longer than `timeoutMs`, or no successful
 * probe for `intervalMs + timeoutMs`, is reported as a database that cannot write.
 */
export class WriteProbe {
  private lastOkAt = 0;
  private lastFailure: string | null = null;
  private settled = false;
  private inflight: Promise<void> | null = null;
  private inflightSince = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    readonly intervalMs: number,
    readonly timeoutMs: number,
  ) {}

  /** Probe now and then every `intervalMs`; the timer never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
    void this.probe();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One write transaction; never two at once. */
  probe(): Promise<void> {
    if (this.inflight) return this.inflight;
    this.inflightSince = Date.now();
    this.inflight = this.db
      .transaction()
      .execute((trx) => sql`select txid_current()`.execute(trx))
      .then(
        () => {
          this.lastOkAt = Date.now();
          this.lastFailure = null;
        },
        (error: unknown) => {
          this.lastFailure = `数据库无法写入：${error instanceof Error ? error.message : String(error)}`;
        },
      )
      .finally(() => {
        this.settled = true;
        this.inflight = null;
      });
    return this.inflight;
  }

  /** Null when the last probe committed recently enough, else the Chinese reason. */
  async state(): Promise<string | null> {
    if (!this.settled && this.inflight) await Promise.race([this.inflight, sleep(this.timeoutMs)]);
    const now = Date.now();
    const late = `数据库在 ${Math.round(this.timeoutMs / 1000)} 秒内没有完成一次写入`;
    if (this.inflight && now - this.inflightSince > this.timeoutMs) return late;
    if (this.lastFailure) return this.lastFailure;
    if (now - this.lastOkAt > this.intervalMs + this.timeoutMs) return late;
    return null;
  }
}

/** How often the background write probe commits (readiness). */
export const READINESS_INTERVAL_MS = 2000;

/**
 * Readiness: null when the database can write now, else the Chinese reason. The embedded data
 * directory must take a probe file and have room (checked per request: file system calls, never
 * the database queue); the background write probe (`WriteProbe`) must have committed recently.
 */
export async function checkReady(db: Db, guard: DatabaseGuard, timeoutMs: number): Promise<string | null> {
  if (guard.dead) return guard.dead;
  if (guard.dataDir) {
    const reason = await guard.probeDataDir();
    if (reason) return reason;
  }
  const reason = await guard.writeProbe(db, timeoutMs).state();
  return guard.dead ?? reason;
}
