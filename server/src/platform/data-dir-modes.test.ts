import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './db.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function modes(root: string): { file: string; mode: number; dir: boolean }[] {
  const out: { file: string; mode: number; dir: boolean }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      out.push({ file, mode: fs.statSync(file).mode & 0o777, dir: entry.isDirectory() });
      if (entry.isDirectory()) walk(file);
    }
  };
  out.push({ file: root, mode: fs.statSync(root).mode & 0o777, dir: true });
  walk(root);
  return out;
}

describe('embedded data directory permissions', () => {
  it('creates the directory 0700 and every file 0600, also those PGlite writes while running', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-modes-'));
    dirs.push(root);
    const dataDir = path.join(root, 'data');
    const database = await openDatabase({ dataDir });
    await sql`create table t (a int); insert into t select generate_series(1, 1000)`.execute(database.db);
    await database.close();
    const all = modes(dataDir);
    expect(all.length).toBeGreaterThan(100);
    const open = all.filter((e) => e.mode & 0o077).map((e) => `${e.file} ${e.mode.toString(8)}`);
    expect(open).toEqual([]);
    expect(all.filter((e) => e.dir).every((e) => e.mode === 0o700)).toBe(true);
  });

  it('tightens an existing directory that others could read, with a warning', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-modes-'));
    dirs.push(root);
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'x');
    fs.chmodSync(path.join(dataDir, 'secret.key'), 0o666);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const database = await openDatabase({ dataDir });
      await database.close();
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/数据目录.*权限过宽（755）/),
        'SecurityWarning',
      );
    } finally {
      warn.mockRestore();
    }
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});
