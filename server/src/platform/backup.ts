import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Logical backup that works the same on the embedded database and on a PostgreSQL server, and
 * between them: gzip'd JSON lines, a header with the applied migrations, then each table's rows.
 */
interface Header {
  format: 'jiceng-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
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
): Promise<{ tables: number; rows: number }> {
  const tables = (await userTables(db)).filter((t) => !t.startsWith('kysely_migration'));
  const header: Header = {
    format: 'jiceng-backup',
    version: 1,
    createdAt: now.toISOString(),
    migrations: await appliedMigrations(db),
    tables,
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

export async function readBackupHeader(file: string): Promise<Header> {
  for await (const line of readline.createInterface({
    input: fs.createReadStream(file).pipe(createGunzip()),
  })) {
    const header = JSON.parse(line) as Header;
    if (header.format !== 'jiceng-backup') throw new Error('不是 Jiceng 备份文件');
    return header;
  }
  throw new Error('备份文件为空');
}

/**
 * Restore into a database migrated to the backup's version and holding no data. Triggers are off
 * during the load (audit rows keep their original ids and hashes); sequences are moved past the
 * restored ids.
 */
export async function restoreDatabase(db: Db, file: string): Promise<{ rows: number }> {
  const header = await readBackupHeader(file);
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
    await sql`set local session_replication_role = replica`.execute(trx);
    for (const table of header.tables) await sql`delete from ${sql.table(table)}`.execute(trx);
    let batch: { t: string; r: unknown }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const table = batch[0].t;
      await sql`insert into ${sql.table(table)} select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(batch.map((b) => b.r))}::jsonb)`.execute(
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
