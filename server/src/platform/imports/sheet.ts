import zlib from 'node:zlib';

/**
 * The shared spreadsheet reader of every import (members, organizations): size, zip and row
 * limits, CSV (UTF-8 or GB18030) and the first sheet of an .xlsx file as a grid of cells, and the
 * cell helpers. Pure (no database, no keys): it runs in the parse worker.
 */
export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  /** Sum of the uncompressed sizes of the .xlsx parts, counted while inflating (zip bomb guard). */
  maxUnzippedBytes: number;
  maxZipEntries: number;
  /** Largest uncompressed : compressed ratio of one part (past its first MiB). */
  maxZipRatio: number;
}

const envInt = (name: string, fallback: number) => {
  const n = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** Import limits; the zip bomb limits can be set with JICENG_IMPORT_MAX_UNZIPPED_MB and JICENG_IMPORT_MAX_ZIP_RATIO. */
export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 200_000,
  maxUnzippedBytes: envInt('JICENG_IMPORT_MAX_UNZIPPED_MB', 100) * 1024 * 1024,
  maxZipEntries: 200,
  maxZipRatio: envInt('JICENG_IMPORT_MAX_ZIP_RATIO', 200),
};

export interface RowError {
  row: number;
  column: string;
  code: string;
  message: string;
}

export type Cell = { text: string; numeric: boolean; date: Date | null };

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
export const fullWidth = (s: string) =>
  FULL_WIDTH.test(s)
    ? s
        .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
        .replace(/\u3000/g, ' ')
    : s;
/** Whitespace that `clean` would change: a run of two, or anything but a plain space. */
const ODD_SPACE = /\s\s|[^\S ]/;
export const clean = (s: string) => {
  const w = fullWidth(s);
  return (ODD_SPACE.test(w) ? w.replace(/\s+/g, ' ') : w).trim();
};

/** Dates as offices type them, and Excel serial numbers (days since 1899-12-30). */
export function parseDate(cell: Cell): string | null {
  if (cell.date) return cell.date.toISOString().slice(0, 10);
  const t = clean(cell.text);
  if (!t) return null;
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const serial = Math.floor(Number(t));
    if (serial > 60 && serial < 80_000)
      return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  }
  const m =
    t.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/) ??
    t.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!m) return 'invalid';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return 'invalid';
  return date.toISOString().slice(0, 10);
}

const BOMB = '文件解压后过大，疑似压缩炸弹，已拒绝';
const NOT_XLSX = '文件不是有效的 .xlsx 文件';

/**
 * Inflate one deflated zip entry, counting bytes and keeping none of them: stops as soon as the
 * output passes `limit` or the ratio to `compressed` passes `maxRatio` (past the first MiB).
 */
function inflatedSize(
  data: Buffer,
  limit: number,
  maxRatio: number,
): Promise<{ size: number; over: 'limit' | 'ratio' | null }> {
  return new Promise((resolve, reject) => {
    const inflater = zlib.createInflateRaw();
    let size = 0;
    let settled = false;
    const settle = (over: 'limit' | 'ratio' | null) => {
      if (settled) return;
      settled = true;
      if (over) inflater.destroy();
      resolve({ size, over });
    };
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle('limit');
      else if (size > 1_048_576 && size / Math.max(1, data.length) > maxRatio) settle('ratio');
    });
    inflater.on('end', () => settle(null));
    inflater.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
    inflater.end(data);
  });
}

/**
 * Zip bomb guard, before anything parses the workbook: entry count from the central directory, then
 * every entry inflated as a stream whose bytes are counted, never trusting the sizes the file
 * declares. Refuses an entry that inflates past its declared size, past the total limit or past the
 * compression ratio limit. Nothing inflated is kept, so memory stays flat whatever the file claims.
 */
export async function checkZip(bytes: Uint8Array, limits: ImportLimits): Promise<string | null> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = view.length - 22; i >= Math.max(0, view.length - 65_557); i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return NOT_XLSX;
  const entries = view.readUInt16LE(eocd + 10);
  if (entries > limits.maxZipEntries) return `文件包含的部件过多（${entries} 个），已拒绝`;
  let offset = view.readUInt32LE(eocd + 16);
  let total = 0;
  const mb = (n: number) => Math.round(n / 1_048_576);
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > view.length || view.readUInt32LE(offset) !== 0x02014b50) return NOT_XLSX;
    const method = view.readUInt16LE(offset + 10);
    const compressed = view.readUInt32LE(offset + 20);
    const declared = view.readUInt32LE(offset + 24);
    const local = view.readUInt32LE(offset + 42);
    offset +=
      46 + view.readUInt16LE(offset + 28) + view.readUInt16LE(offset + 30) + view.readUInt16LE(offset + 32);
    if (compressed === 0xffffffff || declared === 0xffffffff) return `${NOT_XLSX}（不支持 ZIP64）`;
    if (local + 30 > view.length || view.readUInt32LE(local) !== 0x04034b50) return NOT_XLSX;
    const start = local + 30 + view.readUInt16LE(local + 26) + view.readUInt16LE(local + 28);
    if (start + compressed > view.length) return NOT_XLSX;
    if (total + declared > limits.maxUnzippedBytes)
      return `${BOMB}（解压后超过 ${mb(limits.maxUnzippedBytes)} MB）`;
    let size: number;
    if (method === 0) size = compressed;
    else if (method === 8) {
      const budget = Math.min(declared, limits.maxUnzippedBytes - total);
      let result: Awaited<ReturnType<typeof inflatedSize>>;
      try {
        result = await inflatedSize(view.subarray(start, start + compressed), budget, limits.maxZipRatio);
      } catch {
        return `${NOT_XLSX}（压缩数据已损坏）`;
      }
      if (result.over === 'ratio') return `${BOMB}（压缩比超过 ${limits.maxZipRatio} 倍）`;
      if (result.over === 'limit')
        return result.size > declared
          ? `${BOMB}（实际解压大小超过文件声明的大小）`
          : `${BOMB}（解压后超过 ${mb(limits.maxUnzippedBytes)} MB）`;
      size = result.size;
    } else return `${NOT_XLSX}（不支持的压缩方式）`;
    if (size !== declared) return `${NOT_XLSX}（文件已损坏：解压大小与声明不符）`;
    total += size;
  }
  return null;
}

export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // Offices often save CSV from Excel in GB18030/GBK.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export async function readSheet(bytes: Uint8Array): Promise<Cell[][]> {
  // Loaded only for .xlsx files: CSV imports never pay for ExcelJS.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const out: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value;
      let c: Cell;
      if (v instanceof Date) c = { text: '', numeric: false, date: v };
      else if (typeof v === 'number') c = { text: String(v), numeric: true, date: null };
      else if (v && typeof v === 'object' && 'richText' in v)
        c = { text: v.richText.map((r) => r.text).join(''), numeric: false, date: null };
      else if (v && typeof v === 'object' && 'result' in v)
        c = { text: String(v.result ?? ''), numeric: typeof v.result === 'number', date: null };
      else if (v && typeof v === 'object' && 'text' in v)
        c = { text: String(v.text), numeric: false, date: null };
      else c = { text: v == null ? '' : String(v), numeric: false, date: null };
      cells[col - 1] = c;
    });
    out[rowNumber - 1] = cells;
  });
  return out;
}

export const EMPTY: Cell = { text: '', numeric: false, date: null };

/**
 * The first sheet of an .xlsx file or a CSV file (UTF-8 or GB18030) as a grid of cells, after the
 * size and zip checks. Shared by every spreadsheet import (members, organizations).
 */
export async function readGrid(
  bytes: Uint8Array,
  limits: ImportLimits,
): Promise<{ grid: Cell[][] } | { fatal: string }> {
  if (bytes.byteLength > limits.maxBytes)
    return { fatal: `文件过大（上限 ${Math.round(limits.maxBytes / 1048576)} MB）` };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const problem = await checkZip(bytes, limits);
    if (problem) return { fatal: problem };
    return { grid: await readSheet(bytes) };
  }
  return {
    grid: parseCsv(decodeText(bytes)).map((r) => r.map((text) => ({ text, numeric: false, date: null }))),
  };
}
