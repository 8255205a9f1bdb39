import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/actor.ts';
import { chinaDate, chinaTime } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db.ts';
import { addLedgerRows, type LedgerColumn, workbookBuffer } from '../../platform/spreadsheet.ts';
import type { ListRequestsQuery, Rating, RequestLevel, RequestSource } from './service-requests.contract.ts';
import { findEventsOf, findRequests } from './service-requests.queries.ts';

/** At most this many requests in one ledger (a district's year is well below it). */
export const LEDGER_LIMIT = 20_000;

const LEVEL: Record<RequestLevel, string> = {
  grid: '网格',
  community: '社区',
  street: '街道',
  district: '区',
};
const SOURCE: Record<RequestSource, string> = {
  resident: '居民自报',
  grid_worker: '网格员上报',
  service_desk: '窗口代办',
  hotline: '12345热线',
};
const STATUS = { open: '办理中', resolved: '已办结待评价', closed: '已完成' } as const;
const RATING: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};
const EVENT: Record<string, string> = {
  submitted: '受理',
  resolved_on_spot: '当场解决',
  transferred: '登记转办',
  escalated: '上报',
  completed: '办结',
  confirmed: '满意度回访',
  reopened: '重新办理',
  hotline_update: '热线反馈',
  promoted: '转为提案',
  rating_corrected: '修改评价',
};

/** China wall-clock time of an instant, 'YYYY-MM-DD HH:MM'. */
const chinaStamp = (at: Date | null) => (at ? `${chinaDate(at)} ${chinaTime(at)}` : '');
const hours = (from: Date, to: Date | null) =>
  to ? Math.round(((to.getTime() - from.getTime()) / 3_600_000) * 10) / 10 : null;
// Text cells are escaped (`escapeFormula`) by `addLedgerRows`.
const text = (v: string | null | undefined) => v ?? '';

type RequestRow = Awaited<ReturnType<typeof findRequests>>['rows'][number];
type EventRow = Awaited<ReturnType<typeof findEventsOf>>[number];

const requestColumns = (today: string): LedgerColumn<RequestRow>[] => [
  { header: '编号', width: 15, value: (r) => r.code },
  { header: '标题', width: 28, value: (r) => text(r.title) },
  { header: '分类', width: 10, value: (r) => text(r.categoryName) },
  { header: '受理组织', width: 24, value: (r) => text(r.orgName) },
  { header: '来源', width: 10, value: (r) => SOURCE[r.source] },
  { header: '受理时间', width: 17, value: (r) => chinaStamp(r.receivedAt) },
  { header: '当前办理', width: 26, value: (r) => `${LEVEL[r.handlingLevel]} · ${r.handlingOrgName}` },
  { header: '本级起算日', width: 11, value: (r) => r.levelStartedOn },
  { header: '办理时限', width: 11, value: (r) => r.dueOn },
  { header: '状态', width: 12, value: (r) => STATUS[r.status] },
  {
    header: '是否超期',
    width: 8,
    value: (r) => (r.wasOverdue || (r.status === 'open' && today > r.dueOn) ? '是' : '否'),
  },
  { header: '办结时间', width: 17, value: (r) => chinaStamp(r.resolvedAt) },
  { header: '办结层级', width: 8, value: (r) => (r.resolvedLevel ? LEVEL[r.resolvedLevel] : '') },
  { header: '受理至办结（小时）', width: 10, value: (r) => hours(r.receivedAt, r.resolvedAt) },
  { header: '上报次数', width: 8, value: (r) => Number(r.escalationCount) },
  { header: '重新办理次数', width: 8, value: (r) => Number(r.reopenCount) },
  { header: '办理结果', width: 36, value: (r) => text(r.resolution) },
  {
    header: '满意度回访',
    width: 12,
    value: (r) => (r.visitRating ? (r.visitSolved ? RATING[r.visitRating] : '问题没有解决') : ''),
  },
  { header: '回访说明', width: 24, value: (r) => text(r.visitComment) },
];

const stepColumns: LedgerColumn<EventRow & { code: string | undefined }>[] = [
  { header: '编号', width: 15, value: (e) => e.code },
  { header: '时间', width: 17, value: (e) => chinaStamp(e.at) },
  { header: '环节', width: 11, value: (e) => EVENT[e.kind] ?? e.kind },
  { header: '从', width: 24, value: (e) => text(e.fromOrgName) },
  { header: '到', width: 24, value: (e) => text(e.toOrgName) },
  { header: '经办', width: 16, value: (e) => text(e.actorName) },
  { header: '原因', width: 28, value: (e) => text(e.reason) },
  { header: '去向', width: 24, value: (e) => text(e.nextRoute) },
  { header: '说明', width: 36, value: (e) => text(e.note) },
  { header: '自动', width: 6, value: (e) => (e.isAutomatic ? '是' : '') },
];

/**
 * 民情诉求台账: one sheet of requests (where, who handles it, its clocks: received, the level's
 * deadline, resolved, hours taken, overdue, escalations, reopenings, the satisfaction visit) and
 * one of every handling step. Contacts are personal data and are not exported.
 */
export async function buildRequestLedger(
  db: Executor,
  actor: Actor,
  query: ListRequestsQuery,
  today: string,
  within: string | undefined,
) {
  const { rows } = await findRequests(
    db,
    actor,
    { ...query, page: 1, pageSize: LEDGER_LIMIT },
    today,
    within,
  );
  const wb = new ExcelJS.Workbook();
  addLedgerRows(wb, '诉求台账', requestColumns(today), rows);
  const codes = new Map(rows.map((r) => [r.id, r.code]));
  const ids = rows.map((r) => r.id);
  const events: (EventRow & { code: string | undefined })[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    for (const e of await findEventsOf(db, ids.slice(i, i + 1000)))
      events.push({ ...e, code: codes.get(e.requestId) });
  }
  addLedgerRows(wb, '办理过程', stepColumns, events);
  return { buffer: await workbookBuffer(wb), count: rows.length };
}
