import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SECRET, type TestApp, testCrypto } from '../../test/app.ts';
import { createTestDatabase, TEST_BACKEND } from '../../test/db.ts';
import { DEMO_PASSWORD } from '../demo/demo-district.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { seedDemoDistrict } from '../startup.ts';
import { backupDatabase, readBackupHeader, restoreDatabase } from './backup.ts';
import { keyFingerprint } from './crypto.ts';
import type { Database, Db } from './db.ts';
import { assertKeyMatchesDatabase, KeyMismatchError, recordKeyFingerprint } from './keys.ts';

/**
 * Backup and restore of the full demo district (every module's seed, members included) on this
 * backend, and on PostgreSQL also into the embedded engine: every table must come back identical
 * (generated columns and trigger-maintained rollups included) and the API must answer the same.
 */
const NOW = new Date('2026-11-21T01:00:00Z');
const OTHER_KEY = Buffer.alloc(32, 9);
const HINT = '把密钥写入 /data/secret.key';

let source: Database;
let file: string;
let dir: string;
const restored: Database[] = [];
/** The source's tables as backed up (the API calls below add sessions and audit rows). */
let backedUp: Map<string, string[]>;

beforeAll(async () => {
  // The demo district with a small register (the tree, accounts and every module's seed are full).
  const members = process.env.JICENG_DEMO_MEMBERS;
  process.env.JICENG_DEMO_MEMBERS = '1500';
  try {
    source = await createTestDatabase();
    await seedDemoDistrict(source, testCrypto, NOW);
  } finally {
    if (members === undefined) delete process.env.JICENG_DEMO_MEMBERS;
    else process.env.JICENG_DEMO_MEMBERS = members;
  }
  await recordKeyFingerprint(source.db, TEST_SECRET, NOW);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-backup-'));
  file = path.join(dir, 'demo.jsonl.gz');
  await backupDatabase(source.db, file, NOW, keyFingerprint(TEST_SECRET));
}, 600_000);

afterAll(async () => {
  for (const db of restored) await db.close();
  await source?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every table's rows as JSON text (UTC times), ordered by primary key (by the text without one). */
async function dumpTables(db: Db): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  await db.transaction().execute(async (trx) => {
    await sql`set local timezone = 'UTC'`.execute(trx);
    const { rows: tables } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_migration%'
       order by table_name`.execute(trx);
    for (const { name } of tables) {
      const { rows: pk } = await sql<{ col: string }>`
        select a.attname as col
          from pg_constraint c cross join unnest(c.conkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
         where c.conrelid = ${name}::regclass and c.contype = 'p'
         order by k.ord`.execute(trx);
      const order = pk.length > 0 ? sql.join(pk.map((p) => sql.ref(`t.${p.col}`))) : sql`1`;
      const { rows } = await sql<{ j: string }>`
        select to_jsonb(t)::text as j from ${sql.table(name)} t order by ${order}`.execute(trx);
      const texts = rows.map((r) => r.j);
      if (pk.length === 0) texts.sort();
      out.set(name, texts);
    }
  });
  return out;
}

function expectSameTables(actual: Map<string, string[]>, expected: Map<string, string[]>) {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [table, rows] of expected) {
    const got = actual.get(table) ?? [];
    expect(got.length, `${table} rows`).toBe(rows.length);
    const at = rows.findIndex((row, i) => got[i] !== row);
    expect(at === -1 ? undefined : { table, row: got[at] }, table).toEqual(
      at === -1 ? undefined : { table, row: rows[at] },
    );
  }
}

/**
 * The cockpit lists each dimension's buckets in the order the rollup rows are read (no ORDER BY):
 * the physical order, which a restore does not keep. Compared by key.
 */
function bucketsSorted(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(bucketsSorted);
    const keyed = items.every((v) => typeof v === 'object' && v !== null && 'key' in v);
    return keyed
      ? items.sort((a, b) =>
          String((a as { key: unknown }).key).localeCompare(String((b as { key: unknown }).key)),
        )
      : items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bucketsSorted(v)]));
  }
  return value;
}

/** A sample of API answers through the real app: org tree, cockpit, member list, detail and a reveal. */
async function apiAnswers(database: Database): Promise<unknown[]> {
  const t: TestApp = await buildTestApp({ database, config: { demo: true } });
  t.clock.set(NOW);
  try {
    const district = await t.login('district', DEMO_PASSWORD);
    const community = await t.login('community', DEMO_PASSWORD);
    const answers: unknown[] = [];
    const get = async (client: typeof district, url: string) => {
      const res = await client({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      answers.push({ url, body: url.includes('/cockpit') ? bucketsSorted(res.json()) : res.json() });
      return res.json();
    };
    const { rows: homes } = await sql<{ username: string; orgId: number }>`
      select username, home_org_id as org_id from users where username in ('district', 'community')
       order by username`.execute(database.db);
    const [communityOrg, districtOrg] = homes.map((h) => h.orgId);
    await get(district, '/api/v1/orgs');
    await get(district, `/api/v1/cockpit?orgId=${districtOrg}`);
    await get(community, `/api/v1/cockpit?orgId=${communityOrg}`);
    const list = await get(community, `/api/v1/members?orgId=${communityOrg}&limit=20`);
    const id = list.data[0].id;
    await get(community, `/api/v1/members/${id}`);
    expect(list.data.length).toBeGreaterThan(0);
    const all = await get(district, `/api/v1/members?orgId=${districtOrg}&limit=20&offset=40`);
    await get(district, `/api/v1/members/${all.data.at(-1).id}`);
    const reveal = await community({
      method: 'POST',
      url: `/api/v1/members/${id}/reveal`,
      payload: { reason: '核对身份信息', fields: ['idNumber', 'address'] },
    });
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect(JSON.stringify(reveal.json())).toMatch(/\d{17}[\dX]/);
    answers.push({ reveal: reveal.json() });
    return answers;
  } finally {
    await t.close();
  }
}

async function restoreInto(backend: 'pglite' | 'postgres'): Promise<Database> {
  const target = await createTestDatabase(backend);
  restored.push(target);
  const result = await restoreDatabase(target.db, file, { secret: TEST_SECRET, keyHint: HINT });
  expect(result.rows).toBeGreaterThan(1500);
  return target;
}

describe(`backup and restore of the demo district (${TEST_BACKEND})`, () => {
  it('records the key fingerprint in the header, never the key', async () => {
    const header = await readBackupHeader(file);
    expect(header.keyFingerprint).toBe(keyFingerprint(TEST_SECRET));
    expect(header.keyFingerprint).toMatch(/^[0-9a-f]{16}$/);
    const text = gunzipSync(fs.readFileSync(file)).toString('utf8');
    expect(text).not.toContain(TEST_SECRET.toString('base64'));
    expect(text).not.toContain(TEST_SECRET.toString('hex'));
  });

  it(`restores every table identically into a fresh ${TEST_BACKEND} database and answers the same`, async () => {
    backedUp = await dumpTables(source.db);
    // The demo's 1,500 generated members, and the development pipelines' probationary members.
    expect(backedUp.get('members')?.length).toBeGreaterThan(1500);
    const target = await restoreInto(TEST_BACKEND);
    expectSameTables(await dumpTables(target.db), backedUp);
    expect((await verifyAuditChain(target.db)).ok).toBe(true);
    const expected = await apiAnswers(source);
    expect(await apiAnswers(target)).toEqual(expected);
  }, 300_000);

  it.runIf(TEST_BACKEND === 'postgres')(
    'restores a PostgreSQL backup into the embedded engine identically',
    async () => {
      const target = await restoreInto('pglite');
      expectSameTables(await dumpTables(target.db), backedUp);
    },
    300_000,
  );

  it('keeps the values of identity columns generated always (none in the schema today)', async () => {
    const from = await createTestDatabase();
    const into = await createTestDatabase();
    try {
      for (const db of [from.db, into.db]) {
        await sql`create table bk_always (id integer generated always as identity primary key, v text not null,
                    v2 text generated always as (v || v) stored)`.execute(db);
      }
      await sql`insert into bk_always (v) values ('a'), ('b'), ('c')`.execute(from.db);
      await sql`delete from bk_always where v = 'b'`.execute(from.db);
      const small = path.join(dir, 'always.jsonl.gz');
      await backupDatabase(from.db, small, NOW, keyFingerprint(TEST_SECRET));
      await restoreDatabase(into.db, small, { secret: TEST_SECRET, keyHint: HINT });
      const { rows } = await sql<{ id: number; v: string; v2: string }>`
        select id, v, v2 from bk_always order by id`.execute(into.db);
      expect(rows).toEqual([
        { id: 1, v: 'a', v2: 'aa' },
        { id: 3, v: 'c', v2: 'cc' },
      ]);
      // The sequence continues after the restored ids.
      await sql`insert into bk_always (v) values ('d')`.execute(into.db);
      const next = await sql<{ id: number }>`select max(id) as id from bk_always`.execute(into.db);
      expect(next.rows[0]?.id).toBe(4);
    } finally {
      await from.close();
      await into.close();
    }
  });

  it('refuses a backup made with another key before writing anything, naming both fingerprints', async () => {
    const target = await createTestDatabase();
    try {
      const before = await dumpTables(target.db);
      const refused = restoreDatabase(target.db, file, { secret: OTHER_KEY, keyHint: HINT });
      await expect(refused).rejects.toThrow(KeyMismatchError);
      await expect(refused).rejects.toThrow(
        `指纹为 ${keyFingerprint(TEST_SECRET)} 的密钥加密的，当前密钥指纹为 ${keyFingerprint(OTHER_KEY)}`,
      );
      await expect(refused).rejects.toThrow(HINT);
      expectSameTables(await dumpTables(target.db), before);
    } finally {
      await target.close();
    }
  });

  it('checks an old backup without a fingerprint against its ciphertext, with a warning', async () => {
    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0]);
    delete header.keyFingerprint;
    lines[0] = JSON.stringify(header);
    const old = path.join(dir, 'old.jsonl.gz');
    fs.writeFileSync(old, gzipSync(lines.join('\n')));
    const warnings: string[] = [];
    const onWarning = (w: string) => warnings.push(w);
    const target = await createTestDatabase();
    try {
      const before = await dumpTables(target.db);
      await expect(
        restoreDatabase(target.db, old, { secret: OTHER_KEY, keyHint: HINT, onWarning }),
      ).rejects.toThrow(/无法用当前密钥.*解密/);
      expectSameTables(await dumpTables(target.db), before);
    } finally {
      await target.close();
    }
    expect(warnings.join()).toMatch(/没有记录密钥指纹/);
    // With the right key it goes on (here to the next check: the source is not empty).
    warnings.length = 0;
    await expect(
      restoreDatabase(source.db, old, { secret: TEST_SECRET, keyHint: HINT, onWarning }),
    ).rejects.toThrow(/不是空库/);
    expect(warnings.join()).toMatch(/没有记录密钥指纹/);
  });

  it('start-up refuses a key that does not match the one the data was encrypted with', async () => {
    const target = restored[0];
    await expect(assertKeyMatchesDatabase(target.db, TEST_SECRET, HINT, NOW)).resolves.toBeUndefined();
    const refused = assertKeyMatchesDatabase(target.db, OTHER_KEY, HINT, NOW);
    await expect(refused).rejects.toThrow(KeyMismatchError);
    await expect(refused).rejects.toThrow(
      `数据库中的个人信息是用指纹为 ${keyFingerprint(TEST_SECRET)} 的密钥加密的，当前密钥指纹为 ${keyFingerprint(OTHER_KEY)}`,
    );
    await expect(refused).rejects.toThrow(HINT);
    // A database from before fingerprints were recorded: its ciphertext decides, then it is recorded.
    await sql`delete from instance_keys`.execute(target.db);
    await expect(assertKeyMatchesDatabase(target.db, OTHER_KEY, HINT, NOW)).rejects.toThrow(/无法用当前密钥/);
    await expect(assertKeyMatchesDatabase(target.db, TEST_SECRET, HINT, NOW)).resolves.toBeUndefined();
    const { rows } = await sql<{ fingerprint: string }>`select fingerprint from instance_keys`.execute(
      target.db,
    );
    expect(rows).toEqual([{ fingerprint: keyFingerprint(TEST_SECRET) }]);
    await expect(assertKeyMatchesDatabase(target.db, OTHER_KEY, HINT, NOW)).rejects.toThrow(KeyMismatchError);
  });
});
