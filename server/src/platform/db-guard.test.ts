import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { createTestDatabase, TEST_BACKEND } from '../../test/db.ts';
import { modules } from '../modules/index.ts';
import { openDatabase } from './db.ts';
import { StartupError } from './db-guard.ts';
import { migrateToLatest } from './migrate.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const isRoot = process.getuid?.() === 0;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-guard-'));
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A tmpfs of `size` mounted at a new directory (root only); null where mounting is not allowed. */
function mountTmpfs(name: string, options: string): string | null {
  if (!isRoot) return null;
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (r.status !== 0) return null;
  mounts.push(dir);
  return dir;
}

/**
 * A directory this process cannot write: a read-only tmpfs as root (root ignores permission
 * bits), or mode 0555 for anyone else. Null when neither is possible here.
 */
function readOnlyDir(name: string): string | null {
  if (isRoot) return mountTmpfs(name, 'ro,size=1m');
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o555);
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('start-up on a data directory that takes no writes', () => {
  it('refuses a path below a file (ENOTDIR) with the Chinese cause, before the engine starts', async () => {
    const file = path.join(scratch, 'a-file');
    fs.writeFileSync(file, '');
    const error = await openDatabase({ dataDir: path.join(file, 'data') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe(
      `数据目录 ${path.join(file, 'data')} 不可写（ENOTDIR）：请检查权限或磁盘空间`,
    );
  });

  const ro = readOnlyDir('read-only');
  it.runIf(ro)('refuses a read-only directory (EROFS as root, EACCES otherwise)', async () => {
    const error = await openDatabase({ dataDir: ro! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^数据目录 .* 不可写（(EROFS|EACCES)）：请检查权限或磁盘空间$/);
  });

  it.runIf(ro)('npm start exits 1 with that message and no stack trace', () => {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const r = spawnSync(process.execPath, ['--import', tsx, path.join(ROOT, 'server/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', JICENG_DATA_DIR: ro!, DATABASE_URL: '', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Jiceng 启动失败：数据目录 .* 不可写（(EROFS|EACCES)）/);
    expect(r.stderr).not.toMatch(/PGlite failed|\n\s+at /);
  });
});

describe('liveness and readiness', () => {
  it('liveness answers at once while the database connections are busy', async () => {
    const t = await buildTestApp();
    let held: Promise<void>[] = [];
    try {
      await t.app.inject({ method: 'GET', url: '/api/health' }); // warm
      // Hold every connection (one on the embedded engine) in a transaction for 2 s: the old
      // health check queued its `select 1` behind them.
      const holders = TEST_BACKEND === 'pglite' ? 1 : 5;
      held = Array.from({ length: holders }, () =>
        t.db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          await sleep(2000);
        }),
      );
      await sleep(100);
      const start = performance.now();
      const res = await t.app.inject({ method: 'GET', url: '/api/health' });
      const ms = performance.now() - start;
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(ms).toBeLessThan(800);
      await Promise.all(held);
      const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok' });
    } finally {
      await Promise.allSettled(held);
      await t.close();
    }
  });

  it('health and readiness answer over HTTP while a backlog of queries and a held transaction occupy the database', async () => {
    const t = await buildTestApp();
    let release = () => {};
    let held: Promise<void> | undefined;
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as { port: number };
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/api/health/ready`)).status).toBe(200); // starts the write probe

      // 1. A backlog: 300 queries queued at once on the pool (one connection embedded). The old
      // embedded path ran the whole queue inside promise callbacks, so the event loop did not
      // turn and /api/health was read from its socket only after the last query.
      const total = 300;
      let done = 0;
      const backlog = Array.from({ length: total }, () =>
        sql`select count(*) from generate_series(1, 2000)`.execute(t.db).then(() => {
          done++;
        }),
      );
      const health = await fetch(`${url}/api/health`);
      const doneAtHealth = done;
      await Promise.all(backlog);
      expect(health.status).toBe(200);
      expect(doneAtHealth).toBeLessThan(total / 2);

      // 2. A transaction holding the (embedded: only) connection until both answers are in. The old
      // readiness queued its write behind it (and answered 503 after its 5 s bound).
      let released = false;
      const gate = new Promise<void>((resolve) => {
        release = () => {
          released = true;
          resolve();
        };
      });
      const safety = setTimeout(release, 15_000);
      held = t.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await gate;
      });
      await sleep(50);
      const live = await fetch(`${url}/api/health`);
      const ready = await fetch(`${url}/api/health/ready`);
      const answeredWhileHeld = !released;
      release();
      clearTimeout(safety);
      await held;
      expect(live.status).toBe(200);
      expect(ready.status, await ready.text()).toBe(200);
      expect(answeredWhileHeld).toBe(true);
    } finally {
      release();
      await held?.catch(() => undefined);
      await t.close();
    }
  });

  it('an I/O error from the embedded engine declares the database dead: health and readiness 503, no more queries', async () => {
    const t = await buildTestApp();
    const fatal: string[] = [];
    t.database.guard.start({ timeoutMs: 0, onFatal: (reason) => fatal.push(reason) });
    try {
      // The error the engine raises when the disk is full, through the real executor.
      const failing = sql`do $$ begin raise exception using errcode = '53100',
        message = 'could not extend file "base/5/16385": No space left on device'; end $$`.execute(t.db);
      await expect(failing).rejects.toThrow(/No space left on device/);
      if (TEST_BACKEND === 'postgres') {
        // A server's own failures do not stop the application.
        expect(fatal).toEqual([]);
        expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
        return;
      }
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatch(/^内置数据库写入失败：磁盘已满（ENOSPC）/);
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: 'unavailable', reason: fatal[0] });
      const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      await expect(sql`select 1`.execute(t.db)).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(fatal).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it.runIf(TEST_BACKEND === 'pglite')(
    'the watchdog thread notices a query that blocks the main thread longer than the timeout',
    async () => {
      const database = await createTestDatabase();
      const fatal: string[] = [];
      database.guard.start({ timeoutMs: 400, onFatal: (reason) => fatal.push(reason) });
      try {
        const start = Date.now();
        // pg_sleep runs inside the engine on this thread: no timer of this thread can fire.
        await sql`select pg_sleep(2)`.execute(database.db);
        const ended = Date.now();
        for (let i = 0; i < 50 && fatal.length === 0; i++) await sleep(20);
        expect(fatal).toHaveLength(1);
        expect(fatal[0]).toMatch(/^内置数据库已 [\d.]+ 秒没有完成查询/);
        expect(database.guard.stuckNoticedAt).toBeGreaterThan(start + 400);
        expect(database.guard.stuckNoticedAt).toBeLessThan(ended);
      } finally {
        await database.close();
      }
    },
  );

  it.runIf(TEST_BACKEND === 'postgres')(
    'PostgreSQL stops a query after the timeout and the application goes on',
    async () => {
      const t = await buildTestApp();
      t.database.guard.start({ timeoutMs: 300, onFatal: () => undefined });
      try {
        await expect(sql`select pg_sleep(3)`.execute(t.db)).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
        await expect(sql`select 1 as one`.execute(t.db)).resolves.toMatchObject({ rows: [{ one: 1 }] });
        expect(t.database.guard.dead).toBeNull();
      } finally {
        await t.close();
      }
    },
  );
});

describe('a real full disk under the embedded engine (root: tmpfs)', () => {
  const mnt = TEST_BACKEND === 'pglite' ? mountTmpfs('full', 'size=160m') : null;
  it.runIf(mnt)('readiness turns 503, and the next failed write declares the database dead', async () => {
    const database = await openDatabase({ dataDir: path.join(mnt!, 'data') });
    const t = await buildTestApp({ database });
    const fatal: string[] = [];
    database.guard.start({ timeoutMs: 0, onFatal: (reason) => fatal.push(reason) });
    try {
      await sql`create table filler (v text)`.execute(t.db);
      expect((await t.app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);
      // Fill the file system.
      const fd = fs.openSync(path.join(mnt!, 'filler'), 'w');
      const block = Buffer.alloc(1024 * 1024, 1);
      try {
        for (;;) fs.writeSync(fd, block);
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        fs.closeSync(fd);
      }
      const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().reason).toMatch(/不可写（ENOSPC）|磁盘空间不足/);
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      await expect(
        sql`insert into filler select repeat(md5(random()::text), 100) from generate_series(1, 2000)`.execute(
          t.db,
        ),
      ).rejects.toThrow(/No space left on device/);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatch(/磁盘已满（ENOSPC）/);
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(503);
    } finally {
      await t.app.close();
      await database.close().catch(() => undefined);
    }
  });
});

const tsx = createRequire(import.meta.url).resolve('tsx');

function run(args: string[], env: NodeJS.ProcessEnv, as?: { uid: number; gid: number }) {
  const child = spawn(process.execPath, ['--import', tsx, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  let output = '';
  child.stdout!.on('data', (c) => {
    output += c;
  });
  child.stderr!.on('data', (c) => {
    output += c;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

describe('the process ends for its supervisor to restart it', () => {
  it.runIf(TEST_BACKEND === 'pglite')(
    'a query blocking the main thread: the watchdog logs in Chinese and kills the process',
    async () => {
      const script = path.join(scratch, 'stuck.mts');
      fs.writeFileSync(
        script,
        `import { openDatabase } from ${JSON.stringify(path.join(ROOT, 'server/src/platform/db.ts'))};
         const database = await openDatabase({ dataDir: ${JSON.stringify(path.join(scratch, 'stuck-data'))} });
         database.guard.start({ timeoutMs: 300, graceMs: 300, hardKill: true, onFatal: () => {} });
         console.log('blocking');
         await database.db.selectNoFrom((eb) => eb.fn('pg_sleep', [eb.lit(60)]).as('x')).execute();
         console.log('not reached');`,
      );
      const start = Date.now();
      const p = run([script], {});
      const { signal } = await p.exited;
      expect(signal, p.output()).toBe('SIGKILL');
      expect(Date.now() - start).toBeLessThan(45_000); // the query alone would take 60 s
      expect(p.output()).toMatch(/blocking/);
      expect(p.output()).toMatch(/内置数据库已 [\d.]+ 秒没有完成查询.*进程以 SIGKILL 结束/);
      expect(p.output()).not.toMatch(/not reached/);
    },
    // Spawns a server: a clean checkout's first start runs initdb and every migration.
    240_000,
  );

  it.runIf(TEST_BACKEND === 'pglite')(
    'npm start whose data directory turns read-only: readiness 503, then the process ends with code 1',
    async () => {
      // Root ignores permission bits: the server then runs as `nobody`, whom they stop.
      const as = isRoot ? { uid: 65534, gid: 65534 } : undefined;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-ro-'));
      fs.chmodSync(dir, 0o755);
      if (as) fs.chownSync(dir, as.uid, as.gid);
      const data = path.join(dir, 'data');
      // A migrated data directory, made here and handed to the server's user: the first-start path
      // (template cache under node_modules, which that user cannot write) is not what this tests.
      const prepared = await openDatabase({ dataDir: data });
      await migrateToLatest(prepared.db, modules);
      await prepared.close();
      if (as) spawnSync('chown', ['-R', `${as.uid}:${as.gid}`, dir]);
      const port = 20_000 + ((process.pid + 7) % 20_000);
      const url = `http://127.0.0.1:${port}`;
      const p = run(
        [path.join(ROOT, 'server/src/main.ts')],
        {
          NODE_ENV: 'development',
          JICENG_DATA_DIR: data,
          JICENG_DEMO: '0',
          DATABASE_URL: '',
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'fatal',
          JICENG_DB_QUERY_TIMEOUT_SECONDS: '5',
        },
        as,
      );
      try {
        let up = false;
        for (let i = 0; i < 1200 && !up; i++) {
          up = await fetch(`${url}/api/health`).then(
            (r) => r.ok,
            () => false,
          );
          if (!up) await sleep(100);
        }
        expect(up, p.output()).toBe(true);
        expect((await fetch(`${url}/api/health/ready`)).status).toBe(200);
        expect(spawnSync('chmod', ['-R', 'a-w', data]).status).toBe(0);
        const ready = await fetch(`${url}/api/health/ready`);
        expect(ready.status).toBe(503);
        // The directory is named in the log, not in the public answer.
        expect(((await ready.json()) as { reason: string }).reason).toBe(
          '数据目录不可写（EACCES）：请检查权限或磁盘空间',
        );
        let ended = false;
        void p.exited.then(() => {
          ended = true;
        });
        const login = (i: number) =>
          fetch(`${url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: `nobody${i}`, password: 'wrong-password' }),
            signal: AbortSignal.timeout(10_000),
          }).catch(() => undefined);
        for (let i = 0; i < 3000 && !ended; i += 10) {
          await Promise.all(Array.from({ length: 10 }, (_, k) => login(i + k)));
        }
        const { code, signal } = await p.exited;
        // Code 1 when the failed write was seen; SIGKILL when the engine blocked the thread first.
        expect(code === 1 || signal === 'SIGKILL', p.output()).toBe(true);
        expect(p.output()).toMatch(/没有写权限（EACCES）|秒没有完成查询/);
      } finally {
        p.child.kill('SIGKILL');
        spawnSync('chmod', ['-R', 'u+w', dir]);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    // Spawns a server: a clean checkout's first start runs initdb and every migration.
    240_000,
  );

  const mnt = TEST_BACKEND === 'pglite' ? mountTmpfs('full-server', 'size=200m') : null;
  it.runIf(mnt)(
    'npm start on a disk that fills up: readiness 503, then a failed write ends the process with code 1',
    async () => {
      const port = 20_000 + (process.pid % 20_000);
      const url = `http://127.0.0.1:${port}`;
      const p = run([path.join(ROOT, 'server/src/main.ts')], {
        NODE_ENV: 'development',
        JICENG_DATA_DIR: path.join(mnt!, 'data'),
        JICENG_DEMO: '0',
        DATABASE_URL: '',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
      });
      try {
        let up = false;
        for (let i = 0; i < 600 && !up; i++) {
          up = await fetch(`${url}/api/health`).then(
            (r) => r.ok,
            () => false,
          );
          if (!up) await sleep(100);
        }
        expect(up, p.output()).toBe(true);
        expect((await fetch(`${url}/api/health/ready`)).status).toBe(200);
        const fd = fs.openSync(path.join(mnt!, 'filler'), 'w');
        try {
          for (;;) fs.writeSync(fd, Buffer.alloc(1024 * 1024, 1));
        } catch {
          // ENOSPC: full
        } finally {
          fs.closeSync(fd);
        }
        const ready = await fetch(`${url}/api/health/ready`);
        expect(ready.status).toBe(503);
        expect(((await ready.json()) as { reason: string }).reason).toMatch(/ENOSPC|磁盘空间不足/);
        // Failed logins write (audit rows) until the table needs a page the disk cannot give.
        let ended = false;
        void p.exited.then(() => {
          ended = true;
        });
        for (let i = 0; i < 2000 && !ended; i++) {
          await fetch(`${url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: `nobody${i}`, password: 'wrong-password' }),
          }).catch(() => undefined);
        }
        const { code } = await p.exited;
        expect(code, p.output()).toBe(1);
        expect(p.output()).toMatch(
          /数据库不可用，进程退出（退出码 1）：内置数据库写入失败：磁盘已满（ENOSPC）/,
        );
      } finally {
        p.child.kill('SIGKILL');
      }
    },
    // Spawns a server: a clean checkout's first start runs initdb and every migration.
    240_000,
  );
});
