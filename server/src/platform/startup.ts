import { sql } from 'kysely';
import type { Config } from '../config.ts';
import {
  buildDemoDistrict,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  hasDemoAccounts,
  isDatabaseEmpty,
} from '../demo/demo-district.ts';
import { modules } from '../modules/index.ts';
import type { Clock } from './clock.ts';
import { createFieldCrypto, loadSecret } from './crypto.ts';
import { assertDurableServer, type Database, type Db, openDatabase } from './db.ts';
import { migrateToLatest } from './migrate.ts';

export interface Started {
  database: Database;
  secret: Buffer;
  builtDemo: boolean;
  /** How long each start-up step took (ms), in order: shown by main.ts so operators see where time goes. */
  timings: { step: string; ms: number }[];
}

/** Open the configured database, check durability, migrate, and build the demo district if asked. */
export async function prepareDatabase(config: Config, clock: Clock): Promise<Started> {
  const timings: { step: string; ms: number }[] = [];
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    timings.push({ step, ms: Math.round(performance.now() - t0) });
    return result;
  };
  const database = await timed('open database', () =>
    openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
  );
  try {
    await assertDurableServer(database);
    await timed('migrations', () => migrateToLatest(database.db));
    const secret = loadSecret(config.secretKey, config.dataDir, config.nodeEnv === 'production');
    let builtDemo = false;
    await assertProductionSafe(database.db, config);
    if (config.demo && (await isDatabaseEmpty(database.db))) {
      const crypto = createFieldCrypto(secret);
      await timed('demo: district tree and accounts', () =>
        buildDemoDistrict(database.db, crypto, clock.now()),
      );
      for (const mod of modules) {
        const seedDemo = mod.seedDemo;
        if (!seedDemo) continue;
        await timed(`demo: ${mod.name}`, () =>
          seedDemo({ db: database.db, crypto, now: clock.now(), seed: 20260701, pglite: database.pglite }),
        );
      }
      // Statistics for the bulk-built demo data (PGlite has no autovacuum to gather them).
      await sql`analyze`.execute(database.db);
      builtDemo = true;
    }
    return { database, secret, builtDemo, timings };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Production never runs with demo data switched on or demo accounts active (security.md DB-AUTH-08). */
export async function assertProductionSafe(db: Db, config: Config): Promise<void> {
  if (config.nodeEnv !== 'production') return;
  if (config.demo) throw new Error('生产环境不能开启演示模式（JICENG_DEMO），已拒绝启动。');
  if (await hasDemoAccounts(db)) {
    throw new Error('生产环境中存在演示账户，已拒绝启动。请先停用全部演示账户。');
  }
}

/** One line per start-up step, e.g. `  启动耗时: migrations 812 ms · demo: members 4210 ms · …`. */
export function timingsLine(timings: Started['timings']): string {
  return `  启动耗时: ${timings.map((t) => `${t.step} ${t.ms} ms`).join(' · ')}`;
}

export function demoBanner(): string {
  const lines = DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(10)} ${a.displayName}`);
  return [`  演示账户（密码均为 ${DEMO_PASSWORD}）:`, ...lines].join('\n');
}
