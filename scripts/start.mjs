#!/usr/bin/env node
// `npm start`: build the web app if it is missing or older than its sources, then run the server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
const tsx = createRequire(import.meta.url).resolve('tsx');
const server = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(server.status ?? 0);
