import ExcelJS from 'exceljs';
import { csvLine } from '../../../platform/spreadsheet.ts';
import { ORG_COLUMNS, ORG_KIND_LABELS, ORG_LEVEL_LABELS, UNIT_TYPE_LABELS } from './parse.ts';

const header = () => ORG_COLUMNS.map((c) => (c.required ? `${c.label}*` : c.label));

/** The organization import template: Chinese headers (required ones starred), an example row. */
export async function orgTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织信息');
  ws.addRow(header()).font = { bold: true };
  ws.addRow(ORG_COLUMNS.map((c) => c.example));
  ws.getColumn(1).numFmt = '@';
  ws.getColumn(3).numFmt = '@';
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 36 : 16;
  });
  const notes = wb.addWorksheet('填写说明');
  notes.addRow(['带 * 的列必须填写；组织编码在全系统唯一，只能包含字母、数字、下划线和连字符']);
  notes.addRow([
    '上级组织编码: 留空表示建在当前组织之下；可以填写当前组织或其下级组织的编码，也可以填写本文件中其他行的组织编码（顺序不限）',
  ]);
  notes.addRow([`组织类别: ${Object.values(ORG_KIND_LABELS).join('、')}`]);
  notes.addRow([`行政层级: ${Object.values(ORG_LEVEL_LABELS).join('、')}`]);
  notes.addRow([`单位类型: ${Object.values(UNIT_TYPE_LABELS).join('、')}`]);
  notes.addRow(['行政层级与单位类型至少填写一项']);
  notes.addRow(['成立日期格式: 2021-07-01、2021/7/1 或 2021年7月1日']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function orgTemplateCsv(): Buffer {
  return Buffer.from(
    `\uFEFF${csvLine(header())}\r\n${csvLine(ORG_COLUMNS.map((c) => c.example))}\r\n`,
    'utf8',
  );
}
