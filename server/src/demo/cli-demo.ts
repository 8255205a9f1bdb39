import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { progressBar } from '../modules/members/import/cli-import.ts';
import { rebuildRollups } from '../modules/members/rollups.ts';
import { systemClock } from '../platform/clock.ts';
import { createFieldCrypto } from '../platform/crypto.ts';
import type { Db } from '../platform/db.ts';
import { prepareDatabase } from '../startup.ts';
import { backfillStatusHistory, generateMembers } from './demo-members.ts';

/** Building groups (党小组) under each added grid branch by `--orgs`. */
const BUILDINGS_PER_ADDED_GRID = 9;

/**
 * `--orgs N`: grow the demo tree to about N organizations with more grid branches (网格党支部)
 * under every community, each with its building groups, in two set-based inserts (60,000
 * organizations in a few seconds). Codes continue the demo's: `SFQ-01-01-G5`, `SFQ-01-01-G5-B1`.
 */
async function growTree(db: Db, target: number, now: Date): Promise<number> {
  const countOrgs = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from orgs`.execute(db)).rows[0].n);
  const existing = await countOrgs();
  if (existing >= target) return existing;
  const { rows } = await sql<{ communities: number; grids: number }>`
    select count(*)::int as communities,
           coalesce(max((select count(*) from orgs g where g.parent_id = c.id and g.level = 'grid')), 0)::int as grids
      from orgs c where c.level = 'community' and c.status = 'active'`.execute(db);
  const { communities, grids } = rows[0];
  if (communities === 0) throw new Error('没有可以增加网格的社区');
  const perCommunity = Math.ceil((target - existing) / (communities * (1 + BUILDINGS_PER_ADDED_GRID)));
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into orgs (parent_id, code, name, kind, level, unit_type, established_on, sort_order, created_at, updated_at)
      select c.id, c.code || '-G' || g, regexp_replace(c.name, '党委$', '') || '第' || g || '网格党支部',
             'branch', 'grid', null, '2018-07-01', 100000 + g, ${now}, ${now}
        from orgs c cross join generate_series(${grids + 1}::int, ${grids + perCommunity}::int) g
       where c.level = 'community' and c.status = 'active'
       order by c.id, g`.execute(trx);
    await sql`
      insert into orgs (parent_id, code, name, kind, level, unit_type, established_on, sort_order, created_at, updated_at)
      select p.id, p.code || '-B' || b, ((split_part(p.code, '-G', 2)::int - 1) * ${BUILDINGS_PER_ADDED_GRID} + b) || '号楼党小组',
             'group', 'building', null, '2018-07-01', 100000 + b, ${now}, ${now}
        from orgs p cross join generate_series(1, ${BUILDINGS_PER_ADDED_GRID}::int) b
       where p.level = 'grid' and p.status = 'active'
         and not exists (select 1 from orgs x where x.parent_id = p.id)
       order by p.id, b`.execute(trx);
  });
  return countOrgs();
}

/**
 * `jiceng demo [--members N] [--orgs N]`: build the demo district on an empty database, optionally
 * grow its tree to about N organizations (`--orgs`, benchmarks: 60,000), then add generated
 * members until there are N, spread over all branches (benchmarks: 1,000,000 works, in streamed
 * batches). Run it with the server stopped: the rollup triggers are off during the load and
 * rebuilt at the end.
 */
export async function runDemoCommand(config: Config, args: string[]): Promise<number> {
  const i = args.indexOf('--members');
  const target = i >= 0 ? Number.parseInt(args[i + 1] ?? '', 10) : undefined;
  const o = args.indexOf('--orgs');
  const orgTarget = o >= 0 ? Number.parseInt(args[o + 1] ?? '', 10) : undefined;
  if (
    (i >= 0 && (!Number.isFinite(target) || (target as number) < 0)) ||
    (o >= 0 && (!Number.isFinite(orgTarget) || (orgTarget as number) < 0))
  ) {
    console.error('用法: jiceng demo [--members N] [--orgs N]');
    return 2;
  }
  if (target !== undefined) process.env.JICENG_DEMO_MEMBERS = String(Math.min(target, 30_000));
  const { database, secret, builtDemo } = await prepareDatabase({ ...config, demo: true }, systemClock);
  try {
    const db = database.db;
    console.error(builtDemo ? '已创建示范区' : '数据库已有数据，沿用现有组织');
    if (orgTarget !== undefined) {
      const orgs = await growTree(db, orgTarget, systemClock.now());
      await sql`analyze orgs`.execute(db);
      console.error(`组织共 ${orgs} 个`);
    }
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
