import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf, type Caller, checkAbilitiesAgree } from '../../../test/actions.ts';
import { expectNotFoundFor, serverKit } from '../../../test/kit.ts';
import { debriefingActions } from './assessment.actions.ts';

const { t, tree, userIds, district, street, otherStreet, branch, far } = serverKit({
  district: { org: 'd1', role: 'district_admin' },
  street: { org: 's1', role: 'street_secretary' },
  otherStreet: { org: 's2', role: 'street_secretary' },
  branch: { org: 'b1', role: 'branch_secretary' },
  far: { org: 'd2', role: 'district_admin' },
});

const YEAR = 2026;
let schemeId: number;
let sessionId: number;
let reportId: number;

async function ok(res: { statusCode: number; body: string; json: () => unknown }) {
  expect(res.statusCode, res.body).toBeLessThan(300);
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions
  return res.json() as { data: any };
}

const schemeBody = (anonymous: boolean) => ({
  year: YEAR,
  title: anonymous ? '2026年度四维考核' : '2026年度街道考核',
  effectiveFrom: '2026-01-01',
  source: '测试考核办法',
  gradeRules: { excellent: 90, good: 80, fair: 60, excellentShare: 0.5 },
  starRules: {
    five: 90,
    four: 80,
    three: 70,
    two: 60,
    fiveStarReward: { amount: 30000, source: '奖励办法第2条' },
  },
  dimensions: {
    weights: { daily: 0, special: 0, yearEnd: 60, debriefing: 40 },
    source: '四维量化考核办法第3条',
    ...(anonymous ? { goalWeights: { partyDepartment: 50, street: 30, source: '综合考核办法第5条' } } : {}),
    debriefing: {
      anonymous,
      form: [
        { key: 'duty', label: '履职尽责', max: 30 },
        { key: 'results', label: '工作成效', max: 70 },
      ],
    },
  },
  indicators: [
    {
      aspect: '作风建设',
      code: 'A1',
      name: '按时整改',
      weight: 100,
      method: 'deduction',
      source: 'rectification.on_time',
      params: { perOccurrence: 10, floor: 0 },
      ruleSource: '办法第1条',
    },
  ],
});

async function publishedScheme(orgId: number, anonymous: boolean) {
  const created = await ok(
    await district({
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/assessment/schemes`,
      payload: schemeBody(anonymous),
    }),
  );
  await ok(
    await district({
      method: 'POST',
      url: `/api/v1/assessment/schemes/${created.data.id}/publish`,
      payload: {},
    }),
  );
  return created.data.id as number;
}

const b1Score = async () => {
  const board = await ok(
    await street({ method: 'GET', url: `/api/v1/assessment/board?orgId=${tree.s1.id}&year=${YEAR}` }),
  );
  return board.data.find((r: { orgId: number }) => r.orgId === tree.b1.id);
};

beforeAll(async () => {
  schemeId = await publishedScheme(tree.d1.id, true);
});

describe('debriefing and review (三级联述职联评)', () => {
  it('without a debriefing the dimension is stated missing and the total rests on the others', async () => {
    const row = await b1Score();
    expect(row.dimensions).toEqual({ daily: null, special: null, yearEnd: 100, debriefing: null });
    expect(row.total).toBe(100);
  });

  it('the street holds a session; bad input names the field', async () => {
    const url = `/api/v1/orgs/${tree.s1.id}/assessment/debriefings`;
    const bad = await street({
      method: 'POST',
      url,
      payload: { schemeId: 999999, title: '述职评议会', heldOn: '2026-12-10' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields.schemeId).toContain('考核方案');
    expect(
      (
        await branch({
          method: 'POST',
          url,
          payload: { schemeId, title: '述职评议会', heldOn: '2026-12-10' },
        })
      ).statusCode,
    ).toBe(403);
    const created = await ok(
      await street({
        method: 'POST',
        url,
        payload: { schemeId, title: '中山街道述职评议会', heldOn: '2026-12-10' },
      }),
    );
    sessionId = created.data.id;
    expect(created.data).toMatchObject({ anonymous: true, status: 'open', reports: [] });
    expect(created.data.abilities).toEqual({ addReport: true, rate: true, close: true });
  });

  it('secretaries below the host report; others are refused by field', async () => {
    const url = `/api/v1/assessment/debriefings/${sessionId}/reports`;
    const outside = await street({
      method: 'POST',
      url,
      payload: { orgId: tree.c3.id, secretaryName: '外区书记', summary: '本年度工作情况汇报' },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.fields.orgId).toContain('述职');
    const added = await ok(
      await street({
        method: 'POST',
        url,
        payload: { orgId: tree.b1.id, secretaryName: '陈书记', summary: '抓党建工作情况汇报，问题和打算' },
      }),
    );
    reportId = added.data.reports[0].id;
    const again = await street({
      method: 'POST',
      url,
      payload: { orgId: tree.b1.id, secretaryName: '陈书记', summary: '抓党建工作情况汇报，问题和打算' },
    });
    expect(again.statusCode).toBe(422);
  });

  it('reviewers rate on the form once each; anonymous ratings never say who rated', async () => {
    const url = `/api/v1/assessment/debriefings/${sessionId}/rate`;
    const missing = await street({ method: 'POST', url, payload: { reportId, items: { duty: 20 } } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.fields.items).toContain('工作成效');
    const over = await street({
      method: 'POST',
      url,
      payload: { reportId, items: { duty: 31, results: 50 } },
    });
    expect(over.statusCode).toBe(422);
    expect(over.body).toContain('最高30分');
    await ok(await street({ method: 'POST', url, payload: { reportId, items: { duty: 20, results: 50 } } }));
    expect(
      (await street({ method: 'POST', url, payload: { reportId, items: { duty: 20, results: 50 } } }))
        .statusCode,
    ).toBe(422);
    const rated = await ok(
      await district({
        method: 'POST',
        url,
        payload: { reportId, items: { duty: 30, results: 70 }, comment: '好' },
      }),
    );
    const report = rated.data.reports[0];
    expect(report).toMatchObject({ score: 85, ratingCount: 2, ratedByMe: true });
    expect(report.ratings.map((r: { reviewerName: string | null }) => r.reviewerName)).toEqual([null, null]);
    // Who rated appears nowhere in the answer (names, ids, order by time).
    const seen = await street({ method: 'GET', url: `/api/v1/assessment/debriefings/${sessionId}` });
    const users = await t.db
      .selectFrom('users')
      .select(['id', 'displayName'])
      .where('id', 'in', [userIds.street, userIds.district])
      .execute();
    for (const u of users) expect(seen.body).not.toContain(u.displayName);
    expect(seen.body).not.toContain('reviewerId');
    expect(seen.json().data.reports[0].ratings.map((r: { score: number }) => r.score)).toEqual([70, 100]);
  });

  it('closing puts the result into the debriefing dimension, recomputed and audited', async () => {
    const before = await b1Score();
    await ok(
      await street({ method: 'POST', url: `/api/v1/assessment/debriefings/${sessionId}/close`, payload: {} }),
    );
    const after = await b1Score();
    expect(after.dimensions).toMatchObject({ yearEnd: 100, debriefing: 85 });
    // 60 % × 100 + 40 % × 85
    expect(after.total).toBe(94);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'assessment.score_recomputed')
      .where('objectId', '=', String(before.scoreId))
      .execute();
    expect(audit.at(-1)?.detail).toMatchObject({ before: 100, after: 94 });
    const late = await street({
      method: 'POST',
      url: `/api/v1/assessment/debriefings/${sessionId}/rate`,
      payload: { reportId, items: { duty: 1, results: 1 } },
    });
    expect(late.statusCode).toBe(422);
    expect(late.body).toContain('已结束');
  });

  it('a named scheme shows each reviewer by name', async () => {
    const named = await publishedScheme(tree.s1.id, false);
    const s = await ok(
      await street({
        method: 'POST',
        url: `/api/v1/orgs/${tree.s1.id}/assessment/debriefings`,
        payload: { schemeId: named, title: '实名述职评议会', heldOn: '2026-12-11' },
      }),
    );
    const r = await ok(
      await street({
        method: 'POST',
        url: `/api/v1/assessment/debriefings/${s.data.id}/reports`,
        payload: { orgId: tree.c1.id, secretaryName: '社区书记', summary: '社区党委抓党建工作汇报' },
      }),
    );
    const rated = await ok(
      await street({
        method: 'POST',
        url: `/api/v1/assessment/debriefings/${s.data.id}/rate`,
        payload: { reportId: r.data.reports[0].id, items: { duty: 25, results: 60 } },
      }),
    );
    expect(rated.data.anonymous).toBe(false);
    expect(rated.data.reports[0].ratings[0].reviewerName).toBeTruthy();
    const list = await ok(
      await street({ method: 'GET', url: `/api/v1/assessment/debriefings?orgId=${tree.s1.id}&year=${YEAR}` }),
    );
    expect(list.data.map((d: { id: number }) => d.id)).toEqual(
      expect.arrayContaining([sessionId, s.data.id]),
    );
  });

  it("exports the party-building weight in each unit's annual goals, audited", async () => {
    const url = `/api/v1/orgs/${tree.d1.id}/assessment/goal-weights.xlsx?year=${YEAR}`;
    expect((await street({ method: 'GET', url })).statusCode).toBe(403);
    expect((await far({ method: 'GET', url })).statusCode).toBe(404);
    const none = await district({ method: 'GET', url: url.replace(`year=${YEAR}`, 'year=2020') });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.fields.year).toContain('党建工作权重');
    const res = await district({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('党建工作权重');
    const lines = (sheet?.getSheetValues() ?? []).slice(2) as unknown[][];
    const streets = lines.filter((l) => l[2] === '街道');
    expect(streets).toHaveLength(2);
    // The street without assessed branches states the missing data.
    expect(streets.find((l) => l[5] === 0)?.[6]).toBe('数据缺失');
    const s1 = streets.find((l) => l[5] === 1);
    // The street's weight 30 %, its branches' mean total 94 → 28.2 points of its annual goals.
    expect(s1?.slice(2, 7)).toEqual(['街道', 30, 94, 1, 28.2]);
    expect(String(s1?.[7])).toContain('综合考核办法第5条');
    const audit = await t.db
      .selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'assessment.goal_weights_exported')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('five stars three years running: the reward is the configured amount, with who received what', async () => {
    await t.db
      .updateTable('assessmentStarRatings')
      .set({ stars: 5, status: 'published' })
      .where('orgId', '=', tree.b1.id)
      .where('year', '=', YEAR)
      .execute();
    await t.db
      .insertInto('assessmentStarRatings')
      .values(
        [YEAR - 2, YEAR - 1].map((year) => ({
          orgId: tree.b1.id,
          orgPath: tree.b1.path,
          year,
          computedStars: 5,
          stars: 5,
          status: 'published' as const,
        })),
      )
      .execute();
    const url = `/api/v1/orgs/${tree.b1.id}/assessment/rewards`;
    const wrong = await district({
      method: 'POST',
      url,
      payload: { year: YEAR, amount: 20000, recipients: [{ name: '陈书记', amount: 20000 }] },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.fields.amount).toContain('30000');
    await ok(
      await district({
        method: 'POST',
        url,
        payload: {
          year: YEAR,
          amount: 30000,
          recipients: [
            { name: '陈书记', amount: 18000 },
            { name: '组织委员', amount: 12000 },
          ],
        },
      }),
    );
    const stars = await ok(
      await street({ method: 'GET', url: `/api/v1/assessment/stars?orgId=${tree.b1.id}&year=${YEAR}` }),
    );
    expect(stars.data[0]).toMatchObject({ fiveStarStreak: 3, reward: { amount: 30000 } });
    expect(stars.data[0].reward.recipients).toHaveLength(2);
  });

  it('every debriefing route is 404 outside scope', async () => {
    // A branch reads nothing of its street's session (it has no review right to act on it: 403 before loading).
    await expectNotFoundFor(branch, ['GET /api/v1/assessment/debriefings/:id'], sessionId);
    await expectNotFoundFor(
      [far, otherStreet],
      [
        'GET /api/v1/assessment/debriefings/:id',
        {
          route: 'POST /api/v1/assessment/debriefings/:id/reports',
          payload: { orgId: tree.b1.id, secretaryName: '书记', summary: '情况汇报情况汇报' },
        },
        {
          route: 'POST /api/v1/assessment/debriefings/:id/rate',
          payload: { reportId, items: { duty: 1, results: 1 } },
        },
        { route: 'POST /api/v1/assessment/debriefings/:id/close', payload: {} },
      ],
      sessionId,
    );
    await expectNotFoundFor(
      [far, otherStreet],
      [
        { route: 'GET /api/v1/assessment/debriefings', query: { orgId: ':id', year: String(YEAR) } },
        {
          route: 'POST /api/v1/orgs/:id/assessment/debriefings',
          payload: { schemeId, title: '述职评议会', heldOn: '2026-12-10' },
        },
      ],
      tree.s1.id,
    );
  });

  it('the abilities sent with a session agree with what its routes do', async () => {
    let lastReport = 0;
    const session = (close: boolean) => async () => {
      const s = await ok(
        await street({
          method: 'POST',
          url: `/api/v1/orgs/${tree.s1.id}/assessment/debriefings`,
          payload: { schemeId, title: '述职评议会', heldOn: '2026-12-12' },
        }),
      );
      const r = await ok(
        await street({
          method: 'POST',
          url: `/api/v1/assessment/debriefings/${s.data.id}/reports`,
          payload: { orgId: tree.c1.id, secretaryName: '书记', summary: '社区工作情况汇报' },
        }),
      );
      lastReport = r.data.reports[0].id;
      if (close) {
        await ok(
          await street({
            method: 'POST',
            url: `/api/v1/assessment/debriefings/${s.data.id}/close`,
            payload: {},
          }),
        );
      }
      return { id: s.data.id };
    };
    const callers: Caller[] = [
      { name: 'street', client: street, actor: await actorOf(t.db, userIds.street) },
      { name: 'district', client: district, actor: await actorOf(t.db, userIds.district) },
      { name: 'branch', client: branch, actor: await actorOf(t.db, userIds.branch) },
      { name: 'otherStreet', client: otherStreet, actor: await actorOf(t.db, userIds.otherStreet) },
    ];
    const counts = await checkAbilitiesAgree(t.db, debriefingActions, {
      callers,
      fixtures: [
        { state: 'open', make: session(false) },
        { state: 'closed', make: session(true) },
      ],
      bodies: {
        addReport: { orgId: tree.b1.id, secretaryName: '陈书记', summary: '支部工作情况汇报' },
        rate: () => ({ reportId: lastReport, items: { duty: 10, results: 10 } }),
        close: {},
      },
    });
    expect(counts.succeeded).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
    expect(counts.hidden).toBeGreaterThan(0);
  });
});
