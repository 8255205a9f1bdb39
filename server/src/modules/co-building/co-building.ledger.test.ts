import { describe, expect, it } from 'vitest';
import { serverKit } from '../../../test/kit.ts';
import { downloadLedger, exportAudits, sheetRows } from '../../platform/spreadsheet.testkit.ts';

const { t, tree, community, street, far } = serverKit({
  community: { org: 'c1', role: 'community_secretary', username: 'cbl_sec' },
  street: { org: 's1', role: 'street_secretary', username: 'cbl_street' },
  far: { org: 'c3', role: 'community_secretary', username: 'cbl_far' },
});

describe('共驻共建活动台账 (.xlsx)', () => {
  it('lists activities with their units, meetings with problems solved, agreements; audited; 404 outside', async () => {
    const post = (what: string, payload: object) =>
      community({ method: 'POST', url: `/api/v1/orgs/${tree.c1.id}/co-building/${what}`, payload });
    const unit = await post('units', { name: '第一中学', unitType: 'school', joinedOn: '2025-04-01' });
    expect(unit.statusCode, unit.body).toBe(201);
    const unitId = unit.json().data.id as number;
    expect(
      (
        await post('activities', {
          kind: 'joint_service',
          title: '义诊进社区',
          heldOn: '2026-10-12',
          participants: 40,
          unitIds: [unitId],
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post('meetings', {
          title: '第三季度联席会议',
          heldOn: '2026-09-30',
          minutes: '会商停车难',
          unitIds: [unitId],
          issues: [{ title: '错时停车' }, { title: '路灯维修' }],
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post('agreements', {
          unitId,
          title: '操场错时开放协议',
          resources: '周末开放操场',
          signedOn: '2026-09-01',
        })
      ).statusCode,
    ).toBe(201);

    const wb = await downloadLedger(
      street,
      `/api/v1/co-building/ledger.xlsx?orgId=${tree.s1.id}&from=2026-01-01&to=2026-12-31`,
    );
    const activities = sheetRows(wb, '共建活动');
    expect(activities[1]).toEqual([
      '2026-10-12',
      '组织D1-S1-C1',
      '联合集中服务',
      '义诊进社区',
      '第一中学',
      '40',
    ]);
    const meetings = sheetRows(wb, '联席会议');
    expect(meetings[1]?.slice(4, 6)).toEqual(['2', '0']);
    expect(meetings[1]?.[6]).toContain('错时停车（未解决）');
    expect(sheetRows(wb, '共建协议')[1]).toEqual(expect.arrayContaining(['操场错时开放协议', '第一中学']));
    expect(await exportAudits(t, 'co_building.export')).toEqual([
      expect.objectContaining({ orgPath: tree.s1.path, detail: expect.objectContaining({ rows: 3 }) }),
    ]);
    // Last year: nothing.
    const before = await downloadLedger(community, '/api/v1/co-building/ledger.xlsx?to=2025-12-31');
    expect(sheetRows(before, '共建活动')).toHaveLength(1);

    expect(
      (await far({ method: 'GET', url: `/api/v1/co-building/ledger.xlsx?orgId=${tree.c1.id}` })).statusCode,
    ).toBe(404);
  });
});
