import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/actor.ts';
import { chinaDate, chinaTime } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db.ts';
import { addLedgerSheet, escapeFormula, workbookBuffer } from '../../platform/spreadsheet.ts';
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
const text = (v: string | null | undefined) => escapeFormula(v ?? '');

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
  const sheet = addLedgerSheet(wb, '诉求台账', [
    { header: '编号', key: 'code', width: 15 },
    { header: '标题', key: 'title', width: 28 },
    { header: '分类', key: 'category', width: 10 },
    { header: '受理组织', key: 'org', width: 24 },
    { header: '来源', key: 'source', width: 10 },
    { header: '受理时间', key: 'received', width: 17 },
    { header: '当前办理', key: 'handling', width: 26 },
    { header: '本级起算日', key: 'levelStarted', width: 11 },
    { header: '办理时限', key: 'due', width: 11 },
    { header: '状态', key: 'status', width: 12 },
    { header: '是否超期', key: 'overdue', width: 8 },
    { header: '办结时间', key: 'resolved', width: 17 },
    { header: '办结层级', key: 'resolvedLevel', width: 8 },
    { header: '受理至办结（小时）', key: 'hours', width: 10 },
    { header: '上报次数', key: 'escalations', width: 8 },
    { header: '重新办理次数', key: 'reopens', width: 8 },
    { header: '办理结果', key: 'resolution', width: 36 },
    { header: '满意度回访', key: 'rating', width: 12 },
    { header: '回访说明', key: 'ratingComment', width: 24 },
  ]);
  for (const r of rows) {
    const overdue = r.wasOverdue || (r.status === 'open' && today > r.dueOn);
    sheet.addRow({
      code: r.code,
      title: text(r.title),
      category: text(r.categoryName),
      org: text(r.orgName),
      source: SOURCE[r.source],
      received: chinaStamp(r.receivedAt),
      handling: `${LEVEL[r.handlingLevel]} · ${r.handlingOrgName}`,
      levelStarted: r.levelStartedOn,
      due: r.dueOn,
      status: STATUS[r.status],
      overdue: overdue ? '是' : '否',
      resolved: chinaStamp(r.resolvedAt),
      resolvedLevel: r.resolvedLevel ? LEVEL[r.resolvedLevel] : '',
      hours: hours(r.receivedAt, r.resolvedAt),
      escalations: Number(r.escalationCount),
      reopens: Number(r.reopenCount),
      resolution: text(r.resolution),
      rating: r.visitRating ? (r.visitSolved ? RATING[r.visitRating] : '问题没有解决') : '',
      ratingComment: text(r.visitComment),
    });
  }

  const steps = addLedgerSheet(wb, '办理过程', [
    { header: '编号', key: 'code', width: 15 },
    { header: '时间', key: 'at', width: 17 },
    { header: '环节', key: 'kind', width: 11 },
    { header: '从', key: 'from', width: 24 },
    { header: '到', key: 'to', width: 24 },
    { header: '经办', key: 'actor', width: 16 },
    { header: '原因', key: 'reason', width: 28 },
    { header: '去向', key: 'nextRoute', width: 24 },
    { header: '说明', key: 'note', width: 36 },
    { header: '自动', key: 'automatic', width: 6 },
  ]);
  const codes = new Map(rows.map((r) => [r.id, r.code]));
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const events = await findEventsOf(db, ids.slice(i, i + 1000));
    for (const e of events) {
      steps.addRow({
        code: codes.get(e.requestId),
        at: chinaStamp(e.at),
        kind: EVENT[e.kind] ?? e.kind,
        from: text(e.fromOrgName),
        to: text(e.toOrgName),
        actor: text(e.actorName),
        reason: text(e.reason),
        nextRoute: text(e.nextRoute),
        note: text(e.note),
        automatic: e.isAutomatic ? '是' : '',
      });
    }
  }
  return { buffer: await workbookBuffer(wb), count: rows.length };
}
