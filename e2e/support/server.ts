/**
 * The real server for browser tests: builds the web app when it is missing or older than its
 * sources, compiles the server as `npm start` does, starts `server/dist/main.js` on a free port with a temporary data directory (demo mode
 * on, so 示范区 and the demo accounts exist) and waits for `/api/health`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServerBuilt } from '../../scripts/build-server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** Build web/dist unless it is newer than everything in web/src, web/index.html and the config. */
export function buildWebIfNeeded(): void {
  const index = path.join(ROOT, 'web/dist/index.html');
  const sources = Math.max(
    newest(path.join(ROOT, 'web/src')),
    fs.statSync(path.join(ROOT, 'web/index.html')).mtimeMs,
    fs.statSync(path.join(ROOT, 'web/vite.config.ts')).mtimeMs,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  // vite's package exports do not expose bin/vite.js: resolve it next to package.json.
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    // A production build, as `npm run build:web` makes it: under Vitest NODE_ENV is "test", and
    // Ant Design then gives every dialog the id "test-id", which breaks dialogs' accessible names.
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Server output so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  buildWebIfNeeded();
  await ensureServerBuilt();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-e2e-'));
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      JICENG_DATA_DIR: dataDir,
      JICENG_DEMO: 'true',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  // A loaded machine builds the demo district slowly: JICENG_E2E_START_TIMEOUT_MS raises the bound.
  const startMs = Number(process.env.JICENG_E2E_START_TIMEOUT_MS) || 300_000;
  const deadline = Date.now() + startMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { url, dataDir, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`server did not become healthy within ${startMs / 1000} s:\n${log}`);
}
