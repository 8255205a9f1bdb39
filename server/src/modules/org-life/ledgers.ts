import ExcelJS from 'exceljs';
import { addLedgerRows, type LedgerColumn, workbookBuffer } from '../../platform/spreadsheet.ts';
import type { ComplianceRow } from './compliance.ts';

const STATUS = { ok: '达标', due: '待完成', overdue: '已逾期' } as const;

type Conversion = { name: string; orgName: string; joinedOn: string; probationEnd: string };
type BranchTally = { org: string; total: number; ok: number; due: number; overdue: number };

const detailColumns: LedgerColumn<ComplianceRow>[] = [
  { header: '组织', width: 30, value: (r) => r.orgName },
  { header: '类型', width: 14, value: (r) => r.typeName },
  { header: '周期', width: 24, value: (r) => `${r.periodStart} 至 ${r.periodEnd}` },
  { header: '状态', width: 8, value: (r) => STATUS[r.status] },
  { header: '上次召开', width: 12, value: (r) => r.lastHeldAt ?? '' },
  { header: '说明', width: 60, value: (r) => r.reason },
];
const branchColumns: LedgerColumn<BranchTally>[] = [
  { header: '组织', width: 30, value: (b) => b.org },
  { header: '应开类型', width: 10, value: (b) => b.total },
  { header: '达标', width: 8, value: (b) => b.ok },
  { header: '待完成', width: 8, value: (b) => b.due },
  { header: '已逾期', width: 8, value: (b) => b.overdue },
  {
    header: '达标率',
    width: 8,
    value: (b) => (b.total ? `${Math.round((b.ok / b.total) * 1000) / 10}%` : ''),
  },
];
const conversionColumns: LedgerColumn<Conversion>[] = [
  { header: '姓名', width: 12, value: (c) => c.name },
  { header: '所在组织', width: 30, value: (c) => c.orgName },
  { header: '入党日期', width: 12, value: (c) => c.joinedOn },
  { header: '预备期满', width: 12, value: (c) => c.probationEnd },
];

/**
 * 组织生活督导台账: one row per branch and meeting type for the period (status, last held, the
 * reason in words), a per-branch compliance rate, and the subtree's overdue probation conversions.
 */
export async function supervisionWorkbook(
  orgName: string,
  period: string,
  rows: ComplianceRow[],
  conversions: Conversion[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  addLedgerRows(wb, '分类型完成情况', detailColumns, rows);
  const branches = new Map<number, BranchTally>();
  for (const r of rows) {
    const b = branches.get(r.orgId) ?? { org: r.orgName, total: 0, ok: 0, due: 0, overdue: 0 };
    b.total += 1;
    b[r.status] += 1;
    branches.set(r.orgId, b);
  }
  addLedgerRows(wb, '分支部汇总', branchColumns, branches.values());
  addLedgerRows(wb, '转正逾期', conversionColumns, conversions);
  wb.title = `${orgName} ${period} 组织生活督导台账`;
  return await workbookBuffer(wb);
}

const MEETING_STATUS = {
  planned: '已备案',
  recorded: '已纪实',
  signed: '已签发',
  cancelled: '已取消',
} as const;

interface MeetingLine {
  orgName: string;
  typeName: string;
  topic: string;
  plannedOn: string;
  heldOn: string | null;
  status: keyof typeof MEETING_STATUS;
  expectedCount: number | null;
  presentCount: number | null;
}

const meetingColumns: LedgerColumn<MeetingLine>[] = [
  { header: '组织', width: 30, value: (r) => r.orgName },
  { header: '类型', width: 14, value: (r) => r.typeName },
  { header: '议题', width: 40, value: (r) => r.topic },
  { header: '计划日期', width: 12, value: (r) => r.plannedOn },
  { header: '召开日期', width: 12, value: (r) => r.heldOn ?? '' },
  { header: '状态', width: 8, value: (r) => MEETING_STATUS[r.status] },
  { header: '应到', width: 6, value: (r) => r.expectedCount },
  { header: '实到', width: 6, value: (r) => r.presentCount },
];

/** The meetings of a subtree as listed (with the organization of each), for the 组织生活 page's export. */
export async function meetingsWorkbook(rows: MeetingLine[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  addLedgerRows(wb, '组织生活活动', meetingColumns, rows);
  return await workbookBuffer(wb);
}
