import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Prometheus metrics of this app process (issue 19), served at `/metrics` in the text exposition
 * format. Every instance is scraped on its own, so the counters live in the process; nothing that
 * decides an answer depends on them.
 */

/** Latency buckets in seconds (le). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  count: number;
  sum: number;
  buckets: number[];
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface ReplicaGauge {
  name: string;
  up: boolean;
  lagMs: number;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;

export class Metrics {
  private readonly requests = new Map<string, { l: Record<string, string>; n: number }>();
  private readonly latency = new Map<string, { l: Record<string, string>; h: Histogram }>();
  private readonly jobs = new Map<string, { l: Record<string, string>; n: number }>();
  private readonly importRows = new Map<string, number>();

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const code = `${Math.floor(status / 100)}xx`;
    const rk = `${method} ${route} ${code}`;
    const r = this.requests.get(rk) ?? { l: { method, route, code }, n: 0 };
    r.n++;
    this.requests.set(rk, r);
    const lk = `${method} ${route}`;
    const h = this.latency.get(lk) ?? {
      l: { method, route },
      h: { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) },
    };
    h.h.count++;
    h.h.sum += seconds;
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) h.h.buckets[i]!++;
    });
    this.latency.set(lk, h);
  }

  countJob(job: string, outcome: 'ok' | 'skipped' | 'error'): void {
    const k = `${job} ${outcome}`;
    const j = this.jobs.get(k) ?? { l: { job, outcome }, n: 0 };
    j.n++;
    this.jobs.set(k, j);
  }

  countImportRows(kind: string, rows: number): void {
    this.importRows.set(kind, (this.importRows.get(kind) ?? 0) + rows);
  }

  render(state: { pool?: PoolStats; replicas?: ReplicaGauge[]; uptimeSeconds: number }): string {
    const out: string[] = [];
    const head = (name: string, type: string, help: string) =>
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    head('jiceng_http_requests_total', 'counter', 'HTTP requests by method, route and status class.');
    for (const { l, n } of this.requests.values()) out.push(`jiceng_http_requests_total${labels(l)} ${n}`);
    head('jiceng_http_request_duration_seconds', 'histogram', 'HTTP request latency by method and route.');
    for (const { l, h } of this.latency.values()) {
      for (const [i, le] of BUCKETS.entries()) {
        const bucket = labels({ ...l, le: String(le) });
        out.push(`jiceng_http_request_duration_seconds_bucket${bucket} ${h.buckets[i]}`);
      }
      out.push(`jiceng_http_request_duration_seconds_bucket${labels({ ...l, le: '+Inf' })} ${h.count}`);
      out.push(`jiceng_http_request_duration_seconds_sum${labels(l)} ${h.sum}`);
      out.push(`jiceng_http_request_duration_seconds_count${labels(l)} ${h.count}`);
    }
    head('jiceng_job_runs_total', 'counter', 'Background job runs by job and outcome.');
    for (const { l, n } of this.jobs.values()) out.push(`jiceng_job_runs_total${labels(l)} ${n}`);
    head('jiceng_import_rows_total', 'counter', 'Rows committed by spreadsheet imports, by kind.');
    for (const [kind, n] of this.importRows) out.push(`jiceng_import_rows_total${labels({ kind })} ${n}`);
    if (state.pool) {
      head('jiceng_db_pool_connections', 'gauge', 'Database pool connections by state.');
      const p = state.pool;
      out.push(`jiceng_db_pool_connections${labels({ state: 'total' })} ${p.total}`);
      out.push(`jiceng_db_pool_connections${labels({ state: 'idle' })} ${p.idle}`);
      out.push(`jiceng_db_pool_connections${labels({ state: 'max' })} ${p.max}`);
      head('jiceng_db_pool_waiting', 'gauge', 'Queries waiting for a database connection.');
      out.push(`jiceng_db_pool_waiting ${p.waiting}`);
    }
    if (state.replicas?.length) {
      head('jiceng_db_replica_up', 'gauge', 'Read replica usable (1) or not (0).');
      for (const r of state.replicas)
        out.push(`jiceng_db_replica_up${labels({ replica: r.name })} ${r.up ? 1 : 0}`);
      head('jiceng_db_replica_lag_seconds', 'gauge', 'Read replica replay lag.');
      for (const r of state.replicas)
        out.push(
          `jiceng_db_replica_lag_seconds${labels({ replica: r.name })} ${Math.max(r.lagMs, 0) / 1000}`,
        );
    }
    head('jiceng_process_uptime_seconds', 'gauge', 'Seconds since this app process started.');
    out.push(`jiceng_process_uptime_seconds ${Math.round(state.uptimeSeconds)}`);
    head('jiceng_process_resident_memory_bytes', 'gauge', 'Resident set size of this app process.');
    out.push(`jiceng_process_resident_memory_bytes ${process.memoryUsage().rss}`);
    return `${out.join('\n')}\n`;
  }
}

/** This process's metrics. */
export const metrics = new Metrics();

/** Compare a presented token with the configured one in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
