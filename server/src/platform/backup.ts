import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import { keyFingerprint } from './crypto.ts';
import type { Db } from './db.ts';
import { decryptsWith, KeyMismatchError, keyMismatchMessage, undecryptableMessage } from './keys.ts';

/**
 * Logical backup that works the same on the embedded database and on a PostgreSQL server, and
 * between them: gzip'd JSON lines, a header with the applied migrations, then each table's rows
 * (ADR 0008).
 */
export interface Header {
  format: 'jiceng-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
  /** Fingerprint of the key the personal data is encrypted with (never the key); absent in old backups. */
  keyFingerprint?: string;
}

async function userTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE'
     order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

async function appliedMigrations(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

export async function backupDatabase(
  db: Db,
  file: string,
  now: Date,
  /** `keyFingerprint(secret)` of the key the database's personal data is encrypted with. */
  fingerprint: string,
): Promise<{ tables: number; rows: number }> {
  const tables = (await userTables(db)).filter((t) => !t.startsWith('kysely_migration'));
  const header: Header = {
    format: 'jiceng-backup',
    version: 1,
    createdAt: now.toISOString(),
    migrations: await appliedMigrations(db),
    tables,
    keyFingerprint: fingerprint,
  };
  const gzip = createGzip();
  const out = fs.createWriteStream(`${file}.partial`);
  gzip.pipe(out);
  const write = (line: unknown) =>
    new Promise<void>((resolve) => {
      if (gzip.write(`${JSON.stringify(line)}\n`)) resolve();
      else gzip.once('drain', resolve);
    });
  await write(header);
  let total = 0;
  // One snapshot for the whole backup.
  await db.transaction().execute(async (trx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(trx);
    for (const table of tables) {
      let offset = 0;
      for (;;) {
        // As text: the camel-case plugin must not rename the column keys.
        const { rows } = await sql<{ j: string }>`
          select to_jsonb(t)::text as j from ${sql.table(table)} t order by 1 limit 5000 offset ${offset}`.execute(
          trx,
        );
        for (const r of rows) await write({ t: table, r: JSON.parse(r.j) });
        total += rows.length;
        offset += rows.length;
        if (rows.length < 5000) break;
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.end();
  });
  fs.renameSync(`${file}.partial`, file);
  return { tables: tables.length, rows: total };
}

function backupLines(file: string) {
  return readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()) });
}

export async function readBackupHeader(file: string): Promise<Header> {
  for await (const line of backupLines(file)) {
    const header = JSON.parse(line) as Header;
    if (header.format !== 'jiceng-backup') throw new Error('不是 Jiceng 备份文件');
    return header;
  }
  throw new Error('备份文件为空');
}

/** The first encrypted value (`…_enc` column) among the backup's rows, if any. */
export async function backupCiphertextSample(file: string): Promise<string | undefined> {
  let first = true;
  for await (const line of backupLines(file)) {
    if (first || !line.includes('_enc":"v1:')) {
      first = false;
      continue;
    }
    const { r } = JSON.parse(line) as { r: Record<string, unknown> };
    for (const [column, value] of Object.entries(r)) {
      if (column.endsWith('_enc') && typeof value === 'string') return value;
    }
  }
  return undefined;
}

export interface RestoreKey {
  /** The key the restored server will run with. */
  secret: Buffer;
  /** Where the operator must put the right key (`keyLocationHint`). */
  keyHint: string;
  /** Told when the backup records no key fingerprint (made before fingerprints were recorded). */
  onWarning?: (message: string) => void;
}

/**
 * Refuse, before anything is written, a key other than the one the backup's personal data is
 * encrypted with: by the header's fingerprint, or for an old backup without one, by decrypting
 * one of its ciphertexts (with a warning).
 */
export async function assertBackupKey(file: string, header: Header, key: RestoreKey): Promise<void> {
  if (header.keyFingerprint) {
    if (header.keyFingerprint !== keyFingerprint(key.secret)) {
      throw new KeyMismatchError(keyMismatchMessage('备份', header.keyFingerprint, key.secret, key.keyHint));
    }
    return;
  }
  key.onWarning?.(
    '警告：备份文件没有记录密钥指纹（旧版本备份），只能用备份中的一条密文核对当前密钥；请确认使用的是备份时的密钥。',
  );
  const sample = await backupCiphertextSample(file);
  if (sample !== undefined && !decryptsWith(key.secret, sample)) {
    throw new KeyMismatchError(undecryptableMessage('备份', key.secret, key.keyHint));
  }
}

/**
 * The columns a restore writes, per table: every column except those the database computes
 * (`generated always as (…) stored`, e.g. `members.joined_md`), which it recomputes from the
 * restored values; identity columns `generated always` keep the backup's values through
 * `overriding system value`.
 */
async function insertTargets(db: Db): Promise<Map<string, { columns: string[]; identityAlways: boolean }>> {
  const { rows } = await sql<{ tbl: string; col: string; generated: string; identity: string | null }>`
    select c.table_name as tbl, c.column_name as col, c.is_generated as generated,
           c.identity_generation as identity
      from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
     order by c.table_name, c.ordinal_position`.execute(db);
  const targets = new Map<string, { columns: string[]; identityAlways: boolean }>();
  for (const r of rows) {
    const target = targets.get(r.tbl) ?? { columns: [], identityAlways: false };
    targets.set(r.tbl, target);
    if (r.generated === 'ALWAYS') continue;
    target.columns.push(r.col);
    if (r.identity === 'ALWAYS') target.identityAlways = true;
  }
  return targets;
}

/**
 * Restore into a database migrated to the backup's version and holding no data, with the key the
 * backup's personal data is encrypted with (checked before anything is written). Triggers are off
 * during the load: audit rows keep their original ids and hashes, and the rollup tables that
 * triggers maintain (member, organization and org-life rollups) are restored verbatim from the
 * same snapshot as the rows they count. Generated columns are recomputed by the database.
 * Sequences are moved past the restored ids.
 */
export async function restoreDatabase(db: Db, file: string, key: RestoreKey): Promise<{ rows: number }> {
  const header = await readBackupHeader(file);
  await assertBackupKey(file, header, key);
  const applied = await appliedMigrations(db);
  if (header.migrations.join() !== applied.join()) {
    throw new Error('目标数据库的迁移版本与备份不一致');
  }
  let rows = 0;
  await db.transaction().execute(async (trx) => {
    // "Empty" means no organizations and no accounts: reference rows that migrations insert
    // (catalogues, calendars) are replaced by the backup's own copies.
    for (const table of ['orgs', 'users']) {
      const { rows: existing } = await sql<{
        n: number;
      }>`select count(*) as n from ${sql.table(table)}`.execute(trx);
      if (Number(existing[0].n) > 0) throw new Error(`目标数据库不是空库（${table} 已有数据），拒绝覆盖`);
    }
    const targets = await insertTargets(trx);
    await sql`set local session_replication_role = replica`.execute(trx);
    for (const table of header.tables) await sql`delete from ${sql.table(table)}`.execute(trx);
    let batch: { t: string; r: unknown }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const table = batch[0].t;
      const target = targets.get(table);
      if (!target) throw new Error(`目标数据库没有备份中的表 ${table}`);
      const columns = sql.join(target.columns.map((c) => sql.ref(c)));
      const overriding = target.identityAlways ? sql`overriding system value` : sql``;
      await sql`insert into ${sql.table(table)} (${columns}) ${overriding}
        select ${columns} from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(batch.map((b) => b.r))}::jsonb)`.execute(
        trx,
      );
      rows += batch.length;
      batch = [];
    };
    let first = true;
    for await (const line of readline.createInterface({
      input: fs.createReadStream(file).pipe(createGunzip()),
    })) {
      if (first) {
        first = false;
        continue;
      }
      if (!line) continue;
      const item = JSON.parse(line) as { t: string; r: unknown };
      if (batch.length > 0 && (batch[0].t !== item.t || batch.length >= 2000)) await flush();
      batch.push(item);
    }
    await flush();
    await sql`set local session_replication_role = origin`.execute(trx);
    const { rows: seqs } = await sql<{ table: string; column: string; seq: string }>`
      select c.table_name as table, c.column_name as column, pg_get_serial_sequence(c.table_name, c.column_name) as seq
        from information_schema.columns c
       where c.table_schema = 'public' and (c.is_identity = 'YES' or c.column_default like 'nextval%')`.execute(
      trx,
    );
    for (const s of seqs) {
      if (!s.seq) continue;
      await sql`select setval(${s.seq}, greatest(1, coalesce((select max(${sql.ref(s.column)}) from ${sql.table(s.table)}), 0)), (select count(*) > 0 from ${sql.table(s.table)}))`.execute(
        trx,
      );
    }
    await sql`select setval('audit_log_seq', greatest(1, coalesce((select max(id) from audit_log), 0)), (select count(*) > 0 from audit_log))`.execute(
      trx,
    );
  });
  return { rows };
}
