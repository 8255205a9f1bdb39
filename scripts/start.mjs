#!/usr/bin/env node
// `npm start`: build the web app and the server if missing or older than their sources, then run the
// compiled server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServerBuilt } from './build-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web/dist/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const webSrc = path.join(root, 'web/src');
if (fs.existsSync(webSrc)) {
  const stale = !fs.existsSync(dist) || fs.statSync(dist).mtimeMs < newest(webSrc);
  if (stale) {
    console.log('正在构建网页端（首次启动或源码已更新）…');
    // vite's package exports do not expose bin/vite.js: resolve it next to package.json.
    const vite = path.join(
      path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
      'bin/vite.js',
    );
    const result = spawnSync(
      process.execPath,
      [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
// The server runs compiled (server/dist, built once like the web app; ADR 0013).
const built = await ensureServerBuilt();
if (built) console.log(`已编译服务端（首次启动或源码已更新）：${built.files} 个文件，${built.ms} ms`);
const server = spawnSync(process.execPath, [path.join(root, 'server/dist/main.js')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(server.status ?? 0);
