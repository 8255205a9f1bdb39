import { describe, expect, it } from 'vitest';
import { serverKit } from '../../../test/kit.ts';
import { downloadLedger, exportAudits, sheetRows } from '../../platform/spreadsheet.testkit.ts';

const { t, tree, resident, community, far } = serverKit({
  resident: { org: 'c1', role: 'resident', username: 'vled_res' },
  community: { org: 'c1', role: 'community_secretary', username: 'vled_sec' },
  far: { org: 'c3', role: 'community_secretary', username: 'vled_far' },
});

describe('志愿服务时长台账 (.xlsx)', () => {
  it('lists confirmed hours per sign-up and per volunteer, audited; 404 outside', async () => {
    const act = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/volunteer-activities`,
      payload: {
        title: '社区义剪',
        description: '为老人理发',
        startsAt: '2026-11-22T09:00:00+08:00',
        endsAt: '2026-11-22T11:30:00+08:00',
        capacity: 4,
      },
    });
    expect(act.statusCode, act.body).toBe(201);
    const activityId = act.json().data.id as number;
    const me = await resident({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/volunteers/me`,
      payload: {},
    });
    expect(me.statusCode, me.body).toBe(201);
    const signup = await resident({
      method: 'POST',
      url: `/api/v1/volunteer-activities/${activityId}/signup`,
      payload: {},
    });
    expect(signup.statusCode, signup.body).toBe(200);
    const signupId = signup.json().data.mySignup.id as number;
    const checkIn = await community({
      method: 'POST',
      url: `/api/v1/volunteer-activities/${activityId}/signups/${signupId}/check-in`,
      payload: {},
    });
    expect(checkIn.statusCode, checkIn.body).toBe(200);
    const confirmed = await community({
      method: 'POST',
      url: `/api/v1/volunteer-activities/${activityId}/signups/${signupId}/confirm`,
      payload: { hours: 2.5 },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    const wb = await downloadLedger(
      community,
      `/api/v1/volunteers/ledger.xlsx?orgId=${tree.c1.id}&from=2026-11-01`,
    );
    const detail = sheetRows(wb, '服务时长明细');
    expect(detail).toHaveLength(2);
    expect(detail[1]).toEqual(expect.arrayContaining(['2026-11-22', '社区义剪', '2.5']));
    const summary = sheetRows(wb, '志愿者汇总');
    expect(summary[0]).toEqual(['志愿者', '所在组织', '参加活动（已确认）', '服务时长（小时）', '积分']);
    expect(summary[1]?.slice(2, 4)).toEqual(['1', '2.5']);
    expect(await exportAudits(t, 'volunteers.export')).toEqual([
      expect.objectContaining({ orgPath: tree.c1.path, detail: expect.objectContaining({ rows: 1 }) }),
    ]);

    expect(
      (await far({ method: 'GET', url: `/api/v1/volunteers/ledger.xlsx?orgId=${tree.c1.id}` })).statusCode,
    ).toBe(404);
    expect(
      sheetRows(await downloadLedger(far, '/api/v1/volunteers/ledger.xlsx'), '服务时长明细'),
    ).toHaveLength(1);
    expect((await resident({ method: 'GET', url: '/api/v1/volunteers/ledger.xlsx' })).statusCode).toBe(403);
  });
});
