import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { chinaDate, chinaDateTime } from '../../platform/clock.ts';
import { pathWithin } from '../../platform/scope.ts';
import { addLedgerRows, mountLedger, workbookBuffer } from '../../platform/spreadsheet.ts';

const num = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * 志愿服务时长台账 (`GET /volunteers/ledger.xlsx?orgId&from&to`): every sign-up of the subtree's
 * activities held in the period (checked in, confirmed hours and points), and one line per
 * volunteer with their totals. Only confirmed hours count in the totals.
 */
export function mountVolunteersLedger(app: FastifyInstance): void {
  mountLedger(app, {
    path: '/volunteers/ledger.xlsx',
    access: 'volunteers.read',
    tags: ['volunteers'],
    title: '志愿服务时长台账',
    describe: '志愿服务时长台账（.xlsx：服务时长明细、志愿者汇总两张表）',
    audit: 'volunteers.export',
    async build(db, scope) {
      let q = db
        .selectFrom('volunteerSignups as s')
        .innerJoin('volunteerActivities as a', 'a.id', 's.activityId')
        .innerJoin('orgs as o', 'o.id', 'a.orgId')
        .innerJoin('volunteers as v', 'v.id', 's.volunteerId')
        .innerJoin('orgs as vo', 'vo.id', 'v.orgId')
        .leftJoin('volunteerTeams as t', 't.id', 'a.teamId')
        .select([
          'o.name as orgName',
          'a.title',
          't.name as teamName',
          'a.startsAt',
          'v.id as volunteerId',
          'v.name as volunteerName',
          'vo.name as volunteerOrgName',
          's.checkedInAt',
          's.hours',
          's.points',
          's.confirmedAt',
        ])
        .where((eb) => pathWithin(eb, 'o.path', scope.paths));
      if (scope.fromAt) q = q.where('a.startsAt', '>=', scope.fromAt);
      if (scope.toAt) q = q.where('a.startsAt', '<=', scope.toAt);
      const rows = await q.orderBy('a.startsAt').orderBy('a.id').orderBy('s.id').limit(50_000).execute();

      const wb = new ExcelJS.Workbook();
      addLedgerRows(
        wb,
        '服务时长明细',
        [
          { header: '活动日期', width: 11, value: (r) => chinaDate(r.startsAt) },
          { header: '组织', width: 24, value: (r) => r.orgName },
          { header: '活动', width: 28, value: (r) => r.title },
          { header: '服务队', width: 16, value: (r) => r.teamName },
          { header: '志愿者', width: 12, value: (r) => r.volunteerName },
          { header: '志愿者所在组织', width: 24, value: (r) => r.volunteerOrgName },
          { header: '签到', width: 17, value: (r) => (r.checkedInAt ? chinaDateTime(r.checkedInAt) : '') },
          { header: '确认时长（小时）', width: 10, value: (r) => num(r.hours) },
          { header: '积分', width: 6, value: (r) => num(r.points) },
          {
            header: '确认时间',
            width: 17,
            value: (r) => (r.confirmedAt ? chinaDateTime(r.confirmedAt) : ''),
          },
        ],
        rows,
      );

      // Totals per volunteer over the confirmed hours only.
      const totals = new Map<
        number,
        { name: string; home: string; activities: number; hours: number; points: number }
      >();
      for (const r of rows) {
        const total = totals.get(r.volunteerId) ?? {
          name: r.volunteerName,
          home: r.volunteerOrgName,
          activities: 0,
          hours: 0,
          points: 0,
        };
        if (r.confirmedAt && r.hours !== null) {
          total.activities += 1;
          total.hours += Number(r.hours);
          total.points += num(r.points) ?? 0;
        }
        totals.set(r.volunteerId, total);
      }
      const round = (n: number) => Math.round(n * 100) / 100;
      addLedgerRows(
        wb,
        '志愿者汇总',
        [
          { header: '志愿者', width: 12, value: (v) => v.name },
          { header: '所在组织', width: 24, value: (v) => v.home },
          { header: '参加活动（已确认）', width: 12, value: (v) => v.activities },
          { header: '服务时长（小时）', width: 12, value: (v) => round(v.hours) },
          { header: '积分', width: 8, value: (v) => round(v.points) },
        ],
        [...totals.values()].sort((a, b) => b.hours - a.hours || a.name.localeCompare(b.name)),
      );
      return { buffer: await workbookBuffer(wb), rows: rows.length };
    },
  });
}
