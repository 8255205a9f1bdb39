import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { progressBar } from '../modules/members/import/cli-import.ts';
import { rebuildRollups } from '../modules/members/rollups.ts';
import { systemClock } from '../platform/clock.ts';
import { createFieldCrypto } from '../platform/crypto.ts';
import { prepareDatabase } from '../platform/startup.ts';
import { backfillStatusHistory, generateMembers } from './demo-members.ts';

/**
 * `jiceng demo [--members N]`: build the demo district on an empty database, then add generated
 * members until there are N (benchmarks: 1,000,000 works, in streamed batches). Run it with the
 * server stopped: the rollup triggers are off during the load and rebuilt at the end.
 */
export async function runDemoCommand(config: Config, args: string[]): Promise<number> {
  const i = args.indexOf('--members');
  const target = i >= 0 ? Number.parseInt(args[i + 1] ?? '', 10) : undefined;
  if (i >= 0 && (!Number.isFinite(target) || (target as number) < 0)) {
    console.error('用法: jiceng demo [--members N]');
    return 2;
  }
  if (target !== undefined) process.env.JICENG_DEMO_MEMBERS = String(Math.min(target, 30_000));
  const { database, secret, builtDemo } = await prepareDatabase({ ...config, demo: true }, systemClock);
  try {
    const db = database.db;
    console.error(builtDemo ? '已创建示范区' : '数据库已有数据，沿用现有组织');
    if (target === undefined) return 0;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('members')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    let existing = await count();
    if (existing >= target) {
      console.error(`已有 ${existing} 名党员`);
      return 0;
    }
    const crypto = createFieldCrypto(secret);
    const bar = progressBar('生成党员');
    const start = existing;
    await sql`alter table members disable trigger members_rollup_insert`.execute(db);
    try {
      let startIndex = 1_000_000 + existing;
      while (existing < target) {
        const add = target - existing;
        await generateMembers(db, crypto, systemClock.now(), {
          count: add,
          seed: 20260701,
          startIndex,
          batchSize: 5000,
          onProgress: (done) => bar(existing - start + done, target - start),
        });
        startIndex += add;
        existing = await count();
      }
    } finally {
      await sql`alter table members enable trigger members_rollup_insert`.execute(db);
      console.error('正在重建统计汇总…');
      await db.transaction().execute(async (trx) => {
        await backfillStatusHistory(trx, systemClock.now());
        await rebuildRollups(trx);
      });
      // Fresh statistics after a bulk load: without them the planner picks nested loops over
      // the whole subtree (cockpit 2 s at 300,000 members; PGlite never auto-analyzes).
      await sql`analyze`.execute(db);
    }
    console.error(`完成: 共 ${existing} 名党员`);
    return 0;
  } finally {
    await database.close();
  }
}
