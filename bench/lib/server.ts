import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServerBuilt } from '../../scripts/build-server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerHandle {
  url: string;
  pid: number;
  /** ms from spawn until /api/health answered 200. */
  readyMs: number;
  /** The server's own start-up steps (ms each, from its `启动耗时` line), in order. */
  steps(): { step: string; ms: number }[];
  /** Peak resident set size so far (VmHWM), MiB; null where /proc is unavailable. */
  peakRssMiB(): number | null;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Start the server exactly as `npm start` runs it after the builds (node + the compiled
 * server/dist/main.js), in its own process, with the bench comparison routes on.
 */
export async function startServer(options: {
  dataDir: string;
  databaseUrl?: string;
  timeoutMs?: number;
}): Promise<ServerHandle> {
  await ensureServerBuilt();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    JICENG_DATA_DIR: options.dataDir,
    JICENG_DEMO: '1',
    JICENG_BENCH_ROUTES: '1',
    // One session drives the load: limits high enough never to answer 429 (still counted).
    JICENG_RATE_LIMIT_SESSION: '1000000000',
    JICENG_RATE_LIMIT_IP: '1000000000',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl ?? '',
  };
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let timingLine = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (c: string) => {
    const line = c.split('\n').find((l) => l.includes('启动耗时:'));
    if (line) timingLine = line;
  });
  let stderr = '';
  child.stderr!.on('data', (c) => {
    stderr = (stderr + c).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    if (exited) throw new Error(`server exited during start-up: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /api/health in time: ${stderr}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid!;
  let peak: number | null = null;
  const readPeak = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
      if (Number.isFinite(kb)) peak = kb / 1024;
    } catch {
      // process gone or no /proc
    }
    return peak;
  };
  return {
    url,
    pid,
    readyMs,
    peakRssMiB: readPeak,
    steps: () => parseStartupSteps(timingLine),
    async stop() {
      readPeak();
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exit;
        clearTimeout(timer);
      }
    },
  };
}

/** `  启动耗时: migrations 812 ms · demo: members 4210 ms · …` → steps (main.ts `timingsLine`). */
export function parseStartupSteps(line: string): { step: string; ms: number }[] {
  const body = line.split('启动耗时:')[1];
  if (!body) return [];
  return body
    .split(' · ')
    .map((part) => /^\s*(.+?) (\d+) ms\s*$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ step: m[1]!, ms: Number(m[2]) }));
}

/** Log in as a demo account; returns the cookie header for later requests. */
export async function login(url: string, username: string, password = 'Demo#2026'): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('jiceng_sid='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return cookie.split(';')[0];
}

/** One GET; throws unless 200. Returns wall time in ms. */
export async function timedGet(url: string, cookie?: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  await res.arrayBuffer();
  const ms = performance.now() - start;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  return ms;
}
