import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCrypto } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildDemoDistrict } from '../../demo/demo-district.ts';
import type { Database } from '../../platform/db.ts';
import { assessmentModule } from './index.ts';

/** The demo district's assessment: seeded set-based, in well under a second. */
let database: Database;
const now = new Date('2026-11-21T01:00:00Z');
let tookMs = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  await buildDemoDistrict(database.db, testCrypto, now);
  const t0 = Date.now();
  await assessmentModule.seedDemo?.({
    db: database.db,
    crypto: testCrypto,
    now,
    seed: 20260701,
    pglite: database.pglite,
  });
  tookMs = Date.now() - t0;
}, 300_000);
afterAll(() => database.close());

describe('demo district: assessment', () => {
  it('seeds quickly', async () => {
    const { n } = await database.db
      .selectFrom('assessmentScores')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(`assessment demo seed: ${tookMs} ms for ${n} scores`);
    expect(Number(n)).toBeGreaterThan(0);
  });
});
