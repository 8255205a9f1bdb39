/**
 * Health under load (issue 10): `/api/health` latency while 20 clients keep the server busy, against
 * an idle baseline measured in the same run. The load is realistic API work: 15 officials reading
 * (member list, cockpit, the request desk queue) and 5 residents submitting requests (writes with
 * their audit rows). Liveness and readiness must not queue behind the database (the embedded engine
 * has one connection), so their latency under load should stay near the idle one.
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

/** The realistic load: officials reading (member list, cockpit, desk queue), residents writing requests. */
export interface HealthLoad {
  /** Session cookie of an official (the street account) for the reads. */
  reader: string;
  /** Session cookie of a resident for the writes. */
  writer: string;
}

async function getJson<T>(url: string, cookie: string): Promise<T> {
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const HEALTH_LOAD_WRITERS = 5;

export async function measureHealthUnderLoad(
  server: ServerHandle,
  load: HealthLoad,
  p: string,
  seconds: number,
  rows: BenchRow[],
): Promise<void> {
  const health = `${server.url}/api/health`;
  const ready = `${server.url}/api/health/ready`;
  const api = `${server.url}/api/v1`;
  const street = await getJson<{ data: { user: { homeOrgId: number } } }>(`${api}/auth/me`, load.reader);
  const resident = await getJson<{ data: { user: { homeOrgId: number } } }>(`${api}/auth/me`, load.writer);
  const categories = await getJson<{ data: { id: number }[] }>(
    `${api}/service-request-categories`,
    load.writer,
  );
  if (categories.data.length === 0) throw new Error('health-under-load: no service request category');
  const readPaths = [
    '/api/v1/members?page=1&pageSize=20',
    `/api/v1/cockpit?orgId=${street.data.user.homeOrgId}`,
    '/api/v1/service-requests?page=1&pageSize=20',
  ];
  for (const path of readPaths)
    for (let i = 0; i < 5; i++) await timedGet(`${server.url}${path}`, load.reader);

  for (let i = 0; i < 20; i++) await timedGet(health);
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) idle.push(await timedGet(health));
  const idleReady: number[] = [];
  for (let i = 0; i < 50; i++) idleReady.push(await timedGet(ready));

  const loaded: number[] = [];
  const loadedReady: number[] = [];
  let running = true;
  let submitted = 0;
  // autocannon's result is a thenable without `finally`.
  const reads = Promise.resolve(
    autocannon({
      url: server.url,
      connections: HEALTH_LOAD_CLIENTS - HEALTH_LOAD_WRITERS,
      duration: seconds,
      headers: { cookie: load.reader },
      requests: readPaths.map((path) => ({ method: 'GET' as const, path })),
    }),
  );
  const writes = Promise.resolve(
    autocannon({
      url: server.url,
      connections: HEALTH_LOAD_WRITERS,
      duration: seconds,
      headers: { cookie: load.writer, origin: server.url, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          path: `/api/v1/orgs/${resident.data.user.homeOrgId}/service-requests`,
          setupRequest: (req) => {
            submitted++;
            return {
              ...req,
              body: JSON.stringify({
                categoryId: categories.data[submitted % categories.data.length]!.id,
                title: `压测诉求 ${submitted}`,
                description: '楼道灯不亮，晚上出行不便，请尽快维修。',
                location: '5号楼2单元',
              }),
            };
          },
        },
      ],
    }),
  );
  const both = Promise.all([reads, writes]).finally(() => {
    running = false;
  });
  // Let the 20 clients fill the queue, then ask for liveness and readiness one request at a time,
  // as a probe does.
  await new Promise((r) => setTimeout(r, 500));
  while (running) {
    loaded.push(await timedGet(health));
    if (loaded.length % 5 === 0) loadedReady.push(await timedGet(ready));
    await new Promise((r) => setTimeout(r, 10));
  }
  const [r, w] = await both;
  if (r.non2xx > 0) throw new Error(`health-under-load: ${r.non2xx} non-2xx reads`);
  if (w.non2xx > 0) throw new Error(`health-under-load: ${w.non2xx} non-2xx writes`);
  const a = summary(idle);
  const b = summary(loaded);
  const ar = summary(idleReady);
  const br = summary(loadedReady);
  const q = `${p}.health-under-load`;
  rows.push(row(`${q}.load.read-rps`, r.requests.average, 'req/s'));
  rows.push(row(`${q}.load.read-p99`, r.latency.p99, 'ms'));
  rows.push(row(`${q}.load.write-rps`, w.requests.average, 'req/s'));
  rows.push(row(`${q}.load.write-p99`, w.latency.p99, 'ms'));
  // autocannon's own 10 s timeouts count as errors: on an overloaded machine, reported, not fatal.
  rows.push(row(`${q}.load.errors`, r.errors + w.errors, 'requests'));
  rows.push(row(`${q}.samples`, loaded.length, 'requests'));
  rows.push(row(`${q}.idle.p50`, a.p50, 'ms'));
  rows.push(row(`${q}.idle.p99`, a.p99, 'ms'));
  rows.push(row(`${q}.idle.max`, a.max, 'ms'));
  rows.push(row(`${q}.p50`, b.p50, 'ms', { op: '<=', limit: 100 }));
  rows.push(row(`${q}.p99`, b.p99, 'ms', { op: '<=', limit: 100 }));
  rows.push(row(`${q}.max`, b.max, 'ms'));
  rows.push(row(`${q}.p50-ratio-to-idle`, b.p50 / Math.max(0.01, a.p50), '×'));
  rows.push(row(`${q}.p99-ratio-to-idle`, b.p99 / Math.max(0.01, a.p99), '×'));
  rows.push(row(`${q}.ready.idle.p50`, ar.p50, 'ms'));
  rows.push(row(`${q}.ready.idle.p99`, ar.p99, 'ms'));
  rows.push(row(`${q}.ready.p50`, br.p50, 'ms', { op: '<=', limit: 100 }));
  rows.push(row(`${q}.ready.p99`, br.p99, 'ms'));
  rows.push(row(`${q}.ready.max`, br.max, 'ms'));
}
