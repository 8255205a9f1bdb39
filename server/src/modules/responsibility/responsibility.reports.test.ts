import { describe, expect, it } from 'vitest';
import { actorOf, callerWith, checkAbilitiesAgree, postOk } from '../../../test/actions.ts';
import { expectNotFoundFor } from '../../../test/kit.ts';
import { reportActions } from './responsibility.reports.ts';
import { responsibilityKit } from './responsibility.testkit.ts';

const { t, tree, userIds, district, street, community } = responsibilityKit();
const YEAR = 2026;
const SECTIONS = ['工作进展', '存在问题', '下步打算'];

/** A district list with two items for street s1 (one due in March), taken down by s1. */
async function streetItems() {
  const list = await postOk(district, `/orgs/${tree.d1.id}/responsibility/lists`, {
    year: YEAR,
    kind: 'task',
    holder: 'committee',
    title: '任务清单',
    signDueOn: `${YEAR}-02-28`,
  });
  for (const [title, deadline] of [
    ['完成党员信息采集', `${YEAR}-03-20`],
    ['建设区域化党建示范点', `${YEAR}-11-30`],
  ]) {
    await postOk(district, `/responsibility/lists/${list.id}/items`, {
      ownerOrgId: tree.s1.id,
      ownerPerson: '王书记',
      title,
      measure: '按季度报告',
      deadline,
      weight: 10,
    });
  }
  await postOk(street, `/orgs/${tree.s1.id}/responsibility/take`, { year: YEAR });
  const items = await street({
    method: 'GET',
    url: `/api/v1/responsibility/items?orgId=${tree.s1.id}&year=${YEAR}`,
  });
  return items.json().data as { id: number; orgId: number; title: string }[];
}

let quarter = 0;
const requestRound = (dueOn = `${YEAR}-04-10`) =>
  postOk(district, `/orgs/${tree.d1.id}/responsibility/report-rounds`, {
    year: YEAR,
    quarter: ++quarter,
    title: `${YEAR}年第${quarter}季度写实调度`,
    sections: SECTIONS,
    dueOn,
  });

const reportOf = async (roundId: number, orgId: number) => {
  const res = await district({
    method: 'GET',
    url: `/api/v1/responsibility/reports?orgId=${tree.d1.id}&year=${YEAR}&roundId=${roundId}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.find((r: { orgId: number }) => r.orgId === orgId);
};

describe('scheduled reporting (写实调度)', () => {
  it('pre-fills from the street items, the street submits, the district returns and accepts', async () => {
    t.clock.set(`${YEAR}-03-01T09:00:00+08:00`);
    const items = await streetItems();
    const own = items.filter((i) => i.orgId === tree.s1.id);
    expect(own).toHaveLength(2);
    await postOk(street, `/responsibility/items/${own[1]?.id}/progress`, {
      text: '已选定两处示范点',
      progress: 40,
    });

    // April 2 (frozen): the March item is late; the round pre-fills every street's report.
    t.clock.set(`${YEAR}-04-02T09:00:00+08:00`);
    const round = await requestRound();
    expect(round).toMatchObject({ reports: 2, submitted: 0, accepted: 0, sections: SECTIONS });
    const mine = await reportOf(round.id, tree.s1.id);
    expect(mine.figures).toEqual({ items: 2, done: 0, late: 1, avgProgress: 20 });
    expect(mine.items.map((i: { title: string; late: boolean }) => [i.title, i.late])).toEqual([
      ['完成党员信息采集', true],
      ['建设区域化党建示范点', false],
    ]);
    expect(mine.items[1].lastReport).toBe('已选定两处示范点');
    expect(mine.sections[0].text).toBe('本季度共承担责任清单事项2项，已完成0项，逾期1项，平均完成进度20%。');
    expect(mine.abilities).toEqual({
      save: false,
      refresh: false,
      submit: false,
      giveBack: false,
      accept: false,
    });
    const seen = await street({ method: 'GET', url: `/api/v1/responsibility/reports/${mine.id}` });
    expect(seen.json().data.abilities).toMatchObject({ save: true, submit: false, accept: false });

    // Submitting with empty sections names them; the district cannot fill the street's report.
    const empty = await street({
      method: 'POST',
      url: `/api/v1/responsibility/reports/${mine.id}/submit`,
      payload: {},
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.message).toBe('请填写报告栏目：存在问题、下步打算');
    const byDistrict = await district({
      method: 'POST',
      url: `/api/v1/responsibility/reports/${mine.id}/save`,
      payload: { sections: mine.sections },
    });
    expect(byDistrict.statusCode).toBe(403);
    const wrong = await street({
      method: 'POST',
      url: `/api/v1/responsibility/reports/${mine.id}/save`,
      payload: { sections: [{ title: '其他', text: 'x' }] },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.fields.sections).toBe('报告栏目须与模板一致：工作进展、存在问题、下步打算');
    const filled = [
      mine.sections[0],
      { title: '存在问题', text: '信息采集进度滞后' },
      { title: '下步打算', text: '四月底前完成' },
    ];
    await postOk(street, `/responsibility/reports/${mine.id}/save`, { sections: filled });
    t.clock.set(`${YEAR}-04-12T09:00:00+08:00`);
    const sent = await postOk(street, `/responsibility/reports/${mine.id}/submit`, {});
    expect(sent).toMatchObject({ status: 'submitted', submittedOn: `${YEAR}-04-12`, late: true });

    const back = await postOk(district, `/responsibility/reports/${mine.id}/return`, {
      comment: '请补充数据',
    });
    expect(back).toMatchObject({ status: 'returned', reviewComment: '请补充数据', returnCount: 1 });
    // Progress since: re-filling takes it (the edited sections stay).
    await postOk(street, `/responsibility/items/${own[0]?.id}/progress`, {
      text: '采集完成',
      progress: 100,
      done: true,
    });
    const refreshed = await postOk(street, `/responsibility/reports/${mine.id}/refresh`, {});
    expect(refreshed.figures).toEqual({ items: 2, done: 1, late: 1, avgProgress: 70 });
    expect(refreshed.sections[1].text).toBe('信息采集进度滞后');
    await postOk(street, `/responsibility/reports/${mine.id}/submit`, {});
    const accepted = await postOk(district, `/responsibility/reports/${mine.id}/accept`, { comment: '同意' });
    expect(accepted).toMatchObject({ status: 'accepted', reviewedByName: expect.any(String) });
    const again = await district({
      method: 'POST',
      url: `/api/v1/responsibility/reports/${mine.id}/accept`,
      payload: {},
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toBe('报告尚未报送，不能审核');

    const rounds = await district({
      method: 'GET',
      url: `/api/v1/responsibility/report-rounds?orgId=${tree.d1.id}&year=${YEAR}`,
    });
    expect(rounds.json().data[0]).toMatchObject({ reports: 2, accepted: 1 });
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('objectType', '=', 'responsibility_report')
      .where('objectId', '=', String(mine.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'responsibility.report_saved',
      'responsibility.report_submitted',
      'responsibility.report_returned',
      'responsibility.report_refreshed',
      'responsibility.report_submitted',
      'responsibility.report_accepted',
    ]);
    const twice = await district({
      method: 'POST',
      url: `/api/v1/orgs/${tree.d1.id}/responsibility/report-rounds`,
      payload: { year: YEAR, quarter, title: '重复', sections: SECTIONS, dueOn: `${YEAR}-04-10` },
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error.fields.quarter).toBe('本季度的写实调度已经发起');
  });

  it('a sibling street and a community below see no other street report (404)', async () => {
    t.clock.set(`${YEAR}-06-20T09:00:00+08:00`);
    const round = await requestRound(`${YEAR}-07-10`);
    const other = await reportOf(round.id, tree.s2.id);
    const s1 = await reportOf(round.id, tree.s1.id);
    await expectNotFoundFor(
      [street, community],
      [
        'GET /api/v1/responsibility/reports/:id',
        { route: 'POST /api/v1/responsibility/reports/:id/save', payload: { sections: other.sections } },
        { route: 'POST /api/v1/responsibility/reports/:id/submit', payload: {} },
        { route: 'POST /api/v1/responsibility/reports/:id/accept', payload: {} },
      ],
      other.id,
    );
    await expectNotFoundFor(community, ['GET /api/v1/responsibility/reports/:id'], s1.id);
    const list = await street({
      method: 'GET',
      url: `/api/v1/responsibility/reports?orgId=${tree.s1.id}&year=${YEAR}`,
    });
    expect(list.json().data.every((r: { orgId: number }) => r.orgId === tree.s1.id)).toBe(true);
    const outside = await street({
      method: 'GET',
      url: `/api/v1/responsibility/reports?orgId=${tree.s2.id}&year=${YEAR}`,
    });
    expect(outside.statusCode).toBe(404);
    const rounds = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.d1.id}/responsibility/report-rounds`,
      payload: { year: YEAR, quarter: 4, title: 'x', sections: SECTIONS, dueOn: `${YEAR}-10-10` },
    });
    expect(rounds.statusCode).toBe(404);
  });

  it('abilities agree with the routes', async () => {
    t.clock.set(`${YEAR}-09-20T09:00:00+08:00`);
    const callers = [
      { name: 'district', client: district, actor: await actorOf(t.db, userIds.district) },
      { name: 'street', client: street, actor: await actorOf(t.db, userIds.street) },
      await callerWith(t, 'otherStreet', 'rep_s2', { role: 'street_secretary', orgId: tree.s2.id }),
    ];
    // Each fixture takes a quarter: the district requests once per quarter, so rounds go to the next year.
    let n = 0;
    const next = async (submitted: boolean) => {
      n += 1;
      quarter = 0;
      const round = await postOk(district, `/orgs/${tree.d1.id}/responsibility/report-rounds`, {
        year: YEAR + n,
        quarter: 1,
        title: `第${n}轮`,
        sections: SECTIONS,
        dueOn: `${YEAR + n}-04-10`,
      });
      const res = await district({
        method: 'GET',
        url: `/api/v1/responsibility/reports?orgId=${tree.d1.id}&year=${YEAR + n}&roundId=${round.id}`,
      });
      const report = res.json().data.find((r: { orgId: number }) => r.orgId === tree.s1.id);
      const sections = report.sections.map((s: { title: string; text: string }) => ({
        ...s,
        text: s.text || '已填写',
      }));
      await postOk(street, `/responsibility/reports/${report.id}/save`, { sections });
      if (submitted) await postOk(street, `/responsibility/reports/${report.id}/submit`, {});
      return { id: report.id };
    };
    const counts = await checkAbilitiesAgree(t.db, reportActions, {
      callers,
      fixtures: [
        { state: 'requested', make: () => next(false) },
        { state: 'submitted', make: () => next(true) },
      ],
      bodies: {
        save: { sections: SECTIONS.map((title) => ({ title, text: '修改' })) },
        refresh: {},
        submit: {},
        giveBack: { comment: '请补充' },
        accept: {},
      },
    });
    expect(counts.succeeded).toBeGreaterThan(4);
    expect(counts.hidden).toBeGreaterThan(0);
  });
});
