import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_BACKEND } from '../../test/db.ts';
import { openDatabase } from './db.ts';

/**
 * The embedded database runs with fsync=off (PGlite's setting). This proves what that still
 * guarantees (ADR 0004): a process killed with SIGKILL in the middle of a stream of commits loses
 * none of the transactions it reported as committed, tears none, and the data directory opens
 * cleanly afterwards. It cannot prove anything about power loss or an OS crash.
 */

const dbModule = fileURLToPath(new URL('./db.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const ITEMS_PER_BATCH = 20;

// The writer: one transaction per batch (a batch row plus its items), a CHECKPOINT now and then so
// the kill can also land during one, and the id printed only after the commit returned.
const writerSource = `
import { sql } from 'kysely';
import { openDatabase } from ${JSON.stringify(dbModule)};

const database = await openDatabase({ dataDir: process.argv[process.argv.length - 1] });
const db = database.db;
await sql\`create table if not exists probe_batch (id integer primary key, written_at timestamptz not null)\`.execute(db);
await sql\`create table if not exists probe_item (batch_id integer not null, n integer not null, payload text not null,
  primary key (batch_id, n))\`.execute(db);
const start = (await sql\`select coalesce(max(id), 0) as id from probe_batch\`.execute(db)).rows[0].id;
process.stdout.write('ready\\n');
for (let id = Number(start) + 1; ; id++) {
  await db.transaction().execute(async (trx) => {
    await sql\`insert into probe_batch (id, written_at) values (\${id}, now())\`.execute(trx);
    await sql\`insert into probe_item (batch_id, n, payload)
      select \${id}, n, repeat(md5(n::text), 8) from generate_series(1, ${ITEMS_PER_BATCH}) n\`.execute(trx);
  });
  process.stdout.write(id + '\\n');
  if (id % 97 === 0) await sql\`checkpoint\`.execute(db);
}
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Start the writer, SIGKILL it once it has reported `commits` more commits, return what it reported. */
async function writeThenKill(dataDir: string, commits: number): Promise<number[]> {
  // Evaluated as a module from the repository root, so 'kysely' resolves like the product's own.
  const args = ['--import', tsx, '--input-type=module', '--eval', writerSource, '--', dataDir];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const committed: number[] = [];
  let stderr = '';
  let buffer = '';
  let ready = false;
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? code));
  });
  await new Promise<void>((resolve, reject) => {
    child.on('exit', () => reject(new Error(`writer exited before it was killed: ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      // Only complete lines count: a partial number was never fully reported.
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') ready = true;
        else if (ready && line !== '') committed.push(Number(line));
      }
      if (committed.length >= commits && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  expect(await exited).toBe('SIGKILL');
  return committed;
}

// The property belongs to the embedded engine: the PostgreSQL pass of the suite would repeat it.
describe.skipIf(TEST_BACKEND === 'postgres')('embedded database durability (fsync=off) under SIGKILL', () => {
  it('keeps every reported commit, tears no transaction and reopens cleanly, twice in a row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-durability-'));
    dirs.push(dir);
    const dataDir = path.join(dir, 'data');

    const reported: number[] = [];
    // Second round: the writer restarts on the data directory that was killed, like `npm start` would.
    for (const commits of [200, 100]) {
      const round = await writeThenKill(dataDir, commits);
      expect(round.length).toBeGreaterThanOrEqual(commits);
      reported.push(...round);
    }

    const database = await openDatabase({ dataDir });
    try {
      const db = database.db;
      const batches = await sql<{ id: number }>`select id from probe_batch order by id`.execute(db);
      const present = new Set(batches.rows.map((r) => Number(r.id)));
      const missing = reported.filter((id) => !present.has(id));
      expect(missing).toEqual([]);
      // Ids are gap-free: nothing committed was lost between reported ones either.
      const ids = [...present].sort((a, b) => a - b);
      expect(ids[0]).toBe(1);
      expect(ids[ids.length - 1]).toBe(ids.length);
      // Atomicity: a batch is there with all its items, or not at all.
      const torn = await sql<{ batchId: number; n: number }>`
        select b.id as batch_id, count(i.n)::int as n
          from probe_batch b left join probe_item i on i.batch_id = b.id
         group by b.id having count(i.n) <> ${ITEMS_PER_BATCH}`.execute(db);
      expect(torn.rows).toEqual([]);
      const orphans = await sql<{ n: number }>`
        select count(*)::int as n from probe_item i
         where not exists (select 1 from probe_batch b where b.id = i.batch_id)`.execute(db);
      expect(orphans.rows[0].n).toBe(0);
      // Indexes agree with the heap after recovery, and the database takes writes again.
      const viaIndex = await sql<{ n: number }>`
        select count(*)::int as n from probe_batch where id between 1 and ${ids.length}`.execute(db);
      expect(viaIndex.rows[0].n).toBe(ids.length);
      await sql`insert into probe_batch (id, written_at) values (${ids.length + 1}, now())`.execute(db);
    } finally {
      await database.close();
    }
  }, 120_000);
});
