import {
  type Cell,
  clean,
  DEFAULT_LIMITS,
  EMPTY,
  findHeader,
  type ImportLimits,
  type ImportWarning,
  notDataReason,
  parseDate,
  type RowError,
  readWorkbook,
  type SkippedRow,
} from '../../../platform/imports/sheet.ts';
import {
  ORG_KINDS,
  ORG_LEVELS,
  type OrgKind,
  type OrgLevel,
  UNIT_TYPES,
  type UnitType,
} from '../orgs.contract.ts';

/**
 * Spreadsheet parsing for organization imports: pure (no database), so it runs in the same worker
 * thread as member imports. Checks one row at a time and codes repeated within the file; parents,
 * scope and cycles need the database and are checked by the import service.
 */
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  committee: '党委',
  working_committee: '党工委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
  street_alliance_committee: '大工委',
  community_alliance_committee: '大党委',
  joint_committee: '联合党委',
  comprehensive_committee: '综合党委',
  area_org: '区域性党组织',
  sector_committee: '行业党委',
};
/** Other names offices use for the same kinds. */
const KIND_ALIASES: Record<string, OrgKind> = {
  街道大工委: 'street_alliance_committee',
  社区大党委: 'community_alliance_committee',
  区域党组织: 'area_org',
  党总支部: 'general_branch',
  党总支部委员会: 'general_branch',
  党委员会: 'committee',
  党支部委员会: 'branch',
};
export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = {
  district: '区(县)',
  street: '街道(镇)',
  community: '社区(村)',
  grid: '网格',
  building: '楼栋',
};
const LEVEL_ALIASES: Record<string, OrgLevel> = {
  区: 'district',
  县: 'district',
  街道: 'street',
  镇: 'street',
  乡: 'street',
  社区: 'community',
  村: 'community',
  楼栋: 'building',
  楼: 'building',
};
export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  agency: '机关',
  public_institution: '事业单位',
  state_enterprise: '国有企业',
  non_public_enterprise: '非公企业',
  social_org: '社会组织',
  park: '园区',
  business_district: '商圈',
  office_building: '商务楼宇',
  market: '市场',
};

/** The template's columns, in order: header label, required, example value. */
export const ORG_COLUMNS = [
  { key: 'code', label: '组织编码', required: true, example: 'SFQ-01-01-G9' },
  { key: 'name', label: '组织名称', required: true, example: '示范区朝阳社区第九网格党支部' },
  { key: 'parentCode', label: '上级组织编码', required: false, example: 'SFQ-01-01' },
  { key: 'kind', label: '组织类别', required: true, example: '党支部' },
  { key: 'level', label: '行政层级', required: false, example: '网格' },
  { key: 'unitType', label: '单位类型', required: false, example: '' },
  { key: 'establishedOn', label: '成立日期', required: false, example: '2021-07-01' },
] as const;
type ColumnKey = (typeof ORG_COLUMNS)[number]['key'];
const LABEL_OF = Object.fromEntries(ORG_COLUMNS.map((c) => [c.key, c.label])) as Record<ColumnKey, string>;
const HEADER_ALIASES: Record<string, ColumnKey> = {
  ...Object.fromEntries(ORG_COLUMNS.map((c) => [c.label, c.key])),
  党组织编码: 'code',
  编码: 'code',
  党组织名称: 'name',
  名称: 'name',
  上级党组织编码: 'parentCode',
  上级编码: 'parentCode',
  党组织类别: 'kind',
  类别: 'kind',
  层级: 'level',
  单位性质: 'unitType',
  成立时间: 'establishedOn',
};

export interface ParsedOrg {
  row: number;
  code: string;
  name: string;
  /** Null: directly under the organization the file is imported into. */
  parentCode: string | null;
  kind: OrgKind;
  level: OrgLevel | null;
  unitType: UnitType | null;
  establishedOn: string | null;
}

export interface OrgParseResult {
  total: number;
  rows: ParsedOrg[];
  /** Every well-formed code the file defines, with its row, rows with errors included. */
  codes: Record<string, number>;
  /** The parent code of every row, rows with errors included (so unknown parents are reported too). */
  parents: { row: number; parentCode: string }[];
  errors: RowError[];
  warnings: ImportWarning[];
  skipped: SkippedRow[];
  fatal: string | null;
}

export interface OrgParseInput {
  bytes: Uint8Array;
  today: string;
  limits?: ImportLimits;
}

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

function lookup<T extends string>(
  labels: Record<T, string>,
  aliases: Record<string, T>,
  codes: readonly T[],
  value: string,
): T | undefined {
  const v = value.replace(/（/g, '(').replace(/）/g, ')').replace(/\s/g, '');
  for (const [code, label] of Object.entries(labels) as [T, string][]) if (v === label) return code;
  if (aliases[v]) return aliases[v];
  return codes.find((c) => c === v);
}

export async function parseOrgFile(
  input: OrgParseInput,
  onProgress?: (done: number, total: number) => void,
): Promise<OrgParseResult> {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const result: OrgParseResult = {
    total: 0,
    rows: [],
    codes: {},
    parents: [],
    errors: [],
    warnings: [],
    skipped: [],
    fatal: null,
  };
  const read = await readWorkbook(input.bytes, limits);
  if ('fatal' in read) {
    result.fatal = read.fatal;
    return result;
  }
  // One sheet of organizations (parents refer to codes across rows): several are refused by name,
  // and a sheet with content but no header is named in the warnings.
  const withHeader = read.sheets
    .map((sheet) => ({ sheet, header: findHeader<ColumnKey>(sheet.grid, HEADER_ALIASES, ['code', 'name']) }))
    .filter((x) => x.header !== null);
  if (withHeader.length === 0) {
    result.fatal = '没有找到表头：请使用组织导入模板（表头须包含“组织编码”和“组织名称”）';
    return result;
  }
  if (withHeader.length > 1) {
    result.fatal = `文件中有 ${withHeader.length} 个工作表都是组织表（${withHeader.map((x) => `“${x.sheet.name}”`).join('、')}）：请合并到一个工作表后导入，或分文件导入`;
    return result;
  }
  const { sheet, header } = withHeader[0]!;
  for (const other of read.sheets)
    if (other !== sheet && other.grid.some((r) => r?.some((c) => c && (c.text.trim() !== '' || c.date))))
      result.warnings.push({
        code: 'SHEET_IGNORED',
        sheet: other.name ?? undefined,
        message: `工作表“${other.name}”没有组织表头（须有“组织编码”和“组织名称”两列），其中的内容未读取`,
      });
  for (const label of header!.ignored)
    result.warnings.push({
      code: 'COLUMN_IGNORED',
      column: label,
      message: `“${label}”列不在导入范围内，其中的内容不会导入`,
    });
  const grid = sheet.grid;
  const headerIndex = header!.index;
  const columns = header!.columns;
  const missing = ORG_COLUMNS.filter((c) => c.required && !columns.includes(c.key));
  if (missing.length) {
    result.fatal = `表头缺少必填列：${missing.map((c) => c.label).join('、')}`;
    return result;
  }
  const dataRows = grid.length - headerIndex - 1;
  if (dataRows > limits.maxRows) {
    result.fatal = `行数过多（${dataRows} 行，上限 ${limits.maxRows} 行），请分批导入`;
    return result;
  }
  const seen = new Map<string, number>();
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const rowNo = i + 1;
    const raw = grid[i] ?? [];
    if (raw.every((c) => !c || (clean(c.text) === '' && !c.date))) continue;
    const notData = notDataReason(raw, header!.rowNumberColumn);
    if (notData) {
      result.skipped.push({ row: rowNo, reason: notData });
      continue;
    }
    const get = (key: ColumnKey): Cell => {
      const idx = columns.indexOf(key);
      return idx < 0 ? EMPTY : (raw[idx] ?? EMPTY);
    };
    const text = (key: ColumnKey) => clean(get(key).text);
    result.total += 1;
    const errors: RowError[] = [];
    const err = (key: ColumnKey, code: string, message: string) =>
      errors.push({ row: rowNo, column: LABEL_OF[key], code, message });

    const code = text('code');
    if (!code) err('code', 'REQUIRED', '组织编码不能为空');
    else if (!CODE_PATTERN.test(code))
      err('code', 'INVALID_VALUE', '组织编码只能包含字母、数字、下划线和连字符，且不超过 40 个字符');
    else {
      const first = seen.get(code);
      if (first !== undefined) err('code', 'DUPLICATE_IN_FILE', `组织编码与第 ${first} 行重复`);
      else {
        seen.set(code, rowNo);
        result.codes[code] = rowNo;
      }
    }
    const name = text('name');
    if (!name) err('name', 'REQUIRED', '组织名称不能为空');
    else if (name.length > 100) err('name', 'TOO_LONG', '组织名称不能超过 100 个字符');

    const parentCode = text('parentCode') || null;
    if (parentCode) result.parents.push({ row: rowNo, parentCode });
    if (parentCode && parentCode === code) err('parentCode', 'CYCLE', '上级组织编码不能是本组织自己');

    const kindText = text('kind');
    const kind = kindText ? lookup(ORG_KIND_LABELS, KIND_ALIASES, ORG_KINDS, kindText) : undefined;
    if (!kindText) err('kind', 'REQUIRED', '组织类别不能为空');
    else if (!kind)
      err(
        'kind',
        'INVALID_VALUE',
        `组织类别“${kindText}”不在可选范围内（${Object.values(ORG_KIND_LABELS).join('、')}）`,
      );
    const levelText = text('level');
    const level = levelText ? lookup(ORG_LEVEL_LABELS, LEVEL_ALIASES, ORG_LEVELS, levelText) : undefined;
    if (levelText && !level)
      err(
        'level',
        'INVALID_VALUE',
        `行政层级“${levelText}”不在可选范围内（${Object.values(ORG_LEVEL_LABELS).join('、')}）`,
      );
    const unitText = text('unitType');
    const unitType = unitText ? lookup(UNIT_TYPE_LABELS, {}, UNIT_TYPES, unitText) : undefined;
    if (unitText && !unitType)
      err(
        'unitType',
        'INVALID_VALUE',
        `单位类型“${unitText}”不在可选范围内（${Object.values(UNIT_TYPE_LABELS).join('、')}）`,
      );
    if (!levelText && !unitText) err('level', 'LEVEL_OR_UNIT', '行政层级与单位类型至少填写一项');

    const established = parseDate(get('establishedOn'));
    if (established === 'invalid')
      err('establishedOn', 'INVALID_DATE', '成立日期不是有效日期（例如 2021-07-01）');
    else if (established && established > input.today)
      err('establishedOn', 'INVALID_DATE', '成立日期不能晚于今天');

    if (errors.length === 0 && kind) {
      result.rows.push({
        row: rowNo,
        code,
        name,
        parentCode,
        kind,
        level: level ?? null,
        unitType: unitType ?? null,
        establishedOn: established === 'invalid' ? null : established,
      });
    }
    result.errors.push(...errors);
    if (onProgress && result.total % 2000 === 0) onProgress(result.total, dataRows);
  }
  onProgress?.(result.total, result.total);
  return result;
}
