/**
 * `npm run bench`: speed, memory and scale of Jiceng on both backends (issue 6, docs/performance.md).
 *
 *   npm run bench                                   district + city sizes, both backends, tree ADR bench
 *   npm run bench -- --quick                        district size, PGlite, short runs (the test suite runs this)
 *   npm run bench -- --sizes district,city,large --backends pglite,postgres
 *   npm run bench -- --history-months 6 --import-rows 10000  (org-life history per size, import file rows)
 *   npm run bench -- --sizes district --backends pglite --health-load-only  (/api/health under 20 clients)
 *   npm run bench -- --sizes district --backends postgres --writes-only  (20 writers, two instances, ± audit chain)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../server/src/platform/db.ts';
import { assessmentReads, measureAssessmentRecompute } from './assessment.ts';
import { duesScopedReads } from './dues.ts';
import { HEALTH_LOAD_CLIENTS, measureHealthUnderLoad } from './health-load.ts';
import { measureImport } from './import.ts';
import { type BenchBackend, createPgDatabase, postgresAvailable, scratchDir } from './lib/raw.ts';
import { login, ROOT, type ServerHandle, startServer, timedGet } from './lib/server.ts';
import { type BenchRow, formatTable, markdownTable, median, row, timeMedian } from './lib/stats.ts';
import { measureCompliance, measureComplianceSummary, seedOrgLifeHistory } from './org-life.ts';
import { type ScopedRead, steeringReads } from './steering.ts';
import { runTreeBench, treeMatrix } from './tree.ts';
import { measureWrites } from './writes.ts';

export const SIZES = { district: 30_000, city: 300_000, large: 1_000_000, province: 8_000_000 } as const;
export type SizeName = keyof typeof SIZES;
/** Organizations at each size (issue 6, 19): the demo tree as built, except the large city and the province. */
export const ORGS: Partial<Record<SizeName, number>> = { large: 60_000, province: 500_000 };
/**
 * The province's lighter activity history (issue 19): one month of signed meetings with attendance
 * instead of `--history-months` (6 months at 8M members would be about 80M attendance rows, beyond
 * the disk and hours of the reference machine). Everything else is the same as at other sizes.
 */
export const HISTORY_MONTHS_CAP: Partial<Record<SizeName, number>> = { province: 1 };

export interface BenchOptions {
  quick: boolean;
  sizes: SizeName[];
  backends: BenchBackend[];
  /** Run the tree-representation benchmark (ADR 0003) too. */
  tree: boolean;
  resultsDir: string;
  /** Rewrite the latest-results block of docs/performance.md. */
  updateDocs: boolean;
  /** Months of signed meetings with attendance added at each size (0: only the demo's history). */
  historyMonths: number;
  /** Rows of the CSV (and .xlsx) import file at each size. */
  importRows: number;
  /** Only the health-under-load scenario at each size (`--health-load-only`). */
  healthLoadOnly: boolean;
  /** Only the write-throughput scenario at each size (`--writes-only`, PostgreSQL). */
  writesOnly: boolean;
  log: (line: string) => void;
}

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    sizes: ['district', 'city'],
    backends: ['pglite', 'postgres'],
    tree: true,
    resultsDir: path.join(ROOT, 'bench/results'),
    updateDocs: true,
    historyMonths: 6,
    importRows: 10_000,
    healthLoadOnly: false,
    writesOnly: false,
    log: (l) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${l}`),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') {
      Object.assign(options, {
        quick: true,
        sizes: ['district'],
        backends: ['pglite'],
        tree: false,
        updateDocs: false,
        historyMonths: 0,
        importRows: 2_000,
      });
    } else if (a === '--sizes') {
      options.sizes = argv[++i].split(',') as SizeName[];
      for (const s of options.sizes) if (!(s in SIZES)) throw new Error(`unknown size ${s}`);
    } else if (a === '--backends') {
      options.backends = argv[++i].split(',') as BenchBackend[];
    } else if (a === '--no-tree') options.tree = false;
    else if (a === '--no-docs') options.updateDocs = false;
    else if (a === '--history-months') options.historyMonths = Number(argv[++i]);
    else if (a === '--import-rows') options.importRows = Number(argv[++i]);
    else if (a === '--health-load-only')
      Object.assign(options, { healthLoadOnly: true, tree: false, updateDocs: false });
    else if (a === '--writes-only')
      Object.assign(options, { writesOnly: true, tree: false, updateDocs: false });
    else throw new Error(`unknown argument ${a}`);
  }
  return options;
}

interface Dataset {
  backend: BenchBackend;
  dataDir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

interface Facts {
  members: number;
  districtId: number;
  streetId: number;
  maxOrgId: number;
  orgs: number;
}

async function readFacts(ds: Dataset): Promise<Facts> {
  const database = await openDatabase({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl });
  try {
    const db = database.db;
    const { rows } = await sql<Facts>`
      select (select count(*) from members)::int as members,
             (select count(*) from orgs)::int as orgs,
             (select id from orgs where depth = 0 order by id limit 1) as district_id,
             (select id from orgs where code = 'SFQ-01') as street_id,
             (select max(id) from orgs) as max_org_id`.execute(db);
    return rows[0];
  } finally {
    await database.close();
  }
}

/** Grow the dataset with the demo generator (`jiceng demo --members N [--orgs N]`). */
function topUp(ds: Dataset, members: number, orgs?: number): void {
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin/jiceng.mjs'),
      'demo',
      ...(orgs ? ['--orgs', String(orgs)] : []),
      '--members',
      String(members),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        JICENG_DATA_DIR: ds.dataDir,
        DATABASE_URL: ds.databaseUrl ?? '',
        NODE_ENV: 'development',
      },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `jiceng demo --members ${members} failed (${result.status}): ${result.stderr.slice(-500)}`,
    );
  }
}

async function autocannonRun(url: string, seconds: number, cookie?: string) {
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    headers: cookie ? { cookie } : {},
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`autocannon ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function medianGet(url: string, cookie: string, runs: number): Promise<number> {
  await timedGet(url, cookie);
  await timedGet(url, cookie);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timedGet(url, cookie));
  return median(times);
}

/** How long /api/health waits when it arrives just after a heavy request. */
async function healthDuringHeavy(server: ServerHandle, heavyUrl: string, cookie: string, runs: number) {
  const waits: number[] = [];
  const heavy: number[] = [];
  for (let i = 0; i < runs; i++) {
    const h = timedGet(heavyUrl, cookie);
    await new Promise((r) => setTimeout(r, 2));
    waits.push(await timedGet(`${server.url}/api/health`));
    heavy.push(await h);
  }
  return { wait: median(waits), worst: Math.max(...waits), heavy: median(heavy) };
}

function month(): string {
  return new Date().toISOString().slice(0, 7);
}

/** Everything measured against one running server on one dataset. */
async function measureServer(
  server: ServerHandle,
  facts: Facts,
  p: string,
  backend: BenchBackend,
  options: BenchOptions,
  rows: BenchRow[],
  reads: Map<string, number>,
): Promise<void> {
  const runs = options.quick ? 7 : 15;
  const street = await login(server.url, 'street');
  const district = await login(server.url, 'district');
  const api = `${server.url}/api/v1`;
  const lookupId = Math.max(1, Math.floor(facts.maxOrgId / 2));
  const oneQuery = `${api}/bench/one-query?id=${lookupId}`;
  // Warm-up before anything is timed: the server has just started (JIT, the parse workers that
  // start once it listens), and the first figure measured — the lookup every ratio divides by —
  // must not carry that.
  const warmUps = options.quick ? 20 : 200;
  for (let i = 0; i < warmUps; i++) {
    await timedGet(oneQuery, street);
    await timedGet(`${api}/members?page=1&pageSize=20`, street);
  }
  await new Promise((r) => setTimeout(r, 1000));
  const lookup = await medianGet(oneQuery, street, runs * 2);
  rows.push(row(`${p}.read.indexed-lookup`, lookup, 'ms'));
  reads.set(`${backend}.lookup`, lookup);
  const scoped: ScopedRead[] = [
    { key: 'cockpit.street', url: `${api}/cockpit?orgId=${facts.streetId}`, cookie: street },
    { key: 'cockpit.district', url: `${api}/cockpit?orgId=${facts.districtId}`, cookie: district },
    { key: 'members-list.street', url: `${api}/members?page=1&pageSize=20`, cookie: street },
    { key: 'members-list.district', url: `${api}/members?page=1&pageSize=20`, cookie: district },
    // The supervision page's read: per child organization and type, from the subtree rollups.
    {
      key: 'compliance-summary.street',
      url: `${api}/org-life/compliance/summary?orgId=${facts.streetId}&period=${month()}`,
      cookie: street,
    },
    {
      key: 'compliance-summary.district',
      url: `${api}/org-life/compliance/summary?orgId=${facts.districtId}&period=${month()}`,
      cookie: district,
    },
    ...steeringReads(api, facts, { street, district }),
    // Stored assessment scores of a street and the district (issue 16).
    ...assessmentReads(api, facts, street, district),
  ];
  scoped.push(...(await duesScopedReads(server.url, facts.districtId, district)));
  // The responsiveness check runs during the heaviest cockpit query (issue 6).
  let heaviest = scoped[0];
  let heaviestMs = 0;
  for (const s of scoped) {
    const ms = await medianGet(s.url, s.cookie, runs);
    reads.set(`${backend}.${s.key}`, ms);
    rows.push(row(`${p}.read.${s.key}`, ms, 'ms'));
    rows.push(row(`${p}.read.${s.key}.ratio-to-lookup`, ms / lookup, '×', { op: '<=', limit: s.limit ?? 5 }));
    if (s.key.startsWith('cockpit.') && ms > heaviestMs) {
      heaviestMs = ms;
      heaviest = s;
    }
  }

  // The full contract read (every branch × type row, for integrators): reported without a target,
  // with its row count; it grows with the branches by design.
  for (const [key, orgId, cookie] of [
    ['street', facts.streetId, street],
    ['district', facts.districtId, district],
  ] as const) {
    const url = `${api}/org-life/compliance?orgId=${orgId}&period=${month()}`;
    const ms = await medianGet(url, cookie, runs);
    const res = await fetch(url, { headers: { cookie } });
    const count = ((await res.json()) as { data: unknown[] }).data.length;
    rows.push(row(`${p}.read.compliance-full.${key}`, ms, 'ms'));
    rows.push(row(`${p}.read.compliance-full.${key}.rows`, count, 'rows'));
    rows.push(row(`${p}.read.compliance-full.${key}.ratio-to-lookup`, ms / lookup, '×'));
  }

  const seconds = options.quick ? 2 : 10;
  const warm = options.quick ? 1 : 5;
  const list = `${api}/members?page=1&pageSize=20`;
  await autocannonRun(list, warm, street);
  const listRun = await autocannonRun(list, seconds, street);
  await autocannonRun(oneQuery, warm, street);
  const oneRun = await autocannonRun(oneQuery, seconds, street);
  const staticRun = await autocannonRun(`${api}/bench/static`, seconds);
  rows.push(row(`${p}.http.members-list.rps`, listRun.rps, 'req/s'));
  rows.push(row(`${p}.http.members-list.p99`, listRun.p99, 'ms'));
  rows.push(row(`${p}.http.one-query.rps`, oneRun.rps, 'req/s'));
  rows.push(row(`${p}.http.one-query.p99`, oneRun.p99, 'ms'));
  rows.push(row(`${p}.http.static.rps`, staticRun.rps, 'req/s'));
  rows.push(row(`${p}.http.static.p99`, staticRun.p99, 'ms'));
  rows.push(
    row(`${p}.http.list-vs-one-query.rps-ratio`, listRun.rps / oneRun.rps, '×', { op: '>=', limit: 0.4 }),
  );
  rows.push(
    row(`${p}.http.list-vs-one-query.p99-ratio`, listRun.p99 / Math.max(1, oneRun.p99), '×', {
      op: '<=',
      limit: 3,
    }),
  );

  const hol = await healthDuringHeavy(server, heaviest.url, heaviest.cookie, options.quick ? 3 : 7);
  rows.push(row(`${p}.responsiveness.heaviest-read (${heaviest.key})`, hol.heavy, 'ms'));
  rows.push(
    row(
      `${p}.responsiveness.health-wait`,
      hol.wait,
      'ms',
      backend === 'pglite' ? { op: '<=', limit: 100 } : undefined,
    ),
  );
  rows.push(row(`${p}.responsiveness.health-wait-worst`, hol.worst, 'ms'));
  const resident = await login(server.url, 'resident');
  await measureHealthUnderLoad(server, { reader: street, writer: resident }, p, seconds, rows);
}

/** Org-life compliance in-process (the service calls, no HTTP) vs one indexed lookup, same connection. */
async function measureInProcess(
  ds: Dataset,
  facts: Facts,
  p: string,
  options: BenchOptions,
  rows: BenchRow[],
  reads: Map<string, number>,
): Promise<void> {
  const runs = options.quick ? 7 : 15;
  const database = await openDatabase({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl });
  try {
    const db = database.db;
    const lookupId = Math.max(1, Math.floor(facts.maxOrgId / 2));
    const lookup = await timeMedian(
      () => db.selectFrom('orgs').select(['id', 'path']).where('id', '=', lookupId).execute(),
      runs * 2,
    );
    rows.push(row(`${p}.inproc.indexed-lookup`, lookup, 'ms'));
    reads.set(`${ds.backend}.inproc.lookup`, lookup);
    await measureAssessmentRecompute(db, facts.districtId, p, rows);
    for (const [key, orgId] of [
      ['street', facts.streetId],
      ['district', facts.districtId],
    ] as const) {
      // The supervision aggregate (target ≤ 10× the lookup, growth ≤ 2×) …
      await measureComplianceSummary(db, orgId, month(), 2);
      const s = await measureComplianceSummary(db, orgId, month(), runs);
      reads.set(`${ds.backend}.inproc.compliance-summary.${key}`, s.medianMs);
      rows.push(row(`${p}.inproc.compliance-summary.${key}`, s.medianMs, 'ms'));
      rows.push(row(`${p}.inproc.compliance-summary.${key}.children`, s.children, 'rows'));
      rows.push(
        row(`${p}.inproc.compliance-summary.${key}.ratio-to-lookup`, s.medianMs / lookup, '×', {
          op: '<=',
          limit: 10,
        }),
      );
      // … and the full per-branch rows, reported without a target.
      await measureCompliance(db, orgId, month(), 2);
      const m = await measureCompliance(db, orgId, month(), runs);
      rows.push(row(`${p}.inproc.compliance-full.${key}`, m.medianMs, 'ms'));
      rows.push(row(`${p}.inproc.compliance-full.${key}.branch-rows`, m.rows, 'rows'));
      rows.push(row(`${p}.inproc.compliance-full.${key}.ratio-to-lookup`, m.medianMs / lookup, '×'));
    }
  } finally {
    await database.close();
  }
}

/**
 * Signed meetings with attendance for every branch over `months` months, in a window of its own
 * per size (older for each larger size), so attendance rows grow with the members.
 */
async function seedHistory(ds: Dataset, sizeIndex: number, months: number): Promise<number> {
  const database = await openDatabase({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl });
  try {
    const now = new Date();
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months * (sizeIndex + 1), 1));
    await seedOrgLifeHistory(database.db, { from: first.toISOString().slice(0, 10), months });
    const { rows: c } = await sql<{ n: number }>`
      select count(*)::int as n from org_life_attendance`.execute(database.db);
    return c[0].n;
  } finally {
    await database.close();
  }
}

/** Raw COPY of this dataset's member rows into an identical empty table: the import floor. */
async function measureCopy(ds: Dataset, p: string, rows: BenchRow[]): Promise<void> {
  const database = await openDatabase({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl });
  try {
    const db = database.db;
    await sql`drop table if exists bench_copy`.execute(db);
    await sql`create table bench_copy (like members including defaults including constraints including indexes)`.execute(
      db,
    );
    let n = 0;
    let ms = 0;
    if (database.pglite) {
      const out = await database.pglite.query(
        "copy (select * from members) to '/dev/blob' with (format csv)",
      );
      const blob = out.blob!;
      const start = performance.now();
      await database.pglite.query("copy bench_copy from '/dev/blob' with (format csv)", [], { blob });
      ms = performance.now() - start;
    } else {
      const file = path.join('/tmp', `jiceng-bench-copy-${process.pid}.csv`);
      await sql`copy (select * from members) to ${sql.lit(file)} with (format csv)`.execute(db);
      const start = performance.now();
      await sql`copy bench_copy from ${sql.lit(file)} with (format csv)`.execute(db);
      ms = performance.now() - start;
      // The server wrote it on this machine (docs/performance.md): remove it here.
      fs.rmSync(file, { force: true });
    }
    const { rows: c } = await sql<{ n: number }>`select count(*)::int as n from bench_copy`.execute(db);
    n = c[0].n;
    await sql`drop table bench_copy`.execute(db);
    rows.push(row(`${p}.import.raw-copy`, ms, 'ms'));
    rows.push(row(`${p}.import.raw-copy.rate`, n / (ms / 1000), 'rows/s'));
  } finally {
    await database.close();
  }
}

async function newDataset(backend: BenchBackend): Promise<Dataset> {
  const dataDir = scratchDir(`data-${backend}`);
  if (backend === 'pglite') {
    return { backend, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const { url, drop } = await createPgDatabase('run');
  return {
    backend,
    dataDir,
    databaseUrl: url,
    drop: async () => {
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function runBench(options: BenchOptions): Promise<{ rows: BenchRow[]; file: string }> {
  const log = options.log;
  const rows: BenchRow[] = [];
  fs.mkdirSync(options.resultsDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const selection =
    options.quick ||
    (options.backends.join() === 'pglite,postgres' && options.sizes.join() === 'district,city')
      ? ''
      : `-${options.backends.join('-')}-${options.sizes.join('-')}${options.healthLoadOnly ? '-health-load' : ''}${options.writesOnly ? '-writes' : ''}`;
  const file = path.join(options.resultsDir, `${date}${options.quick ? '-quick' : ''}${selection}.json`);
  // Written after every size too, so a long run stopped part-way keeps what it measured.
  const flush = () => {
    fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(rows, null, 2)}\n`);
    fs.renameSync(`${file}.tmp`, file);
  };
  const reads = new Map<string, Map<string, number>>();
  for (const backend of options.backends) {
    if (backend === 'postgres' && !(await postgresAvailable())) {
      log('PostgreSQL server not reachable: postgres backend skipped');
      continue;
    }
    const ds = await newDataset(backend);
    try {
      // Start-up on an empty data directory: initdb/migrations + the demo district.
      log(`${backend}: start-up on an empty database (builds the demo district)`);
      const first = await startServer({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl });
      await first.stop();
      const firstRss = first.peakRssMiB();
      // Targets of issue 19 on a quiet machine (compiled server): first start ≤ 5 s, restart ≤ 1.5 s.
      rows.push(row(`startup.${backend}.load-average-1m`, os.loadavg()[0], 'load'));
      rows.push(
        row(
          `startup.${backend}.empty-with-demo`,
          first.readyMs,
          'ms',
          backend === 'pglite' ? { op: '<=', limit: 5_000 } : undefined,
        ),
      );
      if (firstRss !== null) rows.push(row(`startup.${backend}.first-start-peak-rss`, firstRss, 'MiB'));
      // Where the first start goes, step by step (the server's own timings: load code, migrations,
      // the tree and accounts, each module's demo seed, analyze, …).
      for (const s of first.steps())
        rows.push(row(`startup.${backend}.first-start.step.${s.step}`, s.ms, 'ms'));
      const again = await startServer({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl });
      await again.stop();
      rows.push(row(`startup.${backend}.restart`, again.readyMs, 'ms', { op: '<=', limit: 1_500 }));
      const sizes = [...options.sizes].sort((a, b) => SIZES[a] - SIZES[b]);
      for (const size of sizes) {
        const p = `${size}.${backend}`;
        let facts = await readFacts(ds);
        const orgTarget = ORGS[size];
        if (facts.members < SIZES[size] * 0.95 || (orgTarget && facts.orgs < orgTarget * 0.95)) {
          log(
            `${p}: growing the dataset from ${facts.members} to ${SIZES[size]} members` +
              (orgTarget ? `, ${facts.orgs} to ${orgTarget} organizations` : ''),
          );
          const start = performance.now();
          try {
            topUp(ds, SIZES[size], orgTarget);
            rows.push(row(`${p}.dataset.generate`, performance.now() - start, 'ms'));
          } catch (error) {
            log(`${p}: ${error instanceof Error ? error.message : error}`);
          }
          facts = await readFacts(ds);
        }
        if (options.healthLoadOnly) {
          log(`${p}: health under ${HEALTH_LOAD_CLIENTS} clients`);
          const server = await startServer({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl });
          try {
            rows.push(row(`${p}.dataset.members`, facts.members, 'rows'));
            rows.push(row(`${p}.dataset.organizations`, facts.orgs, 'rows'));
            rows.push(row(`${p}.dataset.load-average-1m`, os.loadavg()[0], 'load'));
            const street = await login(server.url, 'street');
            const resident = await login(server.url, 'resident');
            await measureHealthUnderLoad(
              server,
              { reader: street, writer: resident },
              p,
              options.quick ? 3 : 10,
              rows,
            );
          } finally {
            await server.stop();
          }
          flush();
          continue;
        }
        if (options.writesOnly || (backend === 'postgres' && !options.quick)) {
          rows.push(row(`${p}.writes.load-average-1m`, os.loadavg()[0], 'load'));
          await measureWrites(ds, p, rows, { seconds: options.quick ? 5 : 15, log });
          flush();
          if (options.writesOnly) continue;
        }
        rows.push(row(`${p}.dataset.members`, facts.members, 'rows'));
        rows.push(row(`${p}.dataset.organizations`, facts.orgs, 'rows'));
        rows.push(row(`${p}.dataset.load-average-1m`, os.loadavg()[0], 'load'));
        const months = Math.min(options.historyMonths, HISTORY_MONTHS_CAP[size] ?? options.historyMonths);
        if (months > 0) {
          log(`${p}: ${months} months of org-life history with attendance`);
          rows.push(row(`${p}.dataset.history-months`, months, 'months'));
          const start = performance.now();
          const attendance = await seedHistory(ds, sizes.indexOf(size), months);
          rows.push(row(`${p}.dataset.org-life-history`, performance.now() - start, 'ms'));
          rows.push(row(`${p}.dataset.attendance`, attendance, 'rows'));
        }
        log(`${p}: ${facts.members} members; server measurements`);
        rows.push(row(`${p}.reads.load-average-1m`, os.loadavg()[0], 'load'));
        const server = await startServer({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl });
        const sizeReads = new Map<string, number>();
        try {
          rows.push(row(`${p}.startup.existing-data`, server.readyMs, 'ms'));
          await measureServer(server, facts, p, backend, options, rows, sizeReads);
        } finally {
          await server.stop();
        }
        const rss = server.peakRssMiB();
        if (rss !== null)
          rows.push(
            row(
              `${p}.memory.server-peak-rss`,
              rss,
              'MiB',
              size === 'district' ? { op: '<=', limit: 400 } : undefined,
            ),
          );
        reads.set(`${size}.${backend}`, sizeReads);
        log(`${p}: org-life compliance in-process`);
        await measureInProcess(ds, facts, p, options, rows, sizeReads);
        log(`${p}: import ${options.importRows} rows (CSV, .xlsx) vs raw COPY`);
        await measureImport(ds, p, rows, {
          count: options.importRows,
          orgCode: 'SFQ-01-01-G1',
          sizeIndex: sizes.indexOf(size),
          xlsx: true,
        });
        log(`${p}: raw COPY of all members`);
        await measureCopy(ds, p, rows);
        flush();
      }
      // Growth: the same reads at the largest size over the smallest.
      if (sizes.length > 1 && !options.healthLoadOnly) {
        const small = reads.get(`${sizes[0]}.${backend}`)!;
        const large = reads.get(`${sizes[sizes.length - 1]}.${backend}`)!;
        const tag = `${sizes[sizes.length - 1]}-over-${sizes[0]}`;
        // The lookup of the same size and kind (HTTP or in-process): on a shared machine the load
        // moves every figure of a size together, and the lookup's own growth shows by how much.
        const lookupOf = (m: Map<string, number>, key: string) =>
          m.get(key.includes('.inproc.') ? `${backend}.inproc.lookup` : `${backend}.lookup`);
        for (const [key, ms] of large) {
          const base = small.get(key);
          if (!base) continue;
          if (key.endsWith('lookup')) {
            rows.push(row(`growth.${key}.${tag}`, ms / base, '×'));
            continue;
          }
          rows.push(row(`growth.${key}.${tag}`, ms / base, '×', { op: '<=', limit: 1.5 }));
          const [lookLarge, lookSmall] = [lookupOf(large, key), lookupOf(small, key)];
          if (lookLarge && lookSmall) {
            rows.push(
              row(`growth.${key}.${tag}.lookup-normalized`, ms / lookLarge / (base / lookSmall), '×'),
            );
          }
        }
      }
    } finally {
      await ds.drop();
    }
  }
  let treeRows: BenchRow[] = [];
  if (options.tree) {
    log('tree representations (ADR 0003)');
    treeRows = await runTreeBench({
      backends: options.backends,
      shape: [20, 20, 10, 14],
      membersPerBuilding: 4,
      runs: 7,
      log,
    });
    rows.push(...treeRows);
  }
  flush();
  if (options.updateDocs) updateDocs(rows, treeRows, date, options);
  return { rows, file };
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function updateDocs(rows: BenchRow[], treeRows: BenchRow[], date: string, options: BenchOptions): void {
  const doc = path.join(ROOT, 'docs/performance.md');
  if (!fs.existsSync(doc)) return;
  const text = fs.readFileSync(doc, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return;
  const main = rows.filter((r) => !r.name.startsWith('tree.'));
  const block = [
    START,
    `Latest run: ${date}, \`npm run bench -- --sizes ${options.sizes.join(',')} --backends ${options.backends.join(',')}\`.`,
    '',
    markdownTable(main),
    ...(treeRows.length ? ['', 'Tree representations (ADR 0003):', '', treeMatrix(treeRows)] : []),
    END,
  ].join('\n');
  fs.writeFileSync(doc, text.slice(0, a) + block + text.slice(b + END.length));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2));
  const { rows, file } = await runBench(options);
  console.log(formatTable(rows));
  const missed = rows.filter((r) => r.met === false);
  console.log(
    `\n${rows.length} rows written to ${path.relative(process.cwd(), file)}; targets missed: ${missed.length}`,
  );
}
