import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { chinaDate } from '../../platform/clock.ts';
import { mountPrint, type PrintDocument } from '../../platform/print/document.ts';
import { loadTransfer, type TransferRow } from './transfers.ts';

/** 党员组织关系介绍信 (转接介绍信) as the formal document an office files and hands over. */
export function transferLetter(t: TransferRow): PrintDocument {
  const to = t.toOrgName ?? t.outsideOrgName ?? '';
  const gender = t.gender === 'male' ? '男' : t.gender === 'female' ? '女' : '';
  const dues = t.duesPaidUntil ? `党费已交到 ${t.duesPaidUntil.replace('-', ' 年 ')} 月。` : '';
  return {
    title: '中国共产党党员组织关系介绍信',
    number: t.letterNo ?? `转接-${t.id}`,
    to,
    paragraphs: [
      `兹介绍${t.memberName}同志（${gender ? `${gender}，` : ''}身份证号 ${t.idNumberMasked ?? ''}）的党员组织关系由${t.fromOrgName}转去你处，请接洽。`,
      `转接原因：${t.reason}。${dues}`,
      t.validUntil ? `（有效期至 ${t.validUntil}）` : '',
    ].filter(Boolean),
    signatures: ['经办人', '党组织负责人'],
    seal: t.fromOrgName,
    date: chinaDate(t.requestedAt),
  };
}

/** `GET /member-transfers/:id/print` and `/print.pdf`: audited, 404 outside the caller's scope. */
export const transferPrintRoutes: FastifyPluginAsyncZod = async (app) => {
  mountPrint(app, {
    path: '/member-transfers/:id',
    access: 'members.transfer',
    tags: ['members'],
    summary: '党员组织关系介绍信',
    audit: 'members.print_transfer_letter',
    load: async (db, actor, id) => {
      const t = await loadTransfer(db, actor, id);
      return {
        document: transferLetter(t),
        objectType: 'member_transfer',
        objectId: t.id,
        orgPath: t.fromPath,
      };
    },
  });
};
