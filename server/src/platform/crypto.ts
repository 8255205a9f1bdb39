import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
  randomFillSync,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Field encryption (AES-256-GCM) for ID numbers, phones and addresses, and keyed blind indexes
 * (HMAC-SHA256) for exact lookups. Both keys derive from one secret that never sits in code.
 */
export interface FieldCrypto {
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
  blindIndex(value: string): string;
}

/** The two derived keys (encryption, blind index): handed to the import worker thread only. */
export interface FieldKeys {
  enc: Buffer;
  idx: Buffer;
}

const KEYS = new WeakMap<FieldCrypto, FieldKeys>();

/** The derived keys of a FieldCrypto made here (for the in-process import worker). */
export function fieldKeysOf(crypto: FieldCrypto): FieldKeys {
  const keys = KEYS.get(crypto);
  if (!keys) throw new Error('field keys unavailable');
  return keys;
}

export function createFieldCrypto(secret: Buffer): FieldCrypto {
  if (secret.length < 32) throw new Error('JICENG_SECRET_KEY 至少需要 32 字节');
  const enc = createHmac('sha256', secret).update('jiceng:field-encryption:v1').digest();
  const idx = createHmac('sha256', secret).update('jiceng:blind-index:v1').digest();
  const crypto = fieldCryptoFromKeys({ enc, idx });
  KEYS.set(crypto, { enc, idx });
  return crypto;
}

/** Key objects are made once and reused for every field (no per-call key import). */
export function fieldCryptoFromKeys(keys: FieldKeys): FieldCrypto {
  const encKey: KeyObject = createSecretKey(keys.enc);
  const idxKey: KeyObject = createSecretKey(keys.idx);
  // Random 96-bit IVs, drawn from the CSPRNG 4,096 at a time (each used once): one system call
  // per 4,096 fields instead of one per field.
  const ivPool = Buffer.allocUnsafe(12 * 4096);
  let ivAt = ivPool.length;
  return {
    encrypt(plain) {
      if (ivAt === ivPool.length) {
        randomFillSync(ivPool);
        ivAt = 0;
      }
      const iv = ivPool.subarray(ivAt, ivAt + 12);
      ivAt += 12;
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = cipher.update(plain, 'utf8');
      cipher.final();
      const out = Buffer.allocUnsafe(28 + ct.length);
      iv.copy(out, 0);
      cipher.getAuthTag().copy(out, 12);
      ct.copy(out, 28);
      return `v1:${out.toString('base64')}`;
    },
    decrypt(value) {
      if (!value.startsWith('v1:')) throw new Error('unknown ciphertext version');
      const raw = Buffer.from(value.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', idxKey).update(value).digest('hex');
    },
  };
}

/**
 * The secret comes from JICENG_SECRET_KEY (base64). Outside production a key is generated once
 * into the data directory, so a laptop install works with no setup.
 */
export function loadSecret(configured: string | undefined, dataDir: string, production: boolean): Buffer {
  const existing = readSecret(configured, dataDir, production);
  if (existing) return existing;
  if (production) throw new Error('生产环境必须设置 JICENG_SECRET_KEY（32 字节，base64）');
  const file = secretFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

/** Where a generated key lives: `<data dir>/secret.key` (base64, one line). */
export function secretFile(dataDir: string): string {
  return path.join(dataDir, 'secret.key');
}

/** The key as loadSecret would find it, without generating one (restore, `jiceng key export`). */
export function readSecret(
  configured: string | undefined,
  dataDir: string,
  production: boolean,
): Buffer | undefined {
  if (configured) return Buffer.from(configured, 'base64');
  if (production) return undefined;
  const file = secretFile(dataDir);
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  return undefined;
}

/**
 * A fingerprint that names a key without revealing it: HMAC-SHA256 of a fixed label under the key,
 * first 16 hex digits. Recorded in the database and in backup headers (ADR 0008).
 */
export function keyFingerprint(secret: Buffer): string {
  return createHmac('sha256', secret).update('jiceng:key-fingerprint:v1').digest('hex').slice(0, 16);
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Show the first 3 and last 4 characters only (security.md item 18). */
export function maskMiddle(value: string | null | undefined, head = 3, tail = 4): string | null {
  if (value == null) return null;
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(-tail);
}
