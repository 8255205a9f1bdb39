import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { postOk } from '../../../test/actions.ts';
import { expectNotFoundFor } from '../../../test/kit.ts';
import { steeringKit } from './steering.testkit.ts';

const { t, tree, userIds, district, street, otherDistrict } = steeringKit({
  otherDistrict: { org: 'd2', role: 'district_admin' },
});

const finding = (campaignId: number, targetOrgId: number, checklistItem: string, description: string) =>
  postOk(district, `/inspections/${campaignId}/findings`, {
    targetOrgId,
    checklistItem,
    description,
    title: `整改：${description}`,
    ownerPerson: '社区书记',
    requiredEvidence: '现场照片',
  });

describe('bulletins (通报) of a campaign and of a period', () => {
  it('ranks the targets, names the typical problems, prints and exports (audited)', async () => {
    t.clock.set('2026-09-01T09:00:00+08:00');
    const campaign = await postOk(district, `/orgs/${tree.d1.id}/inspections`, {
      kind: 'unannounced',
      title: '9月暗访督查',
      checklist: ['阵地建设', '三会一课记录'],
      targetLevel: 'community',
      startsOn: '2026-09-01',
      endsOn: '2026-09-03',
    });
    await finding(campaign.id, tree.c1.id, '阵地建设', '活动室被挪作仓库');
    await finding(campaign.id, tree.c1.id, '三会一课记录', '记录不全');
    await finding(campaign.id, tree.c2.id, '阵地建设', '标识牌缺失');

    t.clock.set('2026-10-09T09:00:00+08:00'); // past every deadline: all three overdue
    const res = await district({ method: 'GET', url: `/api/v1/inspections/${campaign.id}/bulletin` });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json().data;
    expect(b).toMatchObject({ targets: 2, findings: 3, overdue: 3, rectified: 0 });
    expect(
      b.ranking.map((r: { orgId: number; rank: number; findings: number }) => [r.rank, r.orgId, r.findings]),
    ).toEqual([
      [1, tree.c2.id, 1],
      [2, tree.c1.id, 2],
    ]);
    expect(b.problems[0]).toMatchObject({ checklistItem: '阵地建设', count: 2 });
    expect(b.problems[0].examples).toHaveLength(2);

    const html = await district({ method: 'GET', url: `/api/v1/inspections/${campaign.id}/bulletin/print` });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('关于9月暗访督查情况的通报');
    expect(html.body).toContain('典型问题');
    const pdf = await district({
      method: 'GET',
      url: `/api/v1/inspections/${campaign.id}/bulletin/print.pdf`,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const xlsx = await district({ method: 'GET', url: `/api/v1/inspections/${campaign.id}/bulletin.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('排名')?.getRow(2).getCell(2).value).toBe(b.ranking[0].orgName);
    expect(wb.getWorksheet('典型问题')?.rowCount).toBe(3);

    // The period bulletin of the street: only its subtree's findings, in the dates given.
    const period = await street({
      method: 'GET',
      url: `/api/v1/rectification/bulletin?orgId=${tree.s1.id}&from=2026-09-01&to=2026-09-30`,
    });
    expect(period.statusCode, period.body).toBe(200);
    expect(period.json().data.findings).toBe(3); // c1 and c2 are the street's communities
    const none = await street({
      method: 'GET',
      url: `/api/v1/rectification/bulletin?orgId=${tree.s1.id}&from=2026-10-01&to=2026-10-31`,
    });
    expect(none.json().data).toMatchObject({ findings: 0, ranking: [] });
    const periodXlsx = await street({
      method: 'GET',
      url: `/api/v1/rectification/bulletin.xlsx?orgId=${tree.s1.id}&from=2026-09-01&to=2026-09-30`,
    });
    expect(periodXlsx.statusCode).toBe(200);
    const backwards = await street({
      method: 'GET',
      url: `/api/v1/rectification/bulletin?orgId=${tree.s1.id}&from=2026-09-30&to=2026-09-01`,
    });
    expect(backwards.statusCode).toBe(422);

    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'in', ['rectification.bulletin_printed', 'rectification.bulletin_exported'])
      .execute();
    expect(audit).toHaveLength(4);

    await expectNotFoundFor(
      otherDistrict,
      [
        'GET /api/v1/inspections/:id/bulletin',
        'GET /api/v1/inspections/:id/bulletin/print',
        'GET /api/v1/inspections/:id/bulletin/print.pdf',
        'GET /api/v1/inspections/:id/bulletin.xlsx',
      ],
      campaign.id,
    );
    await expectNotFoundFor(
      otherDistrict,
      [
        'GET /api/v1/rectification/bulletin?orgId=:id&from=2026-09-01&to=2026-09-30',
        'GET /api/v1/rectification/bulletin.xlsx?orgId=:id&from=2026-09-01&to=2026-09-30',
      ],
      tree.s1.id,
    );
  });
});

describe('the inspector picker', () => {
  it('finds the active staff of the organization and below by name; 404 outside scope', async () => {
    const res = await street({ method: 'GET', url: `/api/v1/orgs/${tree.s1.id}/rectification/inspectors` });
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().data.map((u: { id: number }) => u.id);
    expect(ids).toContain(userIds.street);
    expect(ids).not.toContain(userIds.district);
    const found = await district({
      method: 'GET',
      url: `/api/v1/orgs/${tree.d1.id}/rectification/inspectors?q=${encodeURIComponent('%')}`,
    });
    expect(found.json().data).toEqual([]);
    await expectNotFoundFor(otherDistrict, ['GET /api/v1/orgs/:id/rectification/inspectors'], tree.s1.id);
  });
});
