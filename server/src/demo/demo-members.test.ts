import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET, testCrypto } from '../../test/app.ts';
import { createTestDatabase } from '../../test/db.ts';
import { isValidIdNumber } from '../modules/members/idcard.ts';
import { membersModule } from '../modules/members/index.ts';
import type { Database } from '../platform/db.ts';
import { buildDemoDistrict } from './demo-district.ts';
import { generateMembers } from './demo-members.ts';
import {
  cancelMemberPregeneration,
  DEMO_MEMBER_BATCH,
  DEMO_SEED,
  pregenerationOutcome,
  startMemberPregeneration,
  takePregeneratedMembers,
} from './pregenerate.ts';

let database: Database;
const now = new Date('2026-11-21T01:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  // As at start-up on an empty data directory: a worker thread generates the members while the
  // tree is written; on PGlite the seed COPYs what it made (compared with in-process below).
  startMemberPregeneration(TEST_SECRET, {
    count: 30_000,
    seed: DEMO_SEED,
    batchSize: DEMO_MEMBER_BATCH,
    nowMs: now.getTime(),
  });
  await buildDemoDistrict(database.db, testCrypto, now);
  const t0 = Date.now();
  // On PGlite the members go in by COPY (as at start-up); on PostgreSQL by multi-row INSERTs.
  await membersModule.seedDemo?.({
    db: database.db,
    crypto: testCrypto,
    now,
    seed: 20260701,
    pglite: database.pglite,
  });
  console.log(`demo members seeded in ${Date.now() - t0} ms`);
  cancelMemberPregeneration();
});
afterAll(() => database.close());

describe('demo district people', () => {
  it('has about 1,100 branches, 140 communities and 30,000 members with valid ID numbers', async () => {
    const db = database.db;
    const { n: branches } = await db
      .selectFrom('orgs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'branch')
      .executeTakeFirstOrThrow();
    const { n: communities } = await db
      .selectFrom('orgs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('level', '=', 'community')
      .executeTakeFirstOrThrow();
    expect(Number(branches)).toBeGreaterThan(1050);
    expect(Number(branches)).toBeLessThan(1150);
    expect(Number(communities)).toBeGreaterThanOrEqual(140);
    const { n: members } = await db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(members)).toBe(30_000);
    const sample = await db
      .selectFrom('members')
      .select(['idNumberEnc', 'birthDate', 'gender'])
      .orderBy('id')
      .limit(300)
      .execute();
    for (const row of sample) {
      const id = testCrypto.decrypt(row.idNumberEnc);
      expect(isValidIdNumber(id, now)).toBe(true);
      expect(id.slice(6, 14)).toBe(row.birthDate.replace(/-/g, ''));
      expect(Number(id[16]) % 2 === 1 ? 'male' : 'female').toBe(row.gender);
    }
    const linked = await db
      .selectFrom('members as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['u.username', 'm.name'])
      .execute();
    expect(linked).toEqual([{ username: 'member', name: '刘红' }]);
    const total = await sql<{
      n: number;
    }>`select n from member_rollups r join orgs o on o.id = r.org_id where o.code = 'SFQ' and r.dim = 'status' and r.bucket = 'full'`.execute(
      db,
    );
    const direct = await db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'full')
      .executeTakeFirstOrThrow();
    expect(Number(total.rows[0]?.n)).toBe(Number(direct.n));
  });

  it('leaves no orphan rows (the embedded seed skips per-row foreign-key checks)', async () => {
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from members m left join orgs o on o.id = m.org_id where o.id is null)
           + (select count(*) from members m left join users u on u.id = m.user_id
               where m.user_id is not null and u.id is null)
           + (select count(*) from member_rollups r left join orgs o on o.id = r.org_id where o.id is null)
           + (select count(*) from member_status_history h left join members m on m.id = h.member_id
               where m.id is null) as n`.execute(database.db);
    expect(Number(rows[0]?.n)).toBe(0);
    const history = await sql<{ n: number }>`select count(*)::int as n from member_status_history`.execute(
      database.db,
    );
    expect(history.rows[0]?.n).toBe(30_000);
  });

  it('used the members generated in the worker thread on PGlite', () => {
    expect(pregenerationOutcome()).toBe(database.backend === 'pglite' ? 'used' : undefined);
  });

  it('ignores pregenerated members made for another request (clock, key or tree)', async () => {
    const spec = { count: 10, seed: DEMO_SEED, batchSize: 5, nowMs: now.getTime() };
    const branches = await database.db
      .selectFrom('orgs')
      .select(['id', 'level', 'unitType'])
      .where('kind', '=', 'branch')
      .orderBy('id')
      .execute();
    const probe = testCrypto.blindIndex('jiceng:demo-members:pregenerated');
    for (const other of [
      { ...spec, nowMs: spec.nowMs + 1 },
      { ...spec, probe: 'another key' },
      { ...spec, branches: branches.slice(1) },
    ]) {
      startMemberPregeneration(TEST_SECRET, spec);
      expect(await takePregeneratedMembers({ probe, branches, ...other })).toBeUndefined();
      expect(pregenerationOutcome()).toBe('not matching');
    }
    startMemberPregeneration(TEST_SECRET, spec);
    const chunks = [];
    for await (const chunk of (await takePregeneratedMembers({ ...spec, probe, branches }))!)
      chunks.push(chunk);
    expect(chunks.map((c) => c.rows)).toEqual([5, 5]);
  });

  it('gives the same members through COPY and through INSERTs (same seed, same data)', async () => {
    const plain = async (db: typeof database.db) => {
      const rows = await db
        .selectFrom('members')
        .selectAll()
        .where('userId', 'is', null)
        .orderBy('id')
        .limit(300)
        .execute();
      return rows.map(({ id: _id, idNumberEnc, phoneEnc, addressEnc, createdAt, updatedAt, ...rest }) => ({
        ...rest,
        idNumber: testCrypto.decrypt(idNumberEnc),
        phone: phoneEnc && testCrypto.decrypt(phoneEnc),
        address: addressEnc && testCrypto.decrypt(addressEnc),
        createdAt: new Date(createdAt).toISOString(),
        updatedAt: new Date(updatedAt).toISOString(),
      }));
    };
    const seeded = await plain(database.db);
    expect(seeded).toHaveLength(300);
    const regenerated = await database.db
      .transaction()
      .execute(async (trx) => {
        // Triggers and foreign-key checks off for this rolled-back transaction only: a quick clear.
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`delete from members`.execute(trx);
        await generateMembers(trx, testCrypto, now, { count: 400, seed: 20260701 });
        const rows = await plain(trx as unknown as typeof database.db);
        throw Object.assign(new Error('rollback'), { rows });
      })
      .catch((error: { rows?: Awaited<ReturnType<typeof plain>> }) => error.rows);
    expect(regenerated).toEqual(seeded);
  });
});
