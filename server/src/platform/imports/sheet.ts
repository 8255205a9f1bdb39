import zlib from 'node:zlib';
import type { Worksheet } from 'exceljs';

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
  /** The worksheet, when the workbook has more than one with rows read. */
  sheet?: string;
}

/** Something the importer will not read (a column, a sheet), said before the commit. */
export interface ImportWarning {
  code: string;
  message: string;
  sheet?: string;
  column?: string;
}

/** A row recognized as not data (a numbered empty line, a footer such as 填表人…). */
export interface SkippedRow {
  row: number;
  reason: string;
  sheet?: string;
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
/**
 * Free text (names, addresses, units) keeps what was typed: only the ends are trimmed, of spaces of
 * both widths. Only fields whose format is defined (ID numbers, phones, dates, listed values) are
 * normalized with `clean`.
 */
export const keepText = (s: string) => s.trim();
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

export interface Sheet {
  /** The worksheet's name; null for a CSV file. */
  name: string | null;
  grid: Cell[][];
}

/** Every worksheet of an .xlsx file, in workbook order, as grids of cells. */
export async function readSheets(bytes: Uint8Array): Promise<Sheet[]> {
  // Loaded only for .xlsx files: CSV imports never pay for ExcelJS.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => ({ name: sheet.name, grid: gridOf(sheet) }));
}

function gridOf(sheet: Worksheet): Cell[][] {
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
 * Every sheet of an .xlsx file, or a CSV file (UTF-8 or GB18030) as one unnamed sheet, after the
 * size and zip checks. Shared by every spreadsheet import (members, organizations).
 */
export async function readWorkbook(
  bytes: Uint8Array,
  limits: ImportLimits,
): Promise<{ sheets: Sheet[] } | { fatal: string }> {
  if (bytes.byteLength > limits.maxBytes)
    return { fatal: `文件过大（上限 ${Math.round(limits.maxBytes / 1048576)} MB）` };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const problem = await checkZip(bytes, limits);
    if (problem) return { fatal: problem };
    return { sheets: await readSheets(bytes) };
  }
  return {
    sheets: [
      {
        name: null,
        grid: parseCsv(decodeText(bytes)).map((r) => r.map((text) => ({ text, numeric: false, date: null }))),
      },
    ],
  };
}

/** The names of the sheets after the first that hold any text (for "only the first sheet is read"). */
export function otherSheetsWithContent(sheets: readonly Sheet[]): string[] {
  return sheets
    .slice(1)
    .filter((s) => s.grid.some((r) => r?.some((c) => c && (c.text.trim() !== '' || c.date))))
    .map((s) => s.name ?? '');
}

/** Header labels that number the rows: recognized, never imported, never reported as ignored. */
const ROW_NUMBER_LABELS = new Set(['序号', '编号', '序', 'No', 'No.', 'NO', 'NO.']);

export interface SheetHeader<K extends string> {
  /** Index of the header row in the grid. */
  index: number;
  /** Product field of each column (first column of a field wins). */
  columns: (K | undefined)[];
  /** The header as the sheet writes it, per column. */
  labels: string[];
  /** Index of the 序号 column, or -1. */
  rowNumberColumn: number;
  /** Columns with a header that the import does not read (as the sheet names them). */
  ignored: string[];
}

/**
 * The header row (first of the first 10 that maps every `needed` field; title rows above it,
 * merged or not, are skipped). A header merged across several columns names only its first
 * column; any other labelled column that maps to nothing is listed as ignored.
 */
export function findHeader<K extends string>(
  grid: readonly (Cell[] | undefined)[],
  aliases: Readonly<Record<string, K>>,
  needed: readonly K[],
): SheetHeader<K> | null {
  for (let i = 0; i < Math.min(10, grid.length); i++) {
    const labels = (grid[i] ?? []).map((c) => clean(c?.text ?? '').replace(/[*＊]/g, ''));
    const mapped = labels.map((l) => aliases[l] ?? aliases[l.replace(/\s/g, '')]);
    if (!needed.every((k) => mapped.includes(k))) continue;
    const columns = mapped.map((k, idx) => (k && mapped.indexOf(k) === idx ? k : undefined));
    const ignored: string[] = [];
    let rowNumberColumn = -1;
    labels.forEach((label, idx) => {
      if (!label || columns[idx]) return;
      if (ROW_NUMBER_LABELS.has(label)) {
        if (rowNumberColumn < 0) rowNumberColumn = idx;
        return;
      }
      // The continuation of a merged header cell repeats its text.
      if (idx > 0 && labels[idx - 1] === label) return;
      ignored.push(label);
    });
    return { index: i, columns, labels, rowNumberColumn, ignored };
  }
  return null;
}

/** Notes that offices put under a roster (who filled it in, who checked it, when). */
const FOOTER =
  /^(填表人|填报人|制表人|审核人|审核|负责人|联系人|经办人|填表日期|填报日期|制表日期|填表时间|备注|说明|注)\s*[:：]?/;

/**
 * Why a non-blank row is not data, or null when it is: a row with only its 序号 filled, or a
 * footer note (填表人… 审核人…, typically merged across the row).
 */
export function notDataReason(row: readonly (Cell | undefined)[], rowNumberColumn: number): string | null {
  const texts: string[] = [];
  let otherThanNumber = false;
  for (let idx = 0; idx < row.length; idx++) {
    const c = row[idx];
    if (!c) continue;
    const t = c.date ? 'date' : c.text.trim();
    if (!t) continue;
    texts.push(t);
    if (idx !== rowNumberColumn) otherThanNumber = true;
  }
  if (texts.length === 0) return null;
  // A merged cell repeats its text in every column it covers.
  const first = texts[0]!;
  if (texts.every((t) => t === first) && FOOTER.test(first))
    return `表尾说明“${first.length > 40 ? `${first.slice(0, 40)}…` : first}”`;
  if (!otherThanNumber) return '只有序号，没有其他内容';
  return null;
}
