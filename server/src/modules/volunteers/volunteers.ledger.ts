import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { chinaDate, chinaDateTime } from '../../platform/clock.ts';
import { pathWithin } from '../../platform/scope.ts';
import { addLedgerSheet, escapeFormula, mountLedger, workbookBuffer } from '../../platform/spreadsheet.ts';

const text = (v: string | null | undefined) => escapeFormula(v ?? '');
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
      const detail = addLedgerSheet(wb, '服务时长明细', [
        { header: '活动日期', key: 'date', width: 11 },
        { header: '组织', key: 'org', width: 24 },
        { header: '活动', key: 'title', width: 28 },
        { header: '服务队', key: 'team', width: 16 },
        { header: '志愿者', key: 'name', width: 12 },
        { header: '志愿者所在组织', key: 'home', width: 24 },
        { header: '签到', key: 'checkedIn', width: 17 },
        { header: '确认时长（小时）', key: 'hours', width: 10 },
        { header: '积分', key: 'points', width: 6 },
        { header: '确认时间', key: 'confirmed', width: 17 },
      ]);
      const totals = new Map<
        number,
        { name: string; home: string; activities: number; hours: number; points: number }
      >();
      for (const r of rows) {
        const hours = num(r.hours);
        const points = num(r.points);
        detail.addRow({
          date: chinaDate(r.startsAt),
          org: text(r.orgName),
          title: text(r.title),
          team: text(r.teamName),
          name: text(r.volunteerName),
          home: text(r.volunteerOrgName),
          checkedIn: r.checkedInAt ? chinaDateTime(r.checkedInAt) : '',
          hours,
          points,
          confirmed: r.confirmedAt ? chinaDateTime(r.confirmedAt) : '',
        });
        const total = totals.get(r.volunteerId) ?? {
          name: r.volunteerName,
          home: r.volunteerOrgName,
          activities: 0,
          hours: 0,
          points: 0,
        };
        if (r.confirmedAt && hours !== null) {
          total.activities += 1;
          total.hours += hours;
          total.points += points ?? 0;
        }
        totals.set(r.volunteerId, total);
      }

      const summary = addLedgerSheet(wb, '志愿者汇总', [
        { header: '志愿者', key: 'name', width: 12 },
        { header: '所在组织', key: 'home', width: 24 },
        { header: '参加活动（已确认）', key: 'activities', width: 12 },
        { header: '服务时长（小时）', key: 'hours', width: 12 },
        { header: '积分', key: 'points', width: 8 },
      ]);
      const byHours = [...totals.values()].sort((a, b) => b.hours - a.hours || a.name.localeCompare(b.name));
      for (const v of byHours) {
        summary.addRow({
          name: text(v.name),
          home: text(v.home),
          activities: v.activities,
          hours: Math.round(v.hours * 100) / 100,
          points: Math.round(v.points * 100) / 100,
        });
      }
      return { buffer: await workbookBuffer(wb), rows: rows.length };
    },
  });
}
