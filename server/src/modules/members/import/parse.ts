import { type FieldKeys, fieldCryptoFromKeys } from '../../../platform/crypto.ts';
import {
  type Cell,
  clean,
  DEFAULT_LIMITS,
  EMPTY,
  findHeader,
  fullWidth,
  type ImportLimits,
  type ImportWarning,
  keepText,
  notDataReason,
  parseDate,
  type RowError,
  readWorkbook,
  type SheetHeader,
  type SkippedRow,
} from '../../../platform/imports/sheet.ts';
import { ID_PROBLEM_MESSAGES, idNumberProblem, normalizeIdNumber } from '../idcard.ts';
import type { JoinAgeRule } from '../member-checks.contract.ts';
import {
  EDUCATION_LABELS,
  type Education,
  GENDER_LABELS,
  type Gender,
  type MemberStatus,
  STATUS_LABELS,
} from '../members.contract.ts';
import { checkMemberValues, encryptedColumns, type MemberValues } from '../members.service.ts';

export {
  DEFAULT_LIMITS,
  type ImportLimits,
  parseCsv,
  type RowError,
} from '../../../platform/imports/sheet.ts';

/**
 * Spreadsheet parsing for member imports: pure (no database, no keys), so it runs in a worker
 * thread. Every problem becomes a row error naming the spreadsheet row and the Chinese column.
 */
export interface ParsedMember extends MemberValues {
  row: number;
  /** The worksheet (null for CSV or a one-sheet workbook). */
  sheet: string | null;
  /** The 所在党组织 / 所在支部 cell as written (a code, a full name or a name within the target). */
  orgRef: string | null;
  /** The organization code the import service resolved `orgRef` to (null: the target). */
  orgCode: string | null;
}

export interface ParseResult {
  total: number;
  rows: ParsedMember[];
  errors: RowError[];
  warnings: ImportWarning[];
  skipped: SkippedRow[];
  /** Columns checked by the service, as each sheet names them (key: the sheet, '' for none). */
  columnLabels: Record<string, { idNumber: string; org: string }>;
  /** A problem with the whole file (limits, no header): nothing else is reported. */
  fatal: string | null;
}

export interface ParseInput {
  bytes: Uint8Array;
  today: string;
  /** Category list of the place (configuration), codes and labels. */
  categories: { code: string; label: string }[];
  /** Everyday names of education levels in this place (configuration), e.g. 大专 → college. */
  educationSynonyms?: { label: string; education: Education }[];
  /** The age-at-joining rule of the place (members.join_age). */
  joinAge?: JoinAgeRule;
  limits?: ImportLimits;
}

/** The template's columns, in order: header label, required, example value. */
export const MEMBER_COLUMNS = [
  { key: 'name', label: '姓名', required: true, example: '李明' },
  { key: 'gender', label: '性别', required: false, example: '男' },
  { key: 'ethnicity', label: '民族', required: false, example: '汉族' },
  { key: 'idNumber', label: '身份证号', required: true, example: '11010519491231002X' },
  { key: 'phone', label: '联系电话', required: false, example: '13800138000' },
  { key: 'address', label: '家庭住址', required: false, example: '示范区朝阳路1号' },
  { key: 'education', label: '学历', required: false, example: '大学本科' },
  { key: 'workUnit', label: '工作单位', required: false, example: '示范区第一中学' },
  { key: 'position', label: '职务', required: false, example: '教师' },
  { key: 'joinedOn', label: '入党日期', required: true, example: '2010-07-01' },
  { key: 'fullOn', label: '转正日期', required: false, example: '2011-07-01' },
  { key: 'category', label: '党员类别', required: true, example: '在职党员' },
  { key: 'status', label: '党员状态', required: true, example: '正式党员' },
  { key: 'org', label: '所在党组织', required: false, example: '' },
] as const;
type ColumnKey = (typeof MEMBER_COLUMNS)[number]['key'];
const HEADER_ALIASES: Record<string, ColumnKey> = {
  ...Object.fromEntries(MEMBER_COLUMNS.map((c) => [c.label, c.key])),
  公民身份号码: 'idNumber',
  身份证号码: 'idNumber',
  手机号: 'phone',
  手机号码: 'phone',
  电话: 'phone',
  联系方式: 'phone',
  住址: 'address',
  现住址: 'address',
  家庭地址: 'address',
  文化程度: 'education',
  工作单位及职务: 'workUnit',
  工作单位及职位: 'workUnit',
  单位及职务: 'workUnit',
  入党时间: 'joinedOn',
  转正时间: 'fullOn',
  人员类别: 'category',
  类别: 'category',
  状态: 'status',
  所在党组织编码: 'org',
  党组织编码: 'org',
  所在支部编码: 'org',
  所在支部: 'org',
  所在党支部: 'org',
  党支部: 'org',
  支部: 'org',
  所在党组织名称: 'org',
  所属党组织: 'org',
  所属支部: 'org',
};

const LOOKUPS = new WeakMap<object, Map<string, string>>();

/** A code by its code or its label (one map per label table, built once). */
function lookup<T extends string>(labels: Record<T, string>, value: string): T | undefined {
  let map = LOOKUPS.get(labels);
  if (!map) {
    map = new Map();
    for (const [code, label] of Object.entries(labels) as [T, string][]) {
      if (!map.has(label)) map.set(label, code);
      map.set(code, code);
    }
    LOOKUPS.set(labels, map);
  }
  return map.get(value.trim()) as T | undefined;
}

const EDUCATION_CHOICES = (Object.entries(EDUCATION_LABELS) as [Education | 'unknown', string][]).filter(
  ([code]) => code !== 'unknown',
) as [Education, string][];

/** The education level of a cell: a label, a code or one of the place's everyday names. */
function educationOf(text: string, synonyms: ReadonlyMap<string, Education>): Education | undefined {
  const key = text.replace(/\s/g, '');
  return synonyms.get(key) ?? EDUCATION_CHOICES.find(([code, label]) => label === key || code === key)?.[0];
}

export async function parseMemberFile(
  input: ParseInput,
  onProgress?: (done: number, total: number) => void,
): Promise<ParseResult> {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const result: ParseResult = {
    total: 0,
    rows: [],
    errors: [],
    warnings: [],
    skipped: [],
    columnLabels: {},
    fatal: null,
  };
  const read = await readWorkbook(input.bytes, limits);
  if ('fatal' in read) {
    result.fatal = read.fatal;
    return result;
  }
  // Every sheet with a roster header is read; a sheet with content but no header is named in the
  // warnings (an instructions sheet, or people the import cannot place: never dropped silently).
  const rosters: { name: string | null; grid: Cell[][]; header: SheetHeader<ColumnKey> }[] = [];
  for (const sheet of read.sheets) {
    const header = findHeader<ColumnKey>(sheet.grid, HEADER_ALIASES, ['name', 'idNumber']);
    if (header) rosters.push({ ...sheet, header });
    else if (sheet.grid.some((r) => r?.some((c) => c && (c.text.trim() !== '' || c.date))))
      result.warnings.push({
        code: 'SHEET_IGNORED',
        sheet: sheet.name ?? undefined,
        message: `工作表“${sheet.name}”没有花名册表头（须有“姓名”和“身份证号”两列），其中的内容未读取`,
      });
  }
  if (rosters.length === 0) {
    result.fatal = '没有找到表头：请使用导入模板（表头须包含“姓名”和“身份证号”）';
    result.warnings = [];
    return result;
  }
  const named = read.sheets.length > 1;
  let dataRows = 0;
  for (const roster of rosters) {
    const missing = MEMBER_COLUMNS.filter((c) => c.required && !roster.header.columns.includes(c.key));
    if (missing.length) {
      result.fatal = `${named ? `工作表“${roster.name}”的` : ''}表头缺少必填列：${missing.map((c) => c.label).join('、')}`;
      return result;
    }
    dataRows += roster.grid.length - roster.header.index - 1;
  }
  if (dataRows > limits.maxRows) {
    result.fatal = `行数过多（${dataRows} 行，上限 ${limits.maxRows} 行），请分批导入`;
    return result;
  }
  const categoryLabels = Object.fromEntries(input.categories.map((c) => [c.code, c.label])) as Record<
    string,
    string
  >;
  const synonyms = new Map<string, Education>(
    (input.educationSynonyms ?? []).map((s) => [s.label.replace(/\s/g, ''), s.education]),
  );
  const educationAllowed = [
    ...EDUCATION_CHOICES.map(([, label]) => label),
    ...(input.educationSynonyms ?? []).map((s) => s.label),
  ].join('、');
  const seen = new Map<string, string>();
  const todayDate = new Date(`${input.today}T00:00:00Z`);
  for (const roster of rosters) {
    const { grid, header } = roster;
    const sheet = named ? (roster.name ?? undefined) : undefined;
    const where = (rowNo: number) => (sheet ? `工作表“${sheet}”第 ${rowNo} 行` : `第 ${rowNo} 行`);
    for (const label of header.ignored)
      result.warnings.push({
        code: 'COLUMN_IGNORED',
        sheet,
        column: label,
        message: `${sheet ? `工作表“${sheet}”的` : ''}“${label}”列不在导入范围内，其中的内容不会导入`,
      });
    const columnOf = Object.fromEntries(
      MEMBER_COLUMNS.map((c) => [c.key, header.columns.indexOf(c.key)]),
    ) as Record<ColumnKey, number>;
    // Errors name the column as the sheet names it, with the product's field in brackets.
    const columnLabel = Object.fromEntries(
      MEMBER_COLUMNS.map((c) => {
        const own = columnOf[c.key] >= 0 ? header.labels[columnOf[c.key]]! : c.label;
        return [c.key, own === c.label ? c.label : `${own}（${c.label}）`];
      }),
    ) as Record<ColumnKey, string>;
    result.columnLabels[sheet ?? ''] = { idNumber: columnLabel.idNumber, org: columnLabel.org };
    for (let i = header.index + 1; i < grid.length; i++) {
      const rowNo = i + 1;
      const raw = grid[i] ?? [];
      const get = (key: ColumnKey): Cell => {
        const idx = columnOf[key];
        return idx < 0 ? EMPTY : (raw[idx] ?? EMPTY);
      };
      if (raw.every((c) => !c || (c.text.trim() === '' && !c.date))) continue;
      const notData = notDataReason(raw, header.rowNumberColumn);
      if (notData) {
        result.skipped.push({ row: rowNo, sheet, reason: notData });
        continue;
      }
      result.total += 1;
      const errors: RowError[] = [];
      const err = (key: ColumnKey, code: string, message: string) =>
        errors.push({ row: rowNo, column: columnLabel[key], code, message, ...(sheet ? { sheet } : {}) });
      // Listed values and formats are compared normalized; free text is kept as typed.
      const text = (key: ColumnKey) => clean(get(key).text);
      const typed = (key: ColumnKey) => keepText(get(key).text);

      const name = typed('name');
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
            err('idNumber', 'DUPLICATE_IN_FILE', `身份证号与${first}重复`);
            idOk = false;
          } else seen.set(idNumber, where(rowNo));
        }
      }

      const genderText = text('gender');
      const gender = genderText ? lookup(GENDER_LABELS, genderText) : undefined;
      if (genderText && !gender) err('gender', 'INVALID_VALUE', '性别只能填“男”或“女”');
      const educationText = text('education');
      const education = educationText ? educationOf(educationText, synonyms) : undefined;
      if (educationText && !education)
        err('education', 'INVALID_VALUE', `学历“${educationText}”不在可选范围内，可填：${educationAllowed}`);
      const statusText = text('status');
      const status = lookup(STATUS_LABELS, statusText);
      if (!statusText) err('status', 'REQUIRED', '党员状态不能为空');
      else if (status !== 'probationary' && status !== 'full')
        err('status', 'INVALID_VALUE', '导入的党员状态只能是“预备党员”或“正式党员”');
      const categoryText = text('category');
      const category = lookup(categoryLabels, categoryText);
      if (!categoryText) err('category', 'REQUIRED', '党员类别不能为空');
      else if (!category)
        err(
          'category',
          'INVALID_VALUE',
          `党员类别“${categoryText}”不在本地类别清单中，可填：${input.categories.map((c) => c.label).join('、')}`,
        );

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
          input.joinAge ? { rule: input.joinAge, precision: 'day' } : undefined,
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
            sheet: sheet ?? null,
            name,
            gender: checked.gender,
            ethnicity: typed('ethnicity') || null,
            birthDate: checked.birthDate,
            idNumber: checked.idNumber,
            phone: checked.phone,
            address: typed('address') || null,
            education: education ?? null,
            workUnit: typed('workUnit') || null,
            position: typed('position') || null,
            joinedOn,
            fullOn,
            category,
            status,
            orgRef: typed('org') || null,
            orgCode: null,
          });
        }
      }
      result.errors.push(...errors);
      if (onProgress && result.total % 2000 === 0) onProgress(result.total, dataRows);
    }
  }
  onProgress?.(result.total, result.total);
  return result;
}

/** A checked row as the import job keeps it: the `members` columns, personal fields encrypted. */
export interface SealedMember {
  org_code: string | null;
  name: string;
  gender: Gender;
  ethnicity: string | null;
  birth_date: string;
  id_number_enc: string;
  id_number_hash: string;
  id_number_masked: string;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  address_enc: string | null;
  education: Education | null;
  work_unit: string | null;
  position: string | null;
  joined_on: string;
  full_on: string | null;
  category: string;
  status: MemberStatus;
  status_since: string;
}

export interface MemberSample {
  row: number;
  sheet?: string;
  name: string;
  idNumber: string;
  orgId: number;
  orgName: string;
  status: string;
  category: string;
}

export interface SealInput {
  rows: ParsedMember[];
  keys: FieldKeys;
  /** False when the file has errors: only the blind indexes are needed (for the register check). */
  encrypt: boolean;
  chunkSize: number;
}

export interface SealResult {
  /** The ID number blind index of each row, in order. */
  hashes: string[];
  /** The rows as JSON arrays of SealedMember, `chunkSize` rows each (when encrypting). */
  chunks: { count: number; json: string }[];
}

/**
 * Blind indexes and encryption of parsed rows, in a worker thread (the keys are handed to it in
 * process): the request thread and the database only see sealed rows, ready to insert. The
 * service splits a file's rows over the pool's workers.
 */
export function sealMemberRows(input: SealInput): SealResult {
  const crypto = fieldCryptoFromKeys(input.keys);
  const out: SealResult = { hashes: [], chunks: [] };
  if (!input.encrypt) {
    for (const r of input.rows) out.hashes.push(crypto.blindIndex(r.idNumber));
    return out;
  }
  let chunk: SealedMember[] = [];
  const flush = () => {
    if (chunk.length === 0) return;
    out.chunks.push({ count: chunk.length, json: JSON.stringify(chunk) });
    chunk = [];
  };
  for (const r of input.rows) {
    const enc = encryptedColumns(crypto, r);
    out.hashes.push(enc.idNumberHash);
    chunk.push({
      org_code: r.orgCode,
      name: r.name,
      gender: r.gender,
      ethnicity: r.ethnicity,
      birth_date: r.birthDate,
      id_number_enc: enc.idNumberEnc,
      id_number_hash: enc.idNumberHash,
      id_number_masked: enc.idNumberMasked,
      phone_enc: enc.phoneEnc,
      phone_hash: enc.phoneHash,
      phone_masked: enc.phoneMasked,
      address_enc: enc.addressEnc,
      education: r.education,
      work_unit: r.workUnit,
      position: r.position,
      joined_on: r.joinedOn,
      full_on: r.fullOn,
      category: r.category,
      status: r.status,
      status_since: r.status === 'full' && r.fullOn ? r.fullOn : r.joinedOn,
    });
    if (chunk.length >= input.chunkSize) flush();
  }
  flush();
  return out;
}
