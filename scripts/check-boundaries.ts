/**
 * The dependency rules of docs/ARCHITECTURE.md, checked on every import (run by `npm run lint`,
 * so CI fails on a violation). There is no list of exceptions.
 *
 * 1. A module imports another module only through that module's `index.ts`.
 * 2. The platform (`server/src/platform`, tests aside) imports no module and nothing that
 *    composes them (`modules/index.ts`, `app.ts`, `startup.ts`, `demo/`).
 * 3. The web imports no server file other than a shared contract (`*.contract.ts`).
 *
 * `npx tsx scripts/check-boundaries.ts [root]` prints one line per violation and exits with 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s*(?:type\s+)?(?:[\w*${},\s]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function* walk(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (SOURCE.test(entry.name)) yield full;
  }
}

/** The imports of a source text: specifier and line number (comments are skipped). */
export function importsOf(text: string): { specifier: string; line: number }[] {
  const out: { specifier: string; line: number }[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/.*$/gm, '');
  for (const m of code.matchAll(IMPORT)) {
    const specifier = m[1] ?? m[2];
    if (!specifier) continue;
    out.push({
      specifier,
      line: code.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0),
    });
  }
  return out;
}

/** The module a path (relative to the root, with `/`) belongs to, or null. */
function moduleOf(rel: string): { name: string; rest: string } | null {
  const m = /^server\/src\/modules\/([^/]+)\/(.+)$/.exec(rel);
  return m ? { name: m[1], rest: m[2] } : null;
}

const isTest = (rel: string) => /\.(test|spec)\.tsx?$/.test(rel);

/** The rule a resolved import from `from` to `to` (both relative to the root) breaks, or null. */
export function ruleBroken(from: string, to: string): string | null {
  const source = moduleOf(from);
  const target = moduleOf(to);
  if (target && (from.startsWith('server/src/modules/') || from.startsWith('server/src/platform/'))) {
    const sameModule = source && source.name === target.name;
    if (!sameModule && target.rest !== 'index.ts') {
      return `模块之间只能通过对方的 index.ts 引用（${target.name}）`;
    }
  }
  if (from.startsWith('server/src/platform/') && !isTest(from)) {
    if (
      to.startsWith('server/src/modules/') ||
      to.startsWith('server/src/demo/') ||
      to === 'server/src/app.ts' ||
      to === 'server/src/startup.ts'
    ) {
      return '平台不引用任何模块（模块由组合根 modules/index.ts 传入）';
    }
  }
  if (from.startsWith('web/') && to.startsWith('server/') && !to.endsWith('.contract.ts')) {
    return '前端只能引用服务端的共享契约（*.contract.ts）';
  }
  return null;
}

/** Every violation under `root` (the repository). */
export function checkBoundaries(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const top of ['server', 'web/src']) {
    for (const file of walk(path.join(root, top))) {
      const from = path.relative(root, file).split(path.sep).join('/');
      for (const { specifier, line } of importsOf(fs.readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const to = path
          .relative(root, path.resolve(path.dirname(file), specifier))
          .split(path.sep)
          .join('/');
        const rule = ruleBroken(from, to);
        if (rule) violations.push({ file: from, line, specifier, rule });
      }
    }
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkBoundaries(root);
  for (const v of violations) console.error(`${v.file}:${v.line}  ${v.specifier}  ${v.rule}`);
  if (violations.length > 0) {
    console.error(`模块边界检查未通过：${violations.length} 处（docs/ARCHITECTURE.md「依赖规则」）`);
    process.exit(1);
  }
  console.log('模块边界检查通过');
}
