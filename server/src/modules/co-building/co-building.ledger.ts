import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../platform/db.ts';
import { pathWithin } from '../../platform/scope.ts';
import { addLedgerSheet, escapeFormula, mountLedger, workbookBuffer } from '../../platform/spreadsheet.ts';

const KIND = { activity: '共建活动', joint_service: '联合集中服务' } as const;
const text = (v: string | null | undefined) => escapeFormula(v ?? '');

/** The names of the resident units linked to some activities or meetings, by record id. */
async function unitsOf(
  db: Executor,
  link: 'coBuildingActivityUnits' | 'coBuildingMeetingUnits',
  ids: number[],
): Promise<Map<number, string[]>> {
  const names = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows =
      link === 'coBuildingActivityUnits'
        ? await db
            .selectFrom('coBuildingActivityUnits as l')
            .innerJoin('coBuildingUnits as u', 'u.id', 'l.unitId')
            .select(['l.activityId as id', 'u.name'])
            .where('l.activityId', 'in', chunk)
            .orderBy('u.id')
            .execute()
        : await db
            .selectFrom('coBuildingMeetingUnits as l')
            .innerJoin('coBuildingUnits as u', 'u.id', 'l.unitId')
            .select(['l.meetingId as id', 'u.name'])
            .where('l.meetingId', 'in', chunk)
            .orderBy('u.id')
            .execute();
    for (const r of rows) names.set(r.id, [...(names.get(r.id) ?? []), r.name]);
  }
  return names;
}

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
      let aq = db
        .selectFrom('coBuildingActivities as x')
        .innerJoin('orgs as o', 'o.id', 'x.orgId')
        .select(['x.id', 'o.name as orgName', 'x.kind', 'x.title', 'x.heldOn', 'x.participants'])
        .where((eb) => pathWithin(eb, 'o.path', scope.paths));
      if (scope.from) aq = aq.where('x.heldOn', '>=', scope.from);
      if (scope.to) aq = aq.where('x.heldOn', '<=', scope.to);
      const activities = await aq.orderBy('x.heldOn').orderBy('x.id').limit(20_000).execute();

      let mq = db
        .selectFrom('coBuildingMeetings as x')
        .innerJoin('orgs as o', 'o.id', 'x.orgId')
        .select(['x.id', 'o.name as orgName', 'x.title', 'x.heldOn', 'x.minutes'])
        .where((eb) => pathWithin(eb, 'o.path', scope.paths));
      if (scope.from) mq = mq.where('x.heldOn', '>=', scope.from);
      if (scope.to) mq = mq.where('x.heldOn', '<=', scope.to);
      const meetings = await mq.orderBy('x.heldOn').orderBy('x.id').limit(20_000).execute();

      let gq = db
        .selectFrom('coBuildingAgreements as x')
        .innerJoin('orgs as o', 'o.id', 'x.orgId')
        .innerJoin('coBuildingUnits as u', 'u.id', 'x.unitId')
        .select([
          'o.name as orgName',
          'u.name as unitName',
          'x.title',
          'x.resources',
          'x.signedOn',
          'x.expiresOn',
        ])
        .where((eb) => pathWithin(eb, 'o.path', scope.paths));
      if (scope.from) gq = gq.where('x.signedOn', '>=', scope.from);
      if (scope.to) gq = gq.where('x.signedOn', '<=', scope.to);
      const agreements = await gq.orderBy('x.signedOn').orderBy('x.id').limit(20_000).execute();

      const wb = new ExcelJS.Workbook();
      const activitySheet = addLedgerSheet(wb, '共建活动', [
        { header: '日期', key: 'date', width: 11 },
        { header: '组织', key: 'org', width: 24 },
        { header: '类型', key: 'kind', width: 12 },
        { header: '活动', key: 'title', width: 30 },
        { header: '参与单位', key: 'units', width: 36 },
        { header: '参与人数', key: 'participants', width: 8 },
      ]);
      const activityUnits = await unitsOf(
        db,
        'coBuildingActivityUnits',
        activities.map((a) => a.id),
      );
      for (const a of activities) {
        activitySheet.addRow({
          date: a.heldOn,
          org: text(a.orgName),
          kind: KIND[a.kind],
          title: text(a.title),
          units: text((activityUnits.get(a.id) ?? []).join('、')),
          participants: a.participants,
        });
      }

      const meetingSheet = addLedgerSheet(wb, '联席会议', [
        { header: '日期', key: 'date', width: 11 },
        { header: '组织', key: 'org', width: 24 },
        { header: '会议', key: 'title', width: 28 },
        { header: '参会单位', key: 'units', width: 36 },
        { header: '会商问题', key: 'raised', width: 8 },
        { header: '已解决', key: 'solved', width: 8 },
        { header: '问题及解决情况', key: 'issues', width: 48 },
      ]);
      const meetingUnits = await unitsOf(
        db,
        'coBuildingMeetingUnits',
        meetings.map((m) => m.id),
      );
      const issues = new Map<number, { title: string; status: string; outcome: string | null }[]>();
      const meetingIds = meetings.map((m) => m.id);
      for (let i = 0; i < meetingIds.length; i += 1000) {
        const rows = await db
          .selectFrom('coBuildingIssues')
          .select(['meetingId', 'title', 'status', 'outcome'])
          .where('meetingId', 'in', meetingIds.slice(i, i + 1000))
          .orderBy('id')
          .execute();
        for (const r of rows) issues.set(r.meetingId, [...(issues.get(r.meetingId) ?? []), r]);
      }
      for (const m of meetings) {
        const list = issues.get(m.id) ?? [];
        meetingSheet.addRow({
          date: m.heldOn,
          org: text(m.orgName),
          title: text(m.title),
          units: text((meetingUnits.get(m.id) ?? []).join('、')),
          raised: list.length,
          solved: list.filter((i) => i.status === 'solved').length,
          issues: text(
            list
              .map(
                (i) =>
                  `${i.title}（${i.status === 'solved' ? `已解决${i.outcome ? `：${i.outcome}` : ''}` : '未解决'}）`,
              )
              .join('；'),
          ),
        });
      }

      const agreementSheet = addLedgerSheet(wb, '共建协议', [
        { header: '签订日期', key: 'signed', width: 11 },
        { header: '组织', key: 'org', width: 24 },
        { header: '共建单位', key: 'unit', width: 24 },
        { header: '协议', key: 'title', width: 28 },
        { header: '共享资源', key: 'resources', width: 36 },
        { header: '到期日期', key: 'expires', width: 11 },
      ]);
      for (const g of agreements) {
        agreementSheet.addRow({
          signed: g.signedOn,
          org: text(g.orgName),
          unit: text(g.unitName),
          title: text(g.title),
          resources: text(g.resources),
          expires: g.expiresOn ?? '',
        });
      }
      return {
        buffer: await workbookBuffer(wb),
        rows: activities.length + meetings.length + agreements.length,
      };
    },
  });
}
