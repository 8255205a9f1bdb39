import { testCrypto } from './server/test/app.ts';
import { createTestDatabase } from './server/test/db.ts';
import { buildDemoDistrict } from './server/src/demo/demo-district.ts';
import { responsibilityModule } from './server/src/modules/responsibility/index.ts';
import { rectificationModule } from './server/src/modules/rectification/index.ts';
import type { Db } from './server/src/platform/db.ts';

const now = new Date('2026-11-21T01:00:00Z');
const database = await createTestDatabase((process.env.B as 'pglite' | 'postgres') ?? 'pglite');
await buildDemoDistrict(database.db, testCrypto, now);
const starts = new Map<unknown, { t: number; sql: string }>();
const slow: { ms: number; sql: string }[] = [];
const db = database.db.withPlugin({
  transformQuery(args) {
    starts.set(args.queryId, { t: performance.now(), sql: '' });
    return args.node;
  },
  async transformResult(args) {
    const s = starts.get(args.queryId);
    if (s) slow.push({ ms: performance.now() - s.t, sql: JSON.stringify(args.queryId) });
    return args.result;
  },
}) as Db;
for (const mod of [responsibilityModule, rectificationModule]) {
  slow.length = 0;
  const t0 = performance.now();
  await mod.seedDemo?.({ db, crypto: testCrypto, now, seed: 1, pglite: database.pglite });
  console.log(mod.name, Math.round(performance.now() - t0), 'ms');
  console.log(slow.map((s, i) => `${i}:${Math.round(s.ms)}`).join(' '));
}
await database.close();
