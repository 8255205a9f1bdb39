import ExcelJS from 'exceljs';
import { ID_PROBLEM_MESSAGES, idNumberProblem, normalizeIdNumber } from '../idcard.ts';
import {
  EDUCATION_LABELS,
  type Education,
  GENDER_LABELS,
  type Gender,
  type MemberStatus,
  STATUS_LABELS,
} from '../members.contract.ts';
import { checkMemberValues } from '../members.service.ts';

/**
 * Spreadsheet parsing for member imports: pure (no database, no keys), so it runs in a worker
 * thread. Every problem becomes a row error naming the spreadsheet row and the Chinese column.
 */
export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  /** Sum of the uncompressed sizes of the .xlsx parts (zip bomb guard). */
  maxUnzippedBytes: number;
  maxZipEntries: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 200_000,
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxZipEntries: 200,
};

export interface RowError {
  row: number;
  column: string;
  code: string;
  message: string;
}

export interface ParsedMember {
  row: number;
  name: string;
  gender: Gender;
  ethnicity: string | null;
  birthDate: string;
  idNumber: string;
  phone: string | null;
  address: string | null;
  education: Education | null;
  workUnit: string | null;
  position: string | null;
  joinedOn: string;
  fullOn: string | null;
  category: string;
  status: MemberStatus;
  orgCode: string | null;
}

export interface ParseResult {
  total: number;
  rows: ParsedMember[];
  errors: RowError[];
  /** A problem with the whole file (limits, no header): nothing else is reported. */
  fatal: string | null;
}

export interface ParseInput {
  bytes: Uint8Array;
  today: string;
  /** Category list of the place (configuration), codes and labels. */
  categories: { code: string; label: string }[];
  limits?: ImportLimits;
}

/** The template's columns, in order: header label, required, example value. */
export const MEMBER_COLUMNS = [
  { key: 'name', label: '姓名', required: true, example: '李明' },
  { key: 'gender', label: '性别', required: false, example: '男' },
  { key: 'ethnicity', label: '民族', required: false, example: '汉族' },
  { key: 'idNumber', label: '身份证号', required: true, example: '11010519491231002X' },
  { key: 'phone', label: '手机号', required: false, example: '13800138000' },
  { key: 'address', label: '家庭住址', required: false, example: '示范区朝阳路1号' },
  { key: 'education', label: '学历', required: false, example: '大学本科' },
  { key: 'workUnit', label: '工作单位', required: false, example: '示范区第一中学' },
  { key: 'position', label: '职务', required: false, example: '教师' },
  { key: 'joinedOn', label: '入党日期', required: true, example: '2010-07-01' },
  { key: 'fullOn', label: '转正日期', required: false, example: '2011-07-01' },
  { key: 'category', label: '党员类别', required: true, example: '在职党员' },
  { key: 'status', label: '党员状态', required: true, example: '正式党员' },
  { key: 'orgCode', label: '所在党组织编码', required: false, example: '' },
] as const;
type ColumnKey = (typeof MEMBER_COLUMNS)[number]['key'];
const LABEL_OF = Object.fromEntries(MEMBER_COLUMNS.map((c) => [c.key, c.label])) as Record<ColumnKey, string>;
const HEADER_ALIASES: Record<string, ColumnKey> = {
  ...Object.fromEntries(MEMBER_COLUMNS.map((c) => [c.label, c.key])),
  公民身份号码: 'idNumber',
  身份证号码: 'idNumber',
  联系电话: 'phone',
  手机号码: 'phone',
  住址: 'address',
  文化程度: 'education',
  入党时间: 'joinedOn',
  转正时间: 'fullOn',
  人员类别: 'category',
  类别: 'category',
  状态: 'status',
  党组织编码: 'orgCode',
  所在支部编码: 'orgCode',
};

export type Cell = { text: string; numeric: boolean; date: Date | null };

export const fullWidth = (s: string) =>
  s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
export const clean = (s: string) => fullWidth(s).replace(/\s+/g, ' ').trim();

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

/** Zip central directory check before inflating anything (entry count and declared sizes). */
export function checkZip(bytes: Uint8Array, limits: ImportLimits): string | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = view.length - 22; i >= Math.max(0, view.length - 65_557); i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return '文件不是有效的 .xlsx 文件';
  const entries = view.readUInt16LE(eocd + 10);
  if (entries > limits.maxZipEntries) return `文件包含的部件过多（${entries} 个），已拒绝`;
  let offset = view.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > view.length || view.readUInt32LE(offset) !== 0x02014b50)
      return '文件不是有效的 .xlsx 文件';
    total += view.readUInt32LE(offset + 24);
    offset +=
      46 + view.readUInt16LE(offset + 28) + view.readUInt16LE(offset + 30) + view.readUInt16LE(offset + 32);
  }
  if (total > limits.maxUnzippedBytes) return `文件解压后过大（${Math.round(total / 1048576)} MB），已拒绝`;
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
    const problem = checkZip(bytes, limits);
    if (problem) return { fatal: problem };
    return { grid: await readSheet(bytes) };
  }
  return {
    grid: parseCsv(decodeText(bytes)).map((r) => r.map((text) => ({ text, numeric: false, date: null }))),
  };
}

function lookup<T extends string>(labels: Record<T, string>, value: string): T | undefined {
  const v = value.trim();
  for (const [code, label] of Object.entries(labels) as [T, string][])
    if (v === code || v === label) return code;
  return undefined;
}

export async function parseMemberFile(
  input: ParseInput,
  onProgress?: (done: number, total: number) => void,
): Promise<ParseResult> {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const result: ParseResult = { total: 0, rows: [], errors: [], fatal: null };
  const read = await readGrid(input.bytes, limits);
  if ('fatal' in read) {
    result.fatal = read.fatal;
    return result;
  }
  const grid = read.grid;
  // The header is the first row (of the first 10) naming 姓名 and 身份证号; title rows above it,
  // merged or not, are skipped.
  let headerIndex = -1;
  let columns: (ColumnKey | undefined)[] = [];
  for (let i = 0; i < Math.min(10, grid.length); i++) {
    const labels = (grid[i] ?? []).map((c) => clean(c?.text ?? '').replace(/[*＊]/g, ''));
    const mapped = labels.map((l) => HEADER_ALIASES[l]);
    if (mapped.includes('name') && mapped.includes('idNumber')) {
      headerIndex = i;
      // A header merged across several columns names only its first column.
      columns = mapped.map((k, idx) => (k && mapped.indexOf(k) === idx ? k : undefined));
      break;
    }
  }
  if (headerIndex < 0) {
    result.fatal = '没有找到表头：请使用导入模板（表头须包含“姓名”和“身份证号”）';
    return result;
  }
  const missing = MEMBER_COLUMNS.filter((c) => c.required && !columns.includes(c.key));
  if (missing.length) {
    result.fatal = `表头缺少必填列：${missing.map((c) => c.label).join('、')}`;
    return result;
  }
  const dataRows = grid.length - headerIndex - 1;
  if (dataRows > limits.maxRows) {
    result.fatal = `行数过多（${dataRows} 行，上限 ${limits.maxRows} 行），请分批导入`;
    return result;
  }
  const categoryLabels = Object.fromEntries(input.categories.map((c) => [c.code, c.label])) as Record<
    string,
    string
  >;
  const seen = new Map<string, number>();
  const todayDate = new Date(`${input.today}T00:00:00Z`);
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const rowNo = i + 1;
    const raw = grid[i] ?? [];
    const get = (key: ColumnKey): Cell => {
      const idx = columns.indexOf(key);
      return idx < 0 ? EMPTY : (raw[idx] ?? EMPTY);
    };
    if (raw.every((c) => !c || (clean(c.text) === '' && !c.date))) continue;
    result.total += 1;
    const errors: RowError[] = [];
    const err = (key: ColumnKey, code: string, message: string) =>
      errors.push({ row: rowNo, column: LABEL_OF[key], code, message });
    const text = (key: ColumnKey) => clean(get(key).text);

    const name = text('name');
    if (!name) err('name', 'REQUIRED', '姓名不能为空');
    else if (name.length > 50) err('name', 'TOO_LONG', '姓名不能超过 50 个字符');

    const idCell = get('idNumber');
    let idNumber = normalizeIdNumber(fullWidth(idCell.text));
    let idOk = false;
    // A number typed into a numeric cell keeps 15 significant digits: the rest is lost (ID-07).
    if (idCell.numeric || /^\d(\.\d+)?E\+\d+$/i.test(idNumber)) {
      err(
        'idNumber',
        'ID_CELL_NOT_TEXT',
        '身份证号单元格是数字格式，Excel 已把末几位变成 0，无法恢复：请把该列设为“文本”后重新录入',
      );
      idNumber = '';
    } else {
      const problem = idNumberProblem(idNumber, todayDate);
      if (problem) err('idNumber', problem, ID_PROBLEM_MESSAGES[problem]);
      else {
        idOk = true;
        const first = seen.get(idNumber);
        if (first !== undefined) {
          err('idNumber', 'DUPLICATE_IN_FILE', `身份证号与第 ${first} 行重复`);
          idOk = false;
        } else seen.set(idNumber, rowNo);
      }
    }

    const genderText = text('gender');
    const gender = genderText ? lookup(GENDER_LABELS, genderText) : undefined;
    if (genderText && !gender) err('gender', 'INVALID_VALUE', '性别只能填“男”或“女”');
    const educationText = text('education');
    const education = educationText
      ? lookup(EDUCATION_LABELS as Record<Education, string>, educationText)
      : undefined;
    if (educationText && !education)
      err('education', 'INVALID_VALUE', `学历“${educationText}”不在可选范围内`);
    const statusText = text('status');
    const status = lookup(STATUS_LABELS, statusText);
    if (!statusText) err('status', 'REQUIRED', '党员状态不能为空');
    else if (status !== 'probationary' && status !== 'full')
      err('status', 'INVALID_VALUE', '导入的党员状态只能是“预备党员”或“正式党员”');
    const categoryText = text('category');
    const category = lookup(categoryLabels, categoryText);
    if (!categoryText) err('category', 'REQUIRED', '党员类别不能为空');
    else if (!category) err('category', 'INVALID_VALUE', `党员类别“${categoryText}”不在本地类别清单中`);

    const joinedOn = parseDate(get('joinedOn'));
    if (!joinedOn) err('joinedOn', 'REQUIRED', '入党日期不能为空');
    else if (joinedOn === 'invalid')
      err('joinedOn', 'INVALID_DATE', '入党日期不是有效日期（例如 2010-07-01）');
    const fullOnRaw = parseDate(get('fullOn'));
    if (fullOnRaw === 'invalid') err('fullOn', 'INVALID_DATE', '转正日期不是有效日期（例如 2011-07-01）');
    const fullOn = fullOnRaw === 'invalid' ? null : fullOnRaw;

    if (errors.length === 0 && idOk && joinedOn && joinedOn !== 'invalid' && status && category) {
      const checked = checkMemberValues(
        {
          idNumber,
          gender: gender ?? null,
          phone: text('phone') || null,
          joinedOn,
          fullOn,
          category,
          status,
        },
        input.today,
        input.categories.map((c) => c.code),
      );
      const codes: Record<string, string> = {
        idNumber: 'ID_INVALID',
        gender: 'GENDER_MISMATCH',
        phone: 'PHONE_FORMAT',
        joinedOn: 'DATE_ORDER',
        fullOn: 'DATE_ORDER',
        category: 'INVALID_VALUE',
      };
      for (const [field, message] of Object.entries(checked.errors)) {
        err(field as ColumnKey, codes[field] ?? 'INVALID_VALUE', message);
      }
      if (errors.length === 0) {
        result.rows.push({
          row: rowNo,
          name,
          gender: checked.gender,
          ethnicity: text('ethnicity') || null,
          birthDate: checked.birthDate,
          idNumber: checked.idNumber,
          phone: checked.phone,
          address: text('address') || null,
          education: education ?? null,
          workUnit: text('workUnit') || null,
          position: text('position') || null,
          joinedOn,
          fullOn,
          category,
          status,
          orgCode: text('orgCode') || null,
        });
      }
    }
    result.errors.push(...errors);
    if (onProgress && result.total % 2000 === 0) onProgress(result.total, dataRows);
  }
  onProgress?.(result.total, result.total);
  return result;
}
