#!/usr/bin/env node
// Compiles the server once (server/src → server/dist), as the web app is built once: every
// TypeScript file (tests and test helpers left out) becomes one JavaScript file at the same place,
// so paths taken from import.meta.url (workers, migrations, the web build) stay the same; relative
// `.ts` specifiers become `.js`; other files (worker .mjs, data) are copied. `npm start`, the browser
// tests and the benchmark run the compiled code; unit tests and the command line the sources. ADR 0013.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_SRC = path.join(root, 'server/src');
export const SERVER_DIST = path.join(root, 'server/dist');
const STAMP = path.join(SERVER_DIST, '.built');

const isTest = (name) => /\.test\.ts$|\.bench\.ts$/.test(name);
/** './x.ts' → './x.js' in import/export/import()/new URL() specifiers (relative paths only). */
const rewrite = (code) =>
  code
    .replace(/(['"])(\.{1,2}\/[^'"\n]*?)\.ts\1/g, '$1$2.js$1')
    // tsx imports JSON as a module; Node 20 would want an (experimental) import attribute: require it.
    .replace(
      /^import (\w+) from (['"])(\.{1,2}\/[^'"\n]*?\.json)\2;/gm,
      "import { createRequire as __require$1 } from 'node:module';\nconst $1 = __require$1(import.meta.url)('$3');",
    );

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Newest modification time under server/src (for "is the build stale?"). */
function newestSource() {
  let latest = 0;
  for (const file of files(SERVER_SRC)) latest = Math.max(latest, fs.statSync(file).mtimeMs);
  return latest;
}

/** True when server/dist is missing or older than a source file. */
export function serverBuildStale() {
  return !fs.existsSync(STAMP) || fs.statSync(STAMP).mtimeMs < newestSource();
}

/**
 * Build server/dist unless it is current. Several processes may ask at once (the browser tests and
 * the benchmark start servers in parallel): one builds under a lock directory, the others wait and
 * then find it current. Returns what was built, or null.
 */
export async function ensureServerBuilt() {
  if (!serverBuildStale()) return null;
  const lock = path.join(root, 'server/.dist-lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a killed build is taken over after two minutes.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 120_000)
          fs.rmSync(lock, { recursive: true, force: true });
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return serverBuildStale() ? await buildServer() : null;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Compile into a fresh directory, then put it in place of server/dist. */
export async function buildServer() {
  const started = performance.now();
  const out = `${SERVER_DIST}.tmp-${process.pid}`;
  fs.rmSync(out, { recursive: true, force: true });
  const jobs = [];
  for (const file of files(SERVER_SRC)) {
    const rel = path.relative(SERVER_SRC, file);
    if (isTest(rel)) continue;
    const target = path.join(out, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      const text = file.endsWith('.mjs') ? rewrite(fs.readFileSync(file, 'utf8')) : null;
      if (text === null) fs.copyFileSync(file, target);
      else fs.writeFileSync(target, text);
      continue;
    }
    jobs.push(
      transform(fs.readFileSync(file, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        platform: 'node',
        target: 'node20',
        sourcefile: path.relative(root, file),
      }).then(({ code }) => fs.writeFileSync(target, rewrite(code))),
    );
  }
  await Promise.all(jobs);
  fs.writeFileSync(path.join(out, '.built'), new Date().toISOString());
  fs.rmSync(SERVER_DIST, { recursive: true, force: true });
  fs.renameSync(out, SERVER_DIST);
  return { files: jobs.length, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files: count, ms } = await buildServer();
  console.log(`服务端已编译：${count} 个文件，用时 ${ms} ms（server/dist）`);
}
