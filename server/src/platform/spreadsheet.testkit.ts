/** Test helpers for ledger downloads (.xlsx): fetch and open one, read a sheet as text rows. */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Client, TestApp } from '../../test/app.ts';

/** Downloads a ledger (expecting 200 and an .xlsx) and opens it. */
export async function downloadLedger(client: Client, url: string): Promise<ExcelJS.Workbook> {
  const res = await client({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  expect(res.headers['cache-control']).toBe('no-store');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's rows as text cells (the header row first); fails when the sheet is missing. */
export function sheetRows(wb: ExcelJS.Workbook, name: string): string[][] {
  const sheet = wb.getWorksheet(name);
  expect(sheet, `sheet ${name}`).toBeDefined();
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}

/** The audit rows of an export action: who may later ask who took which ledger. */
export async function exportAudits(t: TestApp, action: string) {
  return t.db
    .selectFrom('auditLog')
    .select(['action', 'orgPath', 'detail'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}
