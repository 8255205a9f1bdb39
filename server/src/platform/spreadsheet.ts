import type ExcelJS from 'exceljs';
/**
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe
 * (OWASP CSV injection): = + - @ tab and carriage return.
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  const safe = escapeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}

/**
 * One ledger sheet as the offices expect it: the given columns, a bold header row that stays in
 * view while scrolling. Rows are added by the caller (escape free text with `escapeFormula`).
 */
export function addLedgerSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Partial<ExcelJS.Column>[],
): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name);
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return sheet;
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
