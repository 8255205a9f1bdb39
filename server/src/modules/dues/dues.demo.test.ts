import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCrypto } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildDemoDistrict } from '../../demo/demo-district.ts';
import type { Database } from '../../platform/db.ts';
import { membersModule } from '../members/index.ts';
import { arrearsOf, arrearsSummary } from './dues.queries.ts';
import { duesModule } from './index.ts';

/** The demo district's year of dues: set-based (well under a second added to the first start), with arrears. */
let database: Database;
const now = new Date('2026-11-21T01:00:00Z');
const today = '2026-11-21';
let seedMs = 0;
/** The same number of bare rows into a table without indexes or checks: the floor on this machine now. */
let floorMs = 0;
let statements = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  await buildDemoDistrict(database.db, testCrypto, now);
  const ctx = { db: database.db, crypto: testCrypto, now, seed: 20260701, pglite: database.pglite };
  await membersModule.seedDemo?.(ctx);
  // Every statement the seed sends is counted: a set-based seed sends a handful, whatever the size.
  const counted = database.db.withPlugin({
    transformQuery: (args) => {
      statements++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  const t0 = performance.now();
  await duesModule.seedDemo?.({ ...ctx, db: counted });
  seedMs = performance.now() - t0;
  const { n } = await database.db
    .selectFrom('duesPayments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const t1 = performance.now();
  await sql`create temp table dues_floor as
    select g as a, g % 12 as b, now() as c, 'DF' || g as d from generate_series(1, ${Number(n)}) g`.execute(
    database.db,
  );
  floorMs = performance.now() - t1;
}, 300_000);
afterAll(() => database.close());

describe('demo district: a year of dues', () => {
  it('seeds set-based: a handful of statements for 30,000 members and a year', () => {
    console.log(
      `dues demo seed: ${Math.round(seedMs)} ms, ${statements} statements; bare rows floor ${Math.round(floorMs)} ms`,
    );
    expect(statements).toBeLessThanOrEqual(10);
  });

  it('has a year of payments, some arrears and some members flagged for the branch', async () => {
    const district = await database.db
      .selectFrom('orgs')
      .select(['id', 'path'])
      .where('code', '=', 'SFQ')
      .executeTakeFirstOrThrow();
    const { n } = await database.db
      .selectFrom('duesPayments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThan(200_000);
    const { items } = await arrearsOf(database.db, { orgPath: district.path }, today);
    const flagged = items.filter((a) => a.flagged).length;
    expect(items.length).toBeGreaterThan(1_000);
    expect(flagged).toBeGreaterThan(500);
    expect(flagged).toBeLessThan(items.length);
    const summary = await arrearsSummary(database.db, district, today);
    expect(summary.reduce((s, r) => s + r.owing, 0)).toBe(items.length);
    expect(summary.reduce((s, r) => s + r.flagged, 0)).toBe(flagged);
    const returned = await database.db
      .selectFrom('duesMovements')
      .select('kind')
      .where('kind', '=', 'returned')
      .execute();
    expect(returned.length).toBeGreaterThan(0);
  });
});
