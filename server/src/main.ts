import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './platform/clock.ts';
import { demoBanner, prepareDatabase } from './platform/startup.ts';

const config = loadConfig();
const started = Date.now();
const { database, secret, builtDemo } = await prepareDatabase(config, systemClock);
const app = await buildApp({ database, config, secret });
await app.listen({ port: config.port, host: config.host });

const url = `http://localhost:${config.port}`;
const where = database.backend === 'pglite' ? `内置数据库 ${config.dataDir}` : 'PostgreSQL 服务器';
console.log(
  `\nJiceng 基层 已启动: ${url}  (${where}, ${Date.now() - started} ms${builtDemo ? '，已生成示范区演示数据' : ''})`,
);
console.log(`  接口文档: ${url}/api/docs`);
if (config.demo) console.log(demoBanner());

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
