import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoundaries, importsOf } from './check-boundaries.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = path.join(ROOT, 'scripts/check-boundaries.ts');
let dirs: string[] = [];

/** A throw-away repository holding `files` (path → text). */
function fixture(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-boundaries-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

function run(root: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, root], { cwd: ROOT, encoding: 'utf8' });
}

afterEach(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

const B = {
  'server/src/modules/b/index.ts': "export { findB } from './b.queries.ts';\n",
  'server/src/modules/b/b.queries.ts': 'export const findB = () => 1;\n',
  'server/src/modules/b/b.contract.ts': 'export const bSchema = 1;\n',
  'server/src/modules/b/b.tables.ts': 'export interface BTables {}\n',
};

describe('module boundaries (npm run lint)', () => {
  it('fails a deep import into another module, naming the file and line', () => {
    const root = fixture({
      ...B,
      'server/src/modules/a/a.service.ts':
        "import { x } from './a.queries.ts';\nimport { findB } from '../b/b.queries.ts';\n",
      'server/src/modules/a/a.queries.ts': 'export const x = 1;\n',
    });
    const result = run(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('server/src/modules/a/a.service.ts:2  ../b/b.queries.ts');
    expect(result.stderr).toContain('模块之间只能通过对方的 index.ts 引用（b）');
  });

  it('fails a deep import from a sub-folder, a type-only import and a dynamic import', () => {
    const root = fixture({
      ...B,
      'server/src/modules/a/import/x.ts': "import type { BTables } from '../../b/b.tables.ts';\n",
      'server/src/modules/a/y.ts': "export const load = () => import('../b/b.contract.ts');\n",
    });
    expect(checkBoundaries(root).map((v) => v.file)).toEqual([
      'server/src/modules/a/import/x.ts',
      'server/src/modules/a/y.ts',
    ]);
  });

  it('passes imports through index.ts and inside the module itself', () => {
    const root = fixture({
      ...B,
      'server/src/modules/a/a.service.ts':
        "import { findB } from '../b/index.ts';\nimport { y } from './sub/y.ts';\n",
      'server/src/modules/a/sub/y.ts': "export { x as y } from '../a.queries.ts';\n",
      'server/src/modules/a/a.queries.ts': 'export const x = 1;\n',
    });
    expect(run(root).status).toBe(0);
  });

  it('fails the platform importing a module, even through its index.ts', () => {
    const root = fixture({
      ...B,
      'server/src/platform/database.ts': "import type { BTables } from '../modules/b/index.ts';\n",
      'server/src/platform/migrate.ts': "import { modules } from '../modules/index.ts';\n",
    });
    expect(checkBoundaries(root).map((v) => `${v.file}:${v.line}`)).toEqual([
      'server/src/platform/database.ts:1',
      'server/src/platform/migrate.ts:1',
    ]);
  });

  it('fails the web importing a server file other than a contract', () => {
    const root = fixture({
      ...B,
      'web/src/modules/b/api.ts':
        "import type { bSchema } from '../../../../server/src/modules/b/b.contract.ts';\n" +
        "import type { BTables } from '../../../../server/src/modules/b/b.tables.ts';\n",
    });
    const violations = checkBoundaries(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ file: 'web/src/modules/b/api.ts', line: 2 });
    expect(violations[0].rule).toContain('*.contract.ts');
  });

  it('reads imports, not comments', () => {
    expect(
      importsOf("// import '../b/b.queries.ts'\n/* from '../c.ts' */\nimport a from './a.ts';\n"),
    ).toEqual([{ specifier: './a.ts', line: 3 }]);
  });

  it('the repository itself keeps every rule', () => {
    expect(checkBoundaries(ROOT)).toEqual([]);
  });
});
