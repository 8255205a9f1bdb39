// Start-up order matters for speed (docs/performance.md): on an empty embedded data directory the
// migrated template starts copying and a worker thread starts generating the demo members before
// the rest of the code loads, so file copying, member generation and module loading overlap.
import { listenNotice, loadConfig } from './config.ts';
import {
  DEMO_MEMBER_BATCH,
  DEMO_SEED,
  demoMembersWanted,
  startMemberPregeneration,
} from './demo/pregenerate.ts';
import { loadSecret } from './platform/crypto.ts';
import { hasEmbeddedData, protectDataDir, stageDataDir } from './platform/db.ts';
import { assertWritableDir, StartupError } from './platform/db-guard.ts';
import { AppError } from './platform/errors.ts';

/** A known start-up failure prints its Chinese message only; anything else its stack too. */
function failStart(error: unknown): never {
  const known = error instanceof StartupError || error instanceof AppError;
  const text = known ? error.message : error instanceof Error ? error.stack : error;
  console.error(`Jiceng 启动失败：${text}`);
  process.exit(1);
}

const config = loadConfig();
// Before anything writes there (the generated key, the template copy, the engine).
if (!config.databaseUrl) {
  try {
    assertWritableDir(config.dataDir);
    // The embedded data directory is the owner's only (700/600), before anything else is written into it.
    protectDataDir(config.dataDir);
  } catch (error) {
    failStart(error);
  }
}
let demoNow: Date | undefined;
// (Production refuses demo mode later, with its own message; very large demo sizes would hold too
// many rows in memory before the database takes them, so they generate in-process.)
const demoMembers = demoMembersWanted();
if (
  !config.databaseUrl &&
  config.demo &&
  config.nodeEnv !== 'production' &&
  demoMembers <= 100_000 &&
  !hasEmbeddedData(config.dataDir)
) {
  demoNow = new Date();
  const secret = loadSecret(config.secretKey, config.dataDir, config.nodeEnv === 'production');
  startMemberPregeneration(secret, {
    count: demoMembers,
    seed: DEMO_SEED,
    batchSize: DEMO_MEMBER_BATCH,
    nowMs: demoNow.getTime(),
  });
}
const staged = config.databaseUrl ? undefined : stageDataDir(config.dataDir);
const [
  { buildApp },
  { disableIdleAccounts },
  { escalateOverdueRequests },
  { sweepRectificationDaily },
  { systemClock },
  startup,
  { writeAuditAnchor },
] = await Promise.all([
  import('./app.ts'),
  import('./modules/accounts/accounts.jobs.ts'),
  import('./modules/service-requests/index.ts'),
  import('./modules/rectification/index.ts'),
  import('./platform/clock.ts'),
  import('./startup.ts'),
  import('./modules/audit/audit.anchor.ts'),
]);
const { demoBanner, prepareDatabase, timingsLine } = startup;
// Process start (node, tsx) until the code is loaded; the data directory copy ran meanwhile.
const loaded = { step: 'load code', ms: Math.round(performance.now()) };
const started = Date.now() - loaded.ms;
if (demoNow) console.log('Jiceng 基层 首次启动：正在建立数据库和示范区（小型机器上约需 1 分钟）…');
const { database, secret, builtDemo, timings } = await prepareDatabase(config, systemClock, {
  staged,
  demoNow,
  onStep: (() => {
    let last = '';
    return (label: string) => {
      if (label !== last) console.log(`  · ${label}…`);
      last = label;
    };
  })(),
}).catch(failStart);
// From here on a stuck or failing database ends the process (code 1) for its supervisor to
// restart it (README, "Running under a supervisor").
database.guard.start({
  timeoutMs: config.dbQueryTimeoutSeconds * 1000,
  hardKill: true,
  onFatal: (reason) => {
    console.error(`${new Date().toISOString()} 数据库不可用，进程退出（退出码 1）：${reason}`);
    setTimeout(() => process.exit(1), 100).unref();
  },
});
timings.unshift(loaded);
const appStarted = performance.now();
const app = await buildApp({ database, config, secret });
await app.listen({ port: config.port, host: config.host });
timings.push({ step: 'http server', ms: Math.round(performance.now() - appStarted) });

const url = `http://localhost:${config.port}`;
const where = database.backend === 'pglite' ? `内置数据库 ${config.dataDir}` : 'PostgreSQL 服务器';
console.log(
  `\nJiceng 基层 已启动: ${url}  (${where}, ${Date.now() - started} ms${builtDemo ? '，已生成示范区演示数据' : ''})`,
);
console.log(`  接口文档: ${url}/api/docs`);
console.log(listenNotice(config));
console.log(timingsLine(timings));
if (config.demo) console.log(demoBanner());

// Housekeeping shared by every app process (idempotent): disable accounts idle too long,
// escalate overdue resident requests, remind and escalate rectification items.
const housekeeping = async () => {
  try {
    const disabled = await disableIdleAccounts(
      database.db,
      systemClock.now(),
      config.security.accountIdleDays,
      app.deps.auditKey,
    );
    if (disabled.length > 0) app.log.info({ disabled }, 'idle accounts disabled');
  } catch (error) {
    app.log.error({ err: error }, 'housekeeping failed');
  }
  // Resident requests whose level's clock ran out go one level up (one process sweeps at a time).
  try {
    const sweep = await escalateOverdueRequests(database.db, systemClock.now(), app.deps.auditKey);
    if (sweep.escalated > 0) app.log.info(sweep, 'overdue service requests escalated');
  } catch (error) {
    app.log.error({ err: error }, 'overdue escalation failed');
  }
  // Rectification items: reminders before the deadline, overdue ones escalated (once across processes).
  try {
    const sweep = await sweepRectificationDaily(database.db, systemClock.now(), app.deps.auditKey);
    if (!sweep.skipped && sweep.reminded + sweep.escalated > 0) app.log.info(sweep, 'rectification swept');
  } catch (error) {
    app.log.error({ err: error }, 'rectification sweep failed');
  }
};
if (!config.demo) {
  await housekeeping();
  setInterval(housekeeping, 6 * 3_600_000).unref();
}

// A signed checkpoint of the audit chain outside the database, now and then and at shutdown
// (ADR 0011): `audit verify` then sees rows removed from the end of the log.
const anchorAudit = async () => {
  try {
    const anchor = await writeAuditAnchor(
      database.db,
      app.deps.auditKey,
      config.auditAnchorFile,
      systemClock.now(),
    );
    app.log.info({ auditAnchor: anchor }, 'audit chain checkpoint');
  } catch (error) {
    app.log.error({ err: error }, 'audit chain checkpoint failed');
  }
};
await anchorAudit();
if (config.auditAnchorMinutes > 0) setInterval(anchorAudit, config.auditAnchorMinutes * 60_000).unref();

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await anchorAudit();
    await database.close();
    process.exit(0);
  });
}
