import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { chinaDate } from '../../platform/clock.ts';
import { mountPrint, type PrintDocument } from '../../platform/print/document.ts';
import { getVisibleRequest, type RequestRow } from './service-requests.queries.ts';

const STATUS: Record<RequestRow['status'], string> = {
  open: '办理中',
  resolved: '已办结（待确认）',
  closed: '已办结',
};
const DISPOSITION: Record<string, string> = { on_spot: '当场解决', transferred: '登记转办' };
const LEVEL: Record<string, string> = { grid: '网格', community: '社区', street: '街道', district: '区' };

/** 民情诉求办理单: what an office files for one request (contact masked: the form circulates). */
export function requestHandlingForm(r: RequestRow): PrintDocument {
  const at = (d: Date | null) => (d ? chinaDate(d) : '—');
  return {
    title: '民情诉求办理单',
    number: r.code,
    fields: [
      ['诉求标题', r.title],
      ['诉求类别', r.categoryName],
      ['所属组织', r.orgName],
      ['诉求人', r.contactName ? `${r.contactName.slice(0, 1)}**` : '—'],
      ['地点', r.location ?? '—'],
      ['诉求内容', r.description],
      ['受理日期', at(r.receivedAt)],
      ['办理单位', `${r.handlingOrgName}（${LEVEL[r.handlingLevel] ?? ''}级）`],
      ['处置方式', r.disposition ? (DISPOSITION[r.disposition] ?? '—') : '—'],
      ['办理期限', r.dueOn],
      ['办理结果', r.resolution ?? '—'],
      ['办结日期', at(r.resolvedAt)],
      ['当前状态', STATUS[r.status]],
    ],
    signatures: ['承办人', '审核人'],
    seal: r.handlingOrgName,
    date: chinaDate(r.resolvedAt ?? r.receivedAt),
  };
}

/** `GET /service-requests/:id/print` and `/print.pdf`: audited, 404 outside the caller's scope. */
export const requestPrintRoutes: FastifyPluginAsyncZod = async (app) => {
  mountPrint(app, {
    path: '/service-requests/:id',
    access: 'service_requests.read',
    tags: ['service-requests'],
    summary: '民情诉求办理单',
    audit: 'service_requests.print',
    load: async (db, actor, id) => {
      const r = await getVisibleRequest(db, actor, id);
      return {
        document: requestHandlingForm(r),
        objectType: 'service_request',
        objectId: r.id,
        orgPath: r.orgPath,
      };
    },
  });
};
