import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { disableIdleAccounts } from './modules/accounts/accounts.jobs.ts';
import { escalateOverdueRequests } from './modules/service-requests/index.ts';
import { systemClock } from './platform/clock.ts';
import { demoBanner, prepareDatabase, timingsLine } from './platform/startup.ts';

const config = loadConfig();
const started = Date.now();
const { database, secret, builtDemo, timings } = await prepareDatabase(config, systemClock);
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
console.log(timingsLine(timings));
if (config.demo) console.log(demoBanner());

// Housekeeping shared by every app process (idempotent): disable accounts idle too long and
// escalate overdue resident requests.
const housekeeping = async () => {
  try {
    const disabled = await disableIdleAccounts(
      database.db,
      systemClock.now(),
      config.security.accountIdleDays,
    );
    if (disabled.length > 0) app.log.info({ disabled }, 'idle accounts disabled');
  } catch (error) {
    app.log.error({ err: error }, 'housekeeping failed');
  }
  // Resident requests whose level's clock ran out go one level up (one process sweeps at a time).
  try {
    const sweep = await escalateOverdueRequests(database.db, systemClock.now());
    if (sweep.escalated > 0) app.log.info(sweep, 'overdue service requests escalated');
  } catch (error) {
    app.log.error({ err: error }, 'overdue escalation failed');
  }
};
if (!config.demo) {
  await housekeeping();
  setInterval(housekeeping, 6 * 3_600_000).unref();
}

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await database.close();
    process.exit(0);
  });
}
