import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertTwoDistricts, insertUser } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { runInParseWorker } from './parse-worker.ts';
import { checkZip, DEFAULT_LIMITS } from './sheet.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `megabytes` of zeros, deflated as a stream (the test never holds the inflated bytes either). */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const deflater = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => deflater.on('end', resolve));
  const zeros = Buffer.alloc(1_048_576);
  for (let i = 0; i < megabytes; i++) {
    if (!deflater.write(zeros)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await ended;
  return Buffer.concat(out);
}

/** A one-part zip whose headers declare `declared` uncompressed bytes for `data` (deflated). */
function zipOf(name: string, data: Buffer, declared: number): Buffer {
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryAt = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

const { t } = serverKit({}, { tree: false });
let admin: Client;
let orgId: number;
let bomb: Buffer;

beforeAll(async () => {
  const tree = await insertTwoDistricts(t.db);
  orgId = tree.c1.id;
  await insertUser(t.db, { username: 'importer', orgId: tree.d1.id, role: 'district_admin' });
  admin = await t.login('importer');
  // 400 MB of zeros in about 400 KB, declared as 1,000 bytes.
  bomb = zipOf('xl/worksheets/sheet1.xml', await deflatedZeros(400), 1000);
}, 60_000);

describe('zip bomb guard', () => {
  it('refuses a file lying about its size, quickly and without inflating it (API: 413, Chinese)', async () => {
    expect(bomb.length).toBeLessThan(1_000_000);
    global.gc?.();
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    for (const url of [`/api/v1/orgs/${orgId}/member-imports`, `/api/v1/orgs/${orgId}/org-imports`]) {
      const res = await admin({ method: 'POST', url, headers: { 'content-type': XLSX }, payload: bomb });
      expect(res.statusCode, url).toBe(413);
      expect(res.json().error.message).toMatch(/^文件解压后过大，疑似压缩炸弹/);
      expect(res.json().error.fields.file).toContain('超过文件声明的大小');
    }
    expect(performance.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1_048_576);
  });

  it('counts the bytes an honest header declares too: past the total limit or the ratio, refused', async () => {
    const honest = zipOf('xl/worksheets/sheet1.xml', await deflatedZeros(150), 150 * 1_048_576);
    expect(await checkZip(honest, DEFAULT_LIMITS)).toMatch(/疑似压缩炸弹.*超过 100 MB/);
    const small = zipOf('xl/worksheets/sheet1.xml', await deflatedZeros(8), 8 * 1_048_576);
    expect(await checkZip(small, DEFAULT_LIMITS)).toMatch(/疑似压缩炸弹.*压缩比超过 200 倍/);
    expect(await checkZip(small, { ...DEFAULT_LIMITS, maxZipRatio: 100_000 })).toBeNull();
  });

  it('the parse worker refuses the same file on its own (CLI path), in Chinese', async () => {
    const parser = new URL('../../modules/members/import/parse.ts', import.meta.url).href;
    const result = await runInParseWorker<{ bytes: Uint8Array }, { fatal: string | null }>(
      parser,
      'parseMemberFile',
      { bytes: bomb },
    );
    expect(result.fatal).toMatch(/^文件解压后过大，疑似压缩炸弹/);
  });
});
