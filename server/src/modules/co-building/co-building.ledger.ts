import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { addLedgerRows, mountLedger, workbookBuffer } from '../../platform/spreadsheet.ts';
import { listActivities, listAgreements, listMeetings } from './co-building.service.ts';

/** A ledger holds at most this many records of each kind. */
const LIMIT = 20_000;
const KIND = { activity: '共建活动', joint_service: '联合集中服务' } as const;

/**
 * 共驻共建活动台账 (`GET /co-building/ledger.xlsx?orgId&from&to`): the subtree's co-building
 * activities and joint services held in the period with their units and participants, the joint
 * meetings with the problems raised and solved, and the resource-sharing agreements signed.
 */
export function mountCoBuildingLedger(app: FastifyInstance): void {
  mountLedger(app, {
    path: '/co-building/ledger.xlsx',
    access: 'co_building.read',
    tags: ['co-building'],
    title: '共驻共建活动台账',
    describe: '共驻共建活动台账（.xlsx：共建活动、联席会议、共建协议三张表）',
    audit: 'co_building.export',
    async build(db, scope) {
      // The module's own lists over the ledger's scope and period, oldest first.
      const period = { from: scope.from, to: scope.to };
      const orgPath = scope.org?.path;
      const activities = (await listActivities(db, scope.actor, period, orgPath, LIMIT)).reverse();
      const meetings = (await listMeetings(db, scope.actor, period, orgPath, undefined, LIMIT)).reverse();
      const agreements = (await listAgreements(db, scope.actor, period, orgPath, LIMIT)).reverse();

      const wb = new ExcelJS.Workbook();
      addLedgerRows(
        wb,
        '共建活动',
        [
          { header: '日期', width: 11, value: (a) => a.heldOn },
          { header: '组织', width: 24, value: (a) => a.orgName },
          { header: '类型', width: 12, value: (a) => KIND[a.kind] },
          { header: '活动', width: 30, value: (a) => a.title },
          { header: '参与单位', width: 36, value: (a) => a.units.join('、') },
          { header: '参与人数', width: 8, value: (a) => a.participants },
        ],
        activities,
      );
      const issueLine = (i: (typeof meetings)[number]['issues'][number]) =>
        `${i.title}（${i.status === 'solved' ? `已解决${i.outcome ? `：${i.outcome}` : ''}` : '未解决'}）`;
      addLedgerRows(
        wb,
        '联席会议',
        [
          { header: '日期', width: 11, value: (m) => m.heldOn },
          { header: '组织', width: 24, value: (m) => m.orgName },
          { header: '会议', width: 28, value: (m) => m.title },
          { header: '参会单位', width: 36, value: (m) => m.units.join('、') },
          { header: '会商问题', width: 8, value: (m) => m.issues.length },
          { header: '已解决', width: 8, value: (m) => m.issues.filter((i) => i.status === 'solved').length },
          { header: '问题及解决情况', width: 48, value: (m) => m.issues.map(issueLine).join('；') },
        ],
        meetings,
      );
      addLedgerRows(
        wb,
        '共建协议',
        [
          { header: '签订日期', width: 11, value: (g) => g.signedOn },
          { header: '组织', width: 24, value: (g) => g.orgName },
          { header: '共建单位', width: 24, value: (g) => g.unitName },
          { header: '协议', width: 28, value: (g) => g.title },
          { header: '共享资源', width: 36, value: (g) => g.resources },
          { header: '到期日期', width: 11, value: (g) => g.expiresOn },
        ],
        agreements,
      );
      return {
        buffer: await workbookBuffer(wb),
        rows: activities.length + meetings.length + agreements.length,
      };
    },
  });
}
