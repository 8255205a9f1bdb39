import ExcelJS from 'exceljs';
import type { Actor } from '../../../platform/actor.ts';
import type { FieldCrypto } from '../../../platform/crypto.ts';
import type { Executor } from '../../../platform/db.ts';
import { ValidationError } from '../../../platform/errors.ts';
import { csvLine, escapeFormula } from '../../../platform/spreadsheet.ts';
import { getVisibleOrg } from '../../orgs/index.ts';
import { EDUCATION_LABELS, GENDER_LABELS, type MemberFilters, STATUS_LABELS } from '../members.contract.ts';
import { ageOn } from '../members.presenter.ts';
import { filteredMembers, type MemberRow } from '../members.queries.ts';
import { today } from '../members.service.ts';
import { getRule } from '../rules.ts';
import { MEMBER_COLUMNS } from './parse.ts';

const EXPORT_HEADER = [
  '序号',
  '姓名',
  '性别',
  '年龄',
  '民族',
  '身份证号',
  '手机号',
  '学历',
  '工作单位',
  '职务',
  '入党日期',
  '转正日期',
  '党员类别',
  '党员状态',
  '所在党组织',
];

/** One ledger row: masked unless `unmasked`; every cell escaped against formula injection. */
export function ledgerRows(
  rows: readonly MemberRow[],
  opts: { unmasked: boolean; crypto: FieldCrypto; today: string; categoryLabels: Record<string, string> },
): string[][] {
  return rows.map((r, i) =>
    [
      String(i + 1),
      r.name,
      GENDER_LABELS[r.gender],
      String(ageOn(r.birthDate, opts.today)),
      r.ethnicity ?? '',
      opts.unmasked ? opts.crypto.decrypt(r.idNumberEnc) : r.idNumberMasked,
      opts.unmasked ? (r.phoneEnc ? opts.crypto.decrypt(r.phoneEnc) : '') : (r.phoneMasked ?? ''),
      r.education ? EDUCATION_LABELS[r.education] : '',
      r.workUnit ?? '',
      r.position ?? '',
      r.joinedOn,
      r.fullOn ?? '',
      opts.categoryLabels[r.category] ?? r.category,
      STATUS_LABELS[r.status],
      r.orgName,
    ].map((v) => escapeFormula(v)),
  );
}

export const MAX_EXPORT_ROWS = 200_000;

/**
 * The member ledger of the caller's scope under `filters` as a file: masked unless `unmasked`
 * (only through an approved export request), watermarked with who exported it and when.
 */
export async function memberLedgerFile(
  db: Executor,
  crypto: FieldCrypto,
  opts: {
    actor: Actor;
    filters: MemberFilters;
    format: 'xlsx' | 'csv';
    unmasked: boolean;
    now: Date;
    /** Added to the watermark (request number, approver). */
    note?: string;
  },
): Promise<{ file: Buffer; rows: number; filename: string; contentType: string; orgPath: string | null }> {
  const { actor, filters, now } = opts;
  const day = today(now);
  const scopeOrg = filters.orgId ? await getVisibleOrg(db, actor, filters.orgId) : null;
  const birthday = await getRule(db, 'members.party_birthday', scopeOrg?.path ?? null, day);
  const categories = await getRule(db, 'members.categories', scopeOrg?.path ?? null, day);
  const q = await filteredMembers(db, { actor, crypto, today: day, birthday: birthday.value }, filters);
  const rows = await q
    .orderBy('o.path')
    .orderBy('m.id')
    .limit(MAX_EXPORT_ROWS + 1)
    .execute();
  if (rows.length > MAX_EXPORT_ROWS)
    throw new ValidationError({ orgId: `导出人数超过 ${MAX_EXPORT_ROWS}，请缩小范围` });
  const watermark = `导出人: ${actor.user.displayName}（${actor.user.username}） 导出时间: ${now.toISOString()}${opts.note ? ` ${opts.note}` : ''} ${opts.unmasked ? '未打码，严禁外传' : '已打码'}`;
  const cells = ledgerRows(rows, {
    unmasked: opts.unmasked,
    crypto,
    today: day,
    categoryLabels: Object.fromEntries(categories.value.map((c) => [c.code, c.label])),
  });
  const title = scopeOrg ? `${scopeOrg.name}党员名册` : '党员名册';
  const file = opts.format === 'xlsx' ? await toXlsx(cells, title, watermark) : toCsv(cells, watermark);
  return {
    file,
    rows: rows.length,
    filename: `${title}.${opts.format}`,
    contentType:
      opts.format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv; charset=utf-8',
    orgPath: scopeOrg?.path ?? null,
  };
}

export function toCsv(rows: string[][], watermark: string): Buffer {
  const lines = [csvLine([watermark]), csvLine(EXPORT_HEADER), ...rows.map((r) => csvLine(r))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(rows: string[][], title: string, watermark: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员名册');
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, EXPORT_HEADER.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(EXPORT_HEADER).font = { bold: true };
  // Every cell is written as text: ID numbers keep their 18 characters.
  for (const r of rows) ws.addRow(r);
  ws.getColumn(6).numFmt = '@';
  ws.addRow([]);
  ws.addRow([watermark]);
  ws.columns.forEach((c, i) => {
    c.width = [6, 10, 6, 6, 8, 22, 14, 12, 20, 12, 12, 12, 14, 10, 28][i] ?? 12;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The import template: Chinese headers (required ones starred), an example row, text ID column. */
export async function templateXlsx(categoryLabels: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.addRow(MEMBER_COLUMNS.map((c) => (c.required ? `${c.label}*` : c.label))).font = { bold: true };
  ws.addRow(MEMBER_COLUMNS.map((c) => c.example));
  ws.getColumn(4).numFmt = '@';
  ws.columns.forEach((c) => {
    c.width = 16;
  });
  const notes = wb.addWorksheet('填写说明');
  notes.addRow(['带 * 的列必须填写；身份证号一列必须是“文本”格式（否则 Excel 会丢失末几位）']);
  notes.addRow(['日期格式: 2010-07-01、2010/7/1 或 2010年7月1日']);
  notes.addRow(['党员状态: 预备党员 或 正式党员（正式党员须填写转正日期）']);
  notes.addRow([`党员类别: ${categoryLabels.join('、')}`]);
  notes.addRow(['所在党组织编码: 留空表示导入到当前组织；填写时必须是当前组织或其下级组织的编码']);
  notes.addRow(['学历: 研究生、大学本科、大学专科、高中及中专、初中、小学及以下']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function templateCsv(): Buffer {
  return Buffer.from(
    `\uFEFF${csvLine(MEMBER_COLUMNS.map((c) => (c.required ? `${c.label}*` : c.label)))}\r\n${csvLine(MEMBER_COLUMNS.map((c) => c.example))}\r\n`,
    'utf8',
  );
}
