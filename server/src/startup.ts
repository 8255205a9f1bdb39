import { sql } from 'kysely';
import type { Config } from './config.ts';
import {
  buildDemoDistrict,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  hasDemoAccounts,
  isDatabaseEmpty,
} from './demo/demo-district.ts';
import { cancelMemberPregeneration, DEMO_SEED } from './demo/pregenerate.ts';
import { modules } from './modules/index.ts';
import type { Clock } from './platform/clock.ts';
import { createFieldCrypto, type FieldCrypto, loadSecret } from './platform/crypto.ts';
import {
  assertDurableServer,
  type Database,
  type Db,
  openDatabase,
  type Staged,
  saveMigratedTemplate,
  stageDataDir,
} from './platform/db.ts';
import { assertKeyMatchesDatabase, keyLocationHint } from './platform/keys.ts';
import { migrateToLatest } from './platform/migrate.ts';

export interface Started {
  database: Database;
  secret: Buffer;
  builtDemo: boolean;
  /** How long each start-up step took (ms), in order: shown by main.ts so operators see where time goes. */
  timings: { step: string; ms: number }[];
}

export interface PrepareOptions {
  /**
   * The embedded data directory as `stageDataDir` left it, when the caller started that copy
   * early (main.ts copies the migrated template while the code loads).
   */
  staged?: Promise<Staged>;
  /** The instant the demo district is built as of (main.ts fixes it for the members worker). */
  demoNow?: Date;
  /** Called as each step begins (main.ts prints it: a first start takes a while on a small machine). */
  onStep?: (label: string) => void;
}

/** What an operator reads for each start-up step (the timings keep the step's key). */
const STEP_LABELS: Record<string, string> = {
  'load code': '加载程序',
  'data directory': '准备数据目录',
  'open database': '打开数据库',
  migrations: '升级数据库结构',
  'migrated template': '保存已升级的数据库模板（下次首次启动更快）',
  analyze: '整理统计信息',
  'http server': '启动网络服务',
};

/** The Chinese label of a start-up step (every module's demo seed shares one label). */
export function stepLabel(step: string): string {
  if (step === 'demo: district tree and accounts') return '生成示范区：组织树和演示账户';
  if (step.startsWith('demo: ')) return '生成示范区：各项业务演示数据';
  return STEP_LABELS[step] ?? step;
}

/** Open the configured database, check durability, migrate, and build the demo district if asked. */
export async function prepareDatabase(
  config: Config,
  clock: Clock,
  options: PrepareOptions = {},
): Promise<Started> {
  const timings: { step: string; ms: number }[] = [];
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    options.onStep?.(stepLabel(step));
    const t0 = performance.now();
    const result = await fn();
    timings.push({ step, ms: Math.round(performance.now() - t0) });
    return result;
  };
  const embedded = !config.databaseUrl;
  const staged: Staged = embedded
    ? await timed('data directory', () => options.staged ?? stageDataDir(config.dataDir))
    : 'existing';
  const open = () =>
    openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      readUrls: config.databaseUrl ? config.databaseReadUrls : undefined,
      readMaxLagMs: config.readMaxLagMs,
    });
  let database = await timed('open database', open);
  try {
    await assertDurableServer(database);
    await timed('migrations', () => migrate(config, database));
    if (staged === 'empty' && database.backend === 'pglite') {
      // First start on this set of migrations: keep the migrated cluster for the next empty
      // data directory (it then starts with a copy instead of running every migration).
      await timed('migrated template', async () => {
        await database.close();
        await saveMigratedTemplate(config.dataDir);
        database = await open();
      });
    }
    const secret = loadSecret(config.secretKey, config.dataDir, config.nodeEnv === 'production');
    // The personal data must be readable with this key (a restored database with a new key is not).
    await assertKeyMatchesDatabase(database.db, secret, keyLocationHint(config), clock.now());
    let builtDemo = false;
    await assertProductionSafe(database.db, config);
    if (config.demo && (await isDatabaseEmpty(database.db))) {
      const crypto = createFieldCrypto(secret);
      const now = options.demoNow ?? clock.now();
      // The bulk statements (the member rollups' recount above all) aggregate in memory instead of
      // spilling to temporary files. The embedded engine has one session: set, then reset below.
      await database.pglite?.exec(`set work_mem = '64MB'`);
      await seedDemoDistrict(database, crypto, now, timed);
      // Statistics for the bulk-built demo data (PGlite has no autovacuum to gather them).
      await timed('analyze', () => analyzeForPlanning(database.db));
      await database.pglite?.exec('reset work_mem');
      builtDemo = true;
    }
    cancelMemberPregeneration();
    return { database, secret, builtDemo, timings };
  } catch (error) {
    cancelMemberPregeneration();
    // The database may already be closed (the template step closes it before reopening): the
    // original error is the one to report.
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** The demo district as start-up builds it: the tree and accounts, then every module's seed in order. */
export async function seedDemoDistrict(
  database: Database,
  crypto: FieldCrypto,
  now: Date,
  timed: <T>(step: string, fn: () => Promise<T>) => Promise<T> = (_step, fn) => fn(),
): Promise<void> {
  await timed('demo: district tree and accounts', () => buildDemoDistrict(database.db, crypto, now));
  for (const mod of modules) {
    const seedDemo = mod.seedDemo;
    if (!seedDemo) continue;
    await timed(`demo: ${mod.name}`, () =>
      seedDemo({ db: database.db, crypto, now, seed: DEMO_SEED, pglite: database.pglite }),
    );
  }
}

/**
 * Migrations run as the owner of the schema: over JICENG_MIGRATE_URL when DATABASE_URL is the
 * restricted application role (docs/security.md), else over the app's own connection.
 */
async function migrate(config: Config, database: Database): Promise<string[]> {
  if (!config.migrateUrl || database.backend !== 'postgres') return migrateToLatest(database.db, modules);
  const owner = await openDatabase({ databaseUrl: config.migrateUrl, poolSize: 1 });
  try {
    return await migrateToLatest(owner.db, modules);
  } finally {
    await owner.close();
  }
}

/**
 * `analyze` of every table, leaving out the ciphertext columns (`…_enc`): random and unique, never
 * filtered, joined or sorted on, and the costliest to sample (a third of the members' analyze).
 */
export async function analyzeForPlanning(db: Db): Promise<void> {
  const { rows } = await sql<{ tableName: string; columnName: string }>`
    select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
     order by c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, string[]>();
  for (const r of rows) {
    const cols = tables.get(r.tableName) ?? [];
    if (!r.columnName.endsWith('_enc')) cols.push(r.columnName);
    tables.set(r.tableName, cols);
  }
  const targets = [...tables]
    .filter(([, cols]) => cols.length > 0)
    .map(([table, cols]) => `"${table}" (${cols.map((c) => `"${c}"`).join(', ')})`);
  if (targets.length > 0) await sql.raw(`analyze ${targets.join(', ')}`).execute(db);
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
