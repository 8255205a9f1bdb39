import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { createFieldCrypto, keyFingerprint, secretFile } from './crypto.ts';
import type { Db } from './db.ts';

/**
 * The secret that encrypts personal data must be the one the data was encrypted with: the
 * database records its fingerprint (`instance_keys`, never the key) at the first start, and
 * start-up and restore refuse any other key (ADR 0008). Without this a restored database with a
 * newly generated key starts healthy and every member detail fails to decrypt.
 */
export class KeyMismatchError extends Error {
  override name = 'KeyMismatchError';
}

/** Where the operator must put the key, in the words of the refusal (the configured place wins). */
export function keyLocationHint(config: Pick<Config, 'nodeEnv' | 'secretKey' | 'dataDir'>): string {
  if (config.nodeEnv === 'production' || config.secretKey) {
    return '请把环境变量 JICENG_SECRET_KEY 设为备份时用 jiceng key export 导出的那把密钥（base64）后重试';
  }
  return `请把备份时用 jiceng key export 导出的那把密钥写入 ${secretFile(config.dataDir)}（或设为环境变量 JICENG_SECRET_KEY）后重试`;
}

export function keyMismatchMessage(
  where: '数据库' | '备份',
  expected: string,
  secret: Buffer | undefined,
  hint: string,
): string {
  const current = secret ? `当前密钥指纹为 ${keyFingerprint(secret)}` : '当前没有密钥';
  const refused = where === '备份' ? '已拒绝恢复，未写入任何数据' : '已拒绝启动';
  return `${where}中的个人信息是用指纹为 ${expected} 的密钥加密的，${current}；${refused}。${hint}。`;
}

export function undecryptableMessage(where: '数据库' | '备份', secret: Buffer, hint: string): string {
  const refused = where === '备份' ? '已拒绝恢复，未写入任何数据' : '已拒绝启动';
  return `${where}中的个人信息无法用当前密钥（指纹 ${keyFingerprint(secret)}）解密：它们是用另一把密钥加密的；${refused}。${hint}。`;
}

/** Whether `value` (an `…_enc` column's text) decrypts under `secret`. */
export function decryptsWith(secret: Buffer, value: string): boolean {
  try {
    createFieldCrypto(secret).decrypt(value);
    return true;
  } catch {
    return false;
  }
}

export async function recordedKeyFingerprint(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ fingerprint: string }>`
    select fingerprint from instance_keys where purpose = 'field-encryption'`.execute(db);
  return rows[0]?.fingerprint;
}

export async function recordKeyFingerprint(db: Db, secret: Buffer, now: Date): Promise<void> {
  await sql`
    insert into instance_keys (purpose, fingerprint, recorded_at)
    values ('field-encryption', ${keyFingerprint(secret)}, ${now})
    on conflict (purpose) do nothing`.execute(db);
}

/** One stored ciphertext of any `…_enc` column, if the database holds any. */
async function sampleCiphertext(db: Db): Promise<string | undefined> {
  const { rows: columns } = await sql<{ tableName: string; columnName: string }>`
    select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       and c.column_name like '%\\_enc' and c.data_type = 'text'
     order by c.table_name, c.column_name`.execute(db);
  for (const { tableName, columnName } of columns) {
    const { rows } = await sql<{ v: string }>`
      select ${sql.ref(columnName)} as v from ${sql.table(tableName)}
       where ${sql.ref(columnName)} is not null limit 1`.execute(db);
    if (rows[0]) return rows[0].v;
  }
  return undefined;
}

/**
 * Start-up: refuse a key whose fingerprint differs from the one recorded in the database. A
 * database from before fingerprints were recorded is checked against one of its ciphertexts,
 * then the key's fingerprint is recorded.
 */
export async function assertKeyMatchesDatabase(
  db: Db,
  secret: Buffer,
  hint: string,
  now: Date,
): Promise<void> {
  const recorded = await recordedKeyFingerprint(db);
  if (recorded === undefined) {
    const sample = await sampleCiphertext(db);
    if (sample !== undefined && !decryptsWith(secret, sample)) {
      throw new KeyMismatchError(undecryptableMessage('数据库', secret, hint));
    }
    await recordKeyFingerprint(db, secret, now);
  }
  // Read again: another process may have recorded its key first.
  const expected = recorded ?? (await recordedKeyFingerprint(db));
  if (expected !== undefined && expected !== keyFingerprint(secret)) {
    throw new KeyMismatchError(keyMismatchMessage('数据库', expected, secret, hint));
  }
}
