import ExcelJS from 'exceljs';
import { addLedgerSheet, escapeFormula, workbookBuffer } from '../../platform/spreadsheet.ts';
import type { ComplianceRow } from './compliance.ts';

const STATUS = { ok: '达标', due: '待完成', overdue: '已逾期' } as const;

/**
 * 组织生活督导台账: one row per branch and meeting type for the period (status, last held, the
 * reason in words), a per-branch compliance rate, and the subtree's overdue probation conversions.
 */
export async function supervisionWorkbook(
  orgName: string,
  period: string,
  rows: ComplianceRow[],
  conversions: { name: string; orgName: string; joinedOn: string; probationEnd: string }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const detail = addLedgerSheet(wb, '分类型完成情况', [
    { header: '组织', key: 'org', width: 30 },
    { header: '类型', key: 'type', width: 14 },
    { header: '周期', key: 'period', width: 24 },
    { header: '状态', key: 'status', width: 8 },
    { header: '上次召开', key: 'last', width: 12 },
    { header: '说明', key: 'reason', width: 60 },
  ]);
  for (const r of rows) {
    detail.addRow({
      org: escapeFormula(r.orgName),
      type: r.typeName,
      period: `${r.periodStart} 至 ${r.periodEnd}`,
      status: STATUS[r.status],
      last: r.lastHeldAt ?? '',
      reason: escapeFormula(r.reason),
    });
  }
  const byBranch = addLedgerSheet(wb, '分支部汇总', [
    { header: '组织', key: 'org', width: 30 },
    { header: '应开类型', key: 'total', width: 10 },
    { header: '达标', key: 'ok', width: 8 },
    { header: '待完成', key: 'due', width: 8 },
    { header: '已逾期', key: 'overdue', width: 8 },
    { header: '达标率', key: 'rate', width: 8 },
  ]);
  const branches = new Map<
    number,
    { org: string; total: number; ok: number; due: number; overdue: number }
  >();
  for (const r of rows) {
    const b = branches.get(r.orgId) ?? { org: r.orgName, total: 0, ok: 0, due: 0, overdue: 0 };
    b.total += 1;
    b[r.status] += 1;
    branches.set(r.orgId, b);
  }
  for (const b of branches.values()) {
    byBranch.addRow({
      ...b,
      org: escapeFormula(b.org),
      rate: b.total ? `${Math.round((b.ok / b.total) * 1000) / 10}%` : '',
    });
  }
  const late = addLedgerSheet(wb, '转正逾期', [
    { header: '姓名', key: 'name', width: 12 },
    { header: '所在组织', key: 'org', width: 30 },
    { header: '入党日期', key: 'joined', width: 12 },
    { header: '预备期满', key: 'end', width: 12 },
  ]);
  for (const c of conversions) {
    late.addRow({
      name: escapeFormula(c.name),
      org: escapeFormula(c.orgName),
      joined: c.joinedOn,
      end: c.probationEnd,
    });
  }
  wb.title = `${orgName} ${period} 组织生活督导台账`;
  return await workbookBuffer(wb);
}

const MEETING_STATUS = {
  planned: '已备案',
  recorded: '已纪实',
  signed: '已签发',
  cancelled: '已取消',
} as const;

/** The meetings of a subtree as listed (with the organization of each), for the 组织生活 page's export. */
export async function meetingsWorkbook(
  rows: {
    orgName: string;
    typeName: string;
    topic: string;
    plannedOn: string;
    heldOn: string | null;
    status: keyof typeof MEETING_STATUS;
    expectedCount: number | null;
    presentCount: number | null;
  }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = addLedgerSheet(wb, '组织生活活动', [
    { header: '组织', key: 'org', width: 30 },
    { header: '类型', key: 'type', width: 14 },
    { header: '议题', key: 'topic', width: 40 },
    { header: '计划日期', key: 'planned', width: 12 },
    { header: '召开日期', key: 'held', width: 12 },
    { header: '状态', key: 'status', width: 8 },
    { header: '应到', key: 'expected', width: 6 },
    { header: '实到', key: 'present', width: 6 },
  ]);
  for (const r of rows) {
    ws.addRow({
      org: escapeFormula(r.orgName),
      type: r.typeName,
      topic: escapeFormula(r.topic),
      planned: r.plannedOn,
      held: r.heldOn ?? '',
      status: MEETING_STATUS[r.status],
      expected: r.expectedCount,
      present: r.presentCount,
    });
  }
  return await workbookBuffer(wb);
}
