/**
 * Import benchmark (issue 6): members from a CSV file through the product's import path — the
 * same `prepareMemberImport` + `commitMemberImport` the CLI (`jiceng import members`) and the
 * HTTP import call: parse in a worker, normalize, validate, check against the register, encrypt,
 * write with the audit row in one transaction — against a raw `COPY` of the very rows that import
 * wrote, into an empty table shaped like `members` (same indexes), in the same database and run.
 * The .xlsx path is measured too (no target).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { checkDigit } from '../server/src/modules/members/idcard.ts';
import {
  commitMemberImport,
  preloadMemberParser,
  previewMemberImport,
} from '../server/src/modules/members/import/import.service.ts';
import {
  MEMBER_COLUMNS,
  type ParseInput,
  type ParseResult,
  type SealInput,
  type SealResult,
} from '../server/src/modules/members/import/parse.ts';
import { today } from '../server/src/modules/members/members.service.ts';
import { getRule } from '../server/src/modules/members/rules.ts';
import { deriveAuditChainKey, recordAudit } from '../server/src/platform/audit.ts';
import { createFieldCrypto, fieldKeysOf, loadSecret } from '../server/src/platform/crypto.ts';
import { type Database, openDatabase } from '../server/src/platform/db.ts';
import { createImportJob, deleteImportJob, runPreview } from '../server/src/platform/imports/jobs.ts';
import { runInParseWorker } from '../server/src/platform/imports/parse-worker.ts';
import { type BenchBackend, createPgDatabase, scratchDir } from './lib/raw.ts';
import { type BenchRow, formatTable, row } from './lib/stats.ts';

/** Indexes of the import files' people (their ID numbers: `importIdNumber`). */
const CSV_BASE = 1_000_000;
const XLSX_BASE = 3_000_000;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '军', '杰', '涛'];
const CATEGORIES = ['在职党员', '离退休党员', '流动党员', '学生党员', '其他'];
const EDUCATIONS = ['研究生', '大学本科', '大学专科', '高中及中专', '初中'];

/**
 * ID numbers of the import files under a province prefix (62) the demo generator never uses, so
 * they never collide with generated members at any size (the province has 8,000,000); unique for
 * index < 5,000,000.
 */
function importIdNumber(n: number, birth: string, male: boolean): string {
  const body = `62${String(Math.floor(n / 500) % 10_000).padStart(4, '0')}${birth.replace(/-/g, '')}${String((n % 500) * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
  return body + checkDigit(body);
}

/** Rows as an office would type them: every template column, some optional cells empty. */
export function memberFileRows(count: number, base: number): string[][] {
  const rows: string[][] = [MEMBER_COLUMNS.map((c) => c.label)];
  for (let i = 0; i < count; i++) {
    const n = base + i;
    const year = 1950 + (n % 50);
    const birth = `${year}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const male = n % 2 === 0;
    const joined = `${year + 22 + (n % 5)}-07-01`;
    const full = n % 9 === 0 ? '' : `${year + 23 + (n % 5)}-07-01`;
    rows.push([
      SURNAMES[n % SURNAMES.length] + GIVEN[n % GIVEN.length] + GIVEN[(n >> 3) % GIVEN.length],
      male ? '男' : '女',
      '汉族',
      importIdNumber(n, birth, male),
      n % 3 === 0 ? '' : `139${String(n % 100_000_000).padStart(8, '0')}`,
      n % 4 === 0 ? '' : `示范区朝阳路${n % 500}号`,
      EDUCATIONS[n % EDUCATIONS.length],
      n % 5 === 0 ? '' : '示范区第一中学',
      n % 5 === 0 ? '' : '教师',
      joined,
      full,
      CATEGORIES[n % CATEGORIES.length],
      full ? '正式党员' : '预备党员',
      '',
    ]);
  }
  return rows;
}

export function toCsvBytes(rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\n')}\n`);
}

export async function toXlsxBytes(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Target {
  dataDir: string;
  databaseUrl?: string;
}

/** The product's import path, end to end, as the CLI runs it (without its progress bars). */
async function importFile(
  database: Database,
  secret: Buffer,
  orgCode: string,
  bytes: Buffer,
  filename: string,
): Promise<{ ms: number; previewMs: number; importId: number; imported: number }> {
  const db = database.db;
  const crypto = createFieldCrypto(secret);
  // As in the app: the parse worker is started (with its parser loaded) when the app starts.
  await preloadMemberParser();
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'code', 'name'])
    .where('code', '=', orgCode)
    .executeTakeFirstOrThrow();
  const start = performance.now();
  const now = new Date();
  const job = await createImportJob(db, {
    kind: 'members',
    orgId: org.id,
    ownerId: null,
    bytes,
    filename,
    now,
  });
  const ready = await runPreview(
    db,
    job,
    () => new Date(),
    () => previewMemberImport(db, crypto, job, org, bytes, today(now)),
  );
  const previewMs = performance.now() - start;
  const preview = ready.preview;
  if (!preview || preview.fatal || preview.errors.length > 0 || preview.alreadyImported) {
    const first = preview?.errors[0];
    throw new Error(
      `bench import of ${filename} refused: ${ready.error ?? preview?.fatal ?? (first ? `row ${first.row} ${first.column}: ${first.message}` : 'already imported')}`,
    );
  }
  const result = await db.transaction().execute((trx) =>
    commitMemberImport(trx, ready, org, {
      actorId: null,
      now,
      audit: (event) =>
        recordAudit(
          trx,
          {
            at: now,
            userId: null,
            username: 'bench',
            ip: null,
            userAgent: 'jiceng-bench',
            requestId: null,
            chainKey: deriveAuditChainKey(secret),
          },
          event,
        ),
    }),
  );
  const ms = performance.now() - start;
  await deleteImportJob(db, job.id);
  return { ms, previewMs, importId: result.importId, imported: result.imported };
}

/** Raw COPY (the floor) of the rows one import wrote into an empty table shaped like `members`. */
async function copyImportedRows(database: Database, importId: number): Promise<{ ms: number; rows: number }> {
  const db = database.db;
  await sql`drop table if exists bench_copy`.execute(db);
  await sql`create table bench_copy (like members including defaults including constraints including indexes)`.execute(
    db,
  );
  let ms: number;
  if (database.pglite) {
    const out = await database.pglite.query(
      `copy (select * from members where import_id = ${Number(importId)}) to '/dev/blob' with (format csv)`,
    );
    const blob = out.blob as Blob;
    const start = performance.now();
    await database.pglite.query("copy bench_copy from '/dev/blob' with (format csv)", [], { blob });
    ms = performance.now() - start;
  } else {
    // Server-side file: the PostgreSQL server runs on this machine (docs/performance.md).
    const file = path.join(os.tmpdir(), `jiceng-bench-import-${process.pid}.csv`);
    await sql`copy (select * from members where import_id = ${sql.lit(importId)}) to ${sql.lit(file)} with (format csv)`.execute(
      db,
    );
    const start = performance.now();
    await sql`copy bench_copy from ${sql.lit(file)} with (format csv)`.execute(db);
    ms = performance.now() - start;
    fs.rmSync(file, { force: true });
  }
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from bench_copy`.execute(db);
  await sql`drop table bench_copy`.execute(db);
  return { ms, rows: rows[0].n };
}

/**
 * CSV import vs raw COPY of the same rows, then the .xlsx path. Runs with the server stopped (the
 * embedded database has one writer). Each size imports into its own grid branch, so the files
 * never repeat an ID number already registered.
 */
export async function measureImport(
  target: Target,
  p: string,
  rows: BenchRow[],
  options: { count: number; orgCode: string; sizeIndex: number; xlsx: boolean },
): Promise<void> {
  const database = await openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
  try {
    const secret = loadSecret(process.env.JICENG_SECRET_KEY || undefined, target.dataDir, false);
    const shift = options.sizeIndex * options.count;
    const csv = toCsvBytes(memberFileRows(options.count, CSV_BASE + shift));
    const imported = await importFile(database, secret, options.orgCode, csv, 'bench-members.csv');
    if (imported.imported !== options.count) {
      throw new Error(`bench CSV import wrote ${imported.imported} of ${options.count} rows`);
    }
    const copy = await copyImportedRows(database, imported.importId);
    if (copy.rows !== options.count)
      throw new Error(`bench COPY wrote ${copy.rows} of ${options.count} rows`);
    rows.push(row(`${p}.import.csv.rows`, options.count, 'rows'));
    rows.push(row(`${p}.import.csv`, imported.ms, 'ms'));
    rows.push(row(`${p}.import.csv.preview`, imported.previewMs, 'ms'));
    rows.push(row(`${p}.import.csv.commit`, imported.ms - imported.previewMs, 'ms'));
    rows.push(row(`${p}.import.csv.rate`, options.count / (imported.ms / 1000), 'rows/s'));
    rows.push(row(`${p}.import.raw-copy-same-rows`, copy.ms, 'ms'));
    rows.push(
      row(
        `${p}.import.csv-vs-raw-copy`,
        imported.ms / copy.ms,
        '×',
        database.backend === 'postgres' ? { op: '<=', limit: 3 } : undefined,
      ),
    );
    const sealMs = await measureSealing(database, secret, options.orgCode, csv);
    rows.push(row(`${p}.import.encryption-alone`, sealMs, 'ms'));
    rows.push(row(`${p}.import.encryption-alone-vs-raw-copy`, sealMs / copy.ms, '×'));
    rows.push(row(`${p}.import.csv-minus-encryption-vs-raw-copy`, (imported.ms - sealMs) / copy.ms, '×'));
    if (options.xlsx) {
      const xlsx = await toXlsxBytes(memberFileRows(options.count, XLSX_BASE + shift));
      const viaXlsx = await importFile(database, secret, options.orgCode, xlsx, 'bench-members.xlsx');
      rows.push(row(`${p}.import.xlsx`, viaXlsx.ms, 'ms'));
      rows.push(row(`${p}.import.xlsx.rate`, viaXlsx.imported / (viaXlsx.ms / 1000), 'rows/s'));
    }
  } finally {
    await database.close();
  }
}

const PARSER = new URL('../server/src/modules/members/import/parse.ts', import.meta.url).href;

/**
 * Encryption on its own (issue 19): the blind indexes and field encryption of the file's rows, as
 * the import does them (chunks of 5,000 over the parse workers, in parallel), without parsing,
 * checking or writing. The floor that the import cannot go under while it encrypts.
 */
async function measureSealing(
  database: Database,
  secret: Buffer,
  orgCode: string,
  bytes: Buffer,
): Promise<number> {
  const db = database.db;
  const org = await db
    .selectFrom('orgs')
    .select(['path'])
    .where('code', '=', orgCode)
    .executeTakeFirstOrThrow();
  const day = today(new Date());
  const input: ParseInput = {
    bytes,
    today: day,
    categories: (await getRule(db, 'members.categories', org.path, day)).value,
    educationSynonyms: (await getRule(db, 'members.education_synonyms', org.path, day)).value,
    joinAge: (await getRule(db, 'members.join_age', org.path, day)).value,
  };
  const parsed = await runInParseWorker<ParseInput, ParseResult>(PARSER, 'parseMemberFile', input);
  const keys = fieldKeysOf(createFieldCrypto(secret));
  const chunk = 5000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.ceil(parsed.rows.length / chunk) }, (_, seq) =>
      runInParseWorker<SealInput, SealResult>(PARSER, 'sealMemberRows', {
        rows: parsed.rows.slice(seq * chunk, (seq + 1) * chunk),
        keys,
        encrypt: true,
        chunkSize: chunk,
      }),
    ),
  );
  return performance.now() - start;
}

/**
 * The import measurement alone, on a fresh demo district (30,000 members) per backend:
 *   npx tsx bench/import.ts --backends postgres,pglite --rows 10000,100000 [--xlsx]
 */
async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1]! : fallback;
  };
  const backends = arg('--backends', 'postgres').split(',') as BenchBackend[];
  const counts = arg('--rows', '10000').split(',').map(Number);
  const { loadConfig } = await import('../server/src/config.ts');
  const { prepareDatabase } = await import('../server/src/startup.ts');
  const { systemClock } = await import('../server/src/platform/clock.ts');
  const rows: BenchRow[] = [];
  for (const backend of backends) {
    const dataDir = scratchDir(`import-${backend}`);
    const pgDb = backend === 'postgres' ? await createPgDatabase('import') : null;
    try {
      const config = { ...loadConfig({ ...process.env, NODE_ENV: 'development' }), dataDir, demo: true };
      config.databaseUrl = pgDb?.url;
      const started = await prepareDatabase(config, systemClock);
      await started.database.close();
      for (const [sizeIndex, count] of counts.entries()) {
        await measureImport({ dataDir, databaseUrl: pgDb?.url }, `district.${backend}`, rows, {
          count,
          orgCode: 'SFQ-01-01-G1',
          sizeIndex,
          xlsx: argv.includes('--xlsx'),
        });
      }
    } finally {
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(formatTable(rows));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
