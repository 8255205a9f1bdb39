/**
 * Health under load (issue 10): `/api/health` latency while 20 clients keep the server busy, against
 * an idle baseline measured in the same run. Liveness must not queue behind the database (the
 * embedded engine has one connection), so its latency under load should stay near the idle one.
 */
import autocannon from 'autocannon';
import { type ServerHandle, timedGet } from './lib/server.ts';
import { type BenchRow, row } from './lib/stats.ts';

export const HEALTH_LOAD_CLIENTS = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(values: number[]) {
  return { p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) };
}

export async function measureHealthUnderLoad(
  server: ServerHandle,
  load: { url: string; cookie: string },
  p: string,
  seconds: number,
  rows: BenchRow[],
): Promise<void> {
  const health = `${server.url}/api/health`;
  for (let i = 0; i < 20; i++) await timedGet(health);
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) idle.push(await timedGet(health));

  const loaded: number[] = [];
  let running = true;
  // autocannon's result is a thenable without `finally`.
  const run = Promise.resolve(
    autocannon({
      url: load.url,
      connections: HEALTH_LOAD_CLIENTS,
      duration: seconds,
      headers: { cookie: load.cookie },
    }),
  ).finally(() => {
    running = false;
  });
  // Let the 20 clients fill the queue, then ask for health one request at a time, as a probe does.
  await new Promise((r) => setTimeout(r, 500));
  while (running) {
    loaded.push(await timedGet(health));
    await new Promise((r) => setTimeout(r, 10));
  }
  const result = await run;
  if (result.non2xx > 0) throw new Error(`health-under-load: ${result.non2xx} non-2xx on ${load.url}`);
  const a = summary(idle);
  const b = summary(loaded);
  const q = `${p}.health-under-load`;
  rows.push(row(`${q}.load.rps`, result.requests.average, 'req/s'));
  rows.push(row(`${q}.load.p99`, result.latency.p99, 'ms'));
  // autocannon's own 10 s timeouts count as errors: on an overloaded machine, reported, not fatal.
  rows.push(row(`${q}.load.errors`, result.errors, 'requests'));
  rows.push(row(`${q}.samples`, loaded.length, 'requests'));
  rows.push(row(`${q}.idle.p50`, a.p50, 'ms'));
  rows.push(row(`${q}.idle.p99`, a.p99, 'ms'));
  rows.push(row(`${q}.idle.max`, a.max, 'ms'));
  rows.push(row(`${q}.p50`, b.p50, 'ms', { op: '<=', limit: 100 }));
  rows.push(row(`${q}.p99`, b.p99, 'ms', { op: '<=', limit: 100 }));
  rows.push(row(`${q}.max`, b.max, 'ms'));
  rows.push(row(`${q}.p50-ratio-to-idle`, b.p50 / Math.max(0.01, a.p50), '×'));
  rows.push(row(`${q}.p99-ratio-to-idle`, b.p99 / Math.max(0.01, a.p99), '×'));
}
