import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_BACKEND } from '../../test/db.ts';
import { modules } from '../modules/index.ts';
import { openDatabase, saveMigratedTemplate, seedDataDirFromTemplate, stageDataDir } from './db.ts';
import { migrateToLatest } from './migrate.ts';

// A new embedded data directory starts as a copy of a cleanly shut-down template cluster instead
// of running initdb. PGlite only (one initdb for the whole file).
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-template-test-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.skipIf(TEST_BACKEND !== 'pglite')('embedded data directory from a template cluster', () => {
  it('makes the template once, then fills new data directories from it and leaves used ones alone', async () => {
    const templates = path.join(root, 'templates');
    const first = await openDatabase({ dataDir: path.join(root, 'a'), templateDir: templates });
    const made = fs.readdirSync(templates);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/^pglite-\d+\.\d+\.\d+$/);
    await sql`create table t (x int)`.execute(first.db);
    await sql`insert into t values (1), (2)`.execute(first.db);
    await first.close();

    // A second directory is a copy of the pristine template: nothing of the first one's data.
    const second = await openDatabase({ dataDir: path.join(root, 'b'), templateDir: templates });
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_tables where tablename = 't'`.execute(second.db);
    expect(rows[0]?.n).toBe(0);
    await second.close();

    // Reopening a used directory keeps its data (no copy over it).
    expect(await seedDataDirFromTemplate(path.join(root, 'a', 'pgdata'), templates)).toBe(false);
    const again = await openDatabase({ dataDir: path.join(root, 'a'), templateDir: templates });
    const kept = await sql<{ n: number }>`select count(*)::int as n from t`.execute(again.db);
    expect(kept.rows[0]?.n).toBe(2);
    await again.close();
  });

  it('falls back to initdb when the template cannot be made', async () => {
    const blocked = path.join(root, 'not-a-directory');
    fs.writeFileSync(blocked, 'x');
    const dir = path.join(root, 'c', 'pgdata');
    fs.mkdirSync(dir, { recursive: true });
    expect(await seedDataDirFromTemplate(dir, path.join(blocked, 'templates'))).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('keeps a migrated cluster and starts the next empty data directory from a copy of it', async () => {
    const templates = path.join(root, 'migrated-templates');
    const dataDir = path.join(root, 'd');
    expect(await stageDataDir(dataDir, templates)).toBe('empty');
    const first = await openDatabase({ dataDir, templateDir: templates });
    const applied = await migrateToLatest(first.db, modules);
    expect(applied.length).toBeGreaterThan(5);
    await first.close();
    expect(await saveMigratedTemplate(dataDir, templates)).toBe(true);
    expect(fs.readdirSync(templates).filter((n) => n.includes('-migrated-'))).toHaveLength(1);
    // The used directory is left alone; a new one gets the migrated copy: nothing left to run.
    expect(await stageDataDir(dataDir, templates)).toBe('existing');
    const next = path.join(root, 'e');
    expect(await stageDataDir(next, templates)).toBe('migrated');
    const second = await openDatabase({ dataDir: next, templateDir: templates });
    expect(await migrateToLatest(second.db, modules)).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from orgs`.execute(second.db);
    expect(rows[0]?.n).toBe(0);
    await second.close();
    // Switched off: nothing is staged or kept.
    expect(await stageDataDir(path.join(root, 'f'), false)).toBe('empty');
    expect(await saveMigratedTemplate(next, false)).toBe(false);
  });
});
