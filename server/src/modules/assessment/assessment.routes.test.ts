import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertOrg } from '../../../test/app.ts';
import { expectNotFoundFor, serverKit } from '../../../test/kit.ts';

const { t, tree, district, street, otherStreet, branch, far, farCommunity } = serverKit({
  district: { org: 'd1', role: 'district_admin' },
  street: { org: 's1', role: 'street_secretary' },
  otherStreet: { org: 's2', role: 'street_secretary' },
  branch: { org: 'b1', role: 'branch_secretary' },
  far: { org: 'd2', role: 'district_admin' },
  farCommunity: { org: 'c3', role: 'community_secretary' },
});

const YEAR = 2026;
let b2: { id: number; path: string };
let schemeId: number;
const meetingIds: number[] = [];

async function ok(res: { statusCode: number; body: string; json: () => unknown }) {
  expect(res.statusCode, res.body).toBeLessThan(300);
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions
  return res.json() as { data: any };
}

const scheme = {
  year: YEAR,
  title: '2026年度党建考核',
  effectiveFrom: '2026-01-01',
  source: '测试考核办法',
  gradeRules: { excellent: 90, good: 80, fair: 60, excellentShare: 0.5 },
  starRules: { five: 90, four: 80, three: 70, two: 60 },
  indicators: [
    {
      aspect: '组织建设',
      code: 'A1',
      name: '三会一课',
      weight: 40,
      method: 'threshold',
      source: 'org_life.meetings',
      params: { min: 2, partial: 0.5 },
      ruleSource: '办法第1条',
    },
    {
      aspect: '作风建设',
      code: 'A2',
      name: '按时整改',
      weight: 30,
      method: 'deduction',
      source: 'rectification.on_time',
      params: { perOccurrence: 10, floor: 5 },
      ruleSource: '办法第2条',
    },
    {
      aspect: '服务群众',
      code: 'A3',
      name: '诉求办结',
      weight: 10,
      method: 'ratio',
      source: 'requests.completion',
      params: {},
      ruleSource: '办法第3条',
    },
    {
      aspect: '阵地',
      code: 'A4',
      name: '阵地建设',
      weight: 20,
      method: 'manual',
      source: null,
      params: {},
      ruleSource: '办法第4条',
    },
  ],
};

async function addItem(orgId: number, path: string, deadline: string, submittedOn: string | null) {
  const now = new Date('2026-06-01T00:00:00Z');
  await t.db
    .insertInto('rectificationItems')
    .values({
      orgId,
      orgPath: path,
      issuerOrgId: tree.d1.id,
      issuerPath: tree.d1.path,
      title: '阵地整改',
      sourceKind: 'gap_list',
      sourceId: 1,
      ownerPerson: '张三',
      requiredEvidence: '照片',
      workingDays: 10,
      ruleVersion: '2026.1',
      openedOn: '2026-05-01',
      reminderOn: '2026-05-10',
      deadline,
      status: submittedOn ? 'closed' : 'open',
      submittedOn,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
}

beforeAll(async () => {
  b2 = await insertOrg(t.db, { code: 'D1-S1-C2-B2', parentId: tree.c2.id, kind: 'branch', level: 'grid' });
  const { rows } = await sql<{ id: number }>`select id from org_life_catalogues limit 1`.execute(t.db);
  const user = await t.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  for (const [i, on] of ['2026-02-10', '2026-05-12', '2026-09-01'].entries()) {
    const m = await t.db
      .insertInto('orgLifeMeetings')
      .values({
        orgId: tree.b1.id,
        typeCode: 'branch_meeting',
        catalogueId: rows[0].id,
        status: 'signed',
        topic: `支部党员大会${i + 1}`,
        plannedOn: on,
        heldOn: on,
        hostName: '书记',
        recorderName: '委员',
        filedBy: user.id,
        filedAt: new Date(),
        signedAt: new Date(),
        signedBy: user.id,
        updatedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    meetingIds.push(m.id);
  }
  await addItem(tree.b1.id, tree.b1.path, '2026-05-20', '2026-05-18');
  const created = await ok(
    await district({ method: 'POST', url: `/api/v1/orgs/${tree.d1.id}/assessment/schemes`, payload: scheme }),
  );
  schemeId = created.data.id;
});

const scoreOf = async (orgId: number) => {
  const board = await ok(
    await district({ method: 'GET', url: `/api/v1/assessment/board?orgId=${tree.d1.id}&year=${YEAR}` }),
  );
  return board.data.find((r: { orgId: number }) => r.orgId === orgId);
};

describe('assessment schemes and scores', () => {
  it('creates a versioned draft, refuses bad input naming the field', async () => {
    const bad = await district({
      method: 'POST',
      url: `/api/v1/orgs/${tree.d1.id}/assessment/schemes`,
      payload: { ...scheme, indicators: [{ ...scheme.indicators[0], weight: -1 }] },
    });
    expect(bad.statusCode).toBe(400);
    const got = await ok(await district({ method: 'GET', url: `/api/v1/assessment/schemes/${schemeId}` }));
    expect(got.data).toMatchObject({ status: 'draft', version: 1, totalWeight: 100 });
    expect(got.data.abilities).toEqual({ publish: true, recompute: false });
    const byStreet = await street({
      method: 'POST',
      url: `/api/v1/assessment/schemes/${schemeId}/publish`,
      payload: {},
    });
    expect(byStreet.statusCode).toBe(403);
  });

  it('publishing freezes the scheme and computes every branch from its records', async () => {
    const pub = await ok(
      await district({ method: 'POST', url: `/api/v1/assessment/schemes/${schemeId}/publish`, payload: {} }),
    );
    expect(pub.data.status).toBe('published');
    const again = await district({
      method: 'POST',
      url: `/api/v1/assessment/schemes/${schemeId}/publish`,
      payload: {},
    });
    expect(again.statusCode).toBe(422);

    // The stable contract, for the street and its subtree.
    const res = await ok(
      await street({ method: 'GET', url: `/api/v1/assessment/scores?orgId=${tree.s1.id}&year=${YEAR}` }),
    );
    const b1 = res.data.find((r: { orgId: number }) => r.orgId === tree.b1.id);
    expect(Object.keys(b1).sort()).toEqual(['grade', 'indicators', 'orgId', 'rank', 'stars', 'total']);
    expect(b1.indicators.map((i: { code: string; points: number | null }) => [i.code, i.points])).toEqual([
      ['A1', 40],
      ['A2', 30],
      ['A3', null],
      ['A4', null],
    ]);
    expect(b1.indicators[2].explanation).toContain('数据缺失');
    // 70 of the 70 points with data → 100 on the 100-point scale; missing left out, not zero.
    expect(b1.total).toBe(100);
    const b2row = res.data.find((r: { orgId: number }) => r.orgId === b2.id);
    expect(b2row.indicators[0].points).toBeNull();
    expect(b2row.total).toBe(100);
  });

  it('explains a score down to the meetings behind it', async () => {
    const row = await scoreOf(tree.b1.id);
    const detail = await ok(await street({ method: 'GET', url: `/api/v1/assessment/scores/${row.scoreId}` }));
    const a1 = detail.data.indicators.find((i: { code: string }) => i.code === 'A1');
    expect(a1.explanation).toContain('3项');
    expect(a1.ruleSource).toBe('办法第1条');
    expect(a1.facts.map((f: { link: string }) => f.link)).toEqual(
      meetingIds.map((id) => `/org-life/meetings/${id}`),
    );
  });

  it('a late record changes the score on recomputation, with an audit entry', async () => {
    await addItem(tree.b1.id, tree.b1.path, '2026-07-01', null);
    await addItem(tree.b1.id, tree.b1.path, '2026-08-01', null);
    await addItem(tree.b1.id, tree.b1.path, '2026-09-01', null);
    const before = await scoreOf(tree.b1.id);
    expect(before.total).toBe(100); // kept, not computed per read
    const re = await ok(
      await district({
        method: 'POST',
        url: `/api/v1/assessment/schemes/${schemeId}/recompute`,
        payload: {},
      }),
    );
    expect(re.data).toMatchObject({ changed: 1 });
    const detail = await ok(
      await street({ method: 'GET', url: `/api/v1/assessment/scores/${before.scoreId}` }),
    );
    const a2 = detail.data.indicators.find((i: { code: string }) => i.code === 'A2');
    expect(a2.points).toBe(5); // 30 − 3×10 = 0, floored at 5
    expect(a2.explanation).toContain('扣至最低5分为止');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'detail'])
      .where('action', '=', 'assessment.score_recomputed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ before: 100, after: 64.29 });
  });

  it('a named reviewer scores a manual indicator with evidence; limits named', async () => {
    const row = await scoreOf(tree.b1.id);
    const url = `/api/v1/assessment/scores/${row.scoreId}/review`;
    const body = { indicatorCode: 'A4', points: 18, evidence: '现场照片', comment: '阵地规范' };
    expect((await branch({ method: 'POST', url, payload: body })).statusCode).toBe(403);
    const tooMany = await street({ method: 'POST', url, payload: { ...body, points: 25 } });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.body).toContain('points');
    const auto = await street({ method: 'POST', url, payload: { ...body, indicatorCode: 'A1' } });
    expect(auto.statusCode).toBe(422);
    const done = await ok(await street({ method: 'POST', url, payload: body }));
    const a4 = done.data.indicators.find((i: { code: string }) => i.code === 'A4');
    expect(a4).toMatchObject({ points: 18, reviewerName: expect.any(String), evidence: '现场照片' });
    // kept over a recomputation
    await ok(
      await district({
        method: 'POST',
        url: `/api/v1/assessment/schemes/${schemeId}/recompute`,
        payload: {},
      }),
    );
    const again = await ok(await street({ method: 'GET', url: `/api/v1/assessment/scores/${row.scoreId}` }));
    expect(again.data.indicators.find((i: { code: string }) => i.code === 'A4').points).toBe(18);
  });

  it('an organization appeals; the reviewer answers; the change is audited', async () => {
    const row = await scoreOf(tree.b1.id);
    const filed = await branch({
      method: 'POST',
      url: `/api/v1/assessment/scores/${row.scoreId}/appeal`,
      payload: { indicatorCode: 'A2', reason: '两项整改已经按时提交，系统未登记' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const appealId = filed.json().data.appeals[0].id;
    const noPoints = await street({
      method: 'POST',
      url: `/api/v1/assessment/scores/${row.scoreId}/answer`,
      payload: { appealId, decision: 'upheld', answer: '核实属实' },
    });
    expect(noPoints.statusCode).toBe(400);
    const answered = await ok(
      await street({
        method: 'POST',
        url: `/api/v1/assessment/scores/${row.scoreId}/answer`,
        payload: { appealId, decision: 'upheld', answer: '核实属实，调整得分', points: 25 },
      }),
    );
    expect(answered.data.appeals[0]).toMatchObject({ status: 'upheld', pointsBefore: 5, pointsAfter: 25 });
    expect(answered.data.indicators.find((i: { code: string }) => i.code === 'A2').points).toBe(25);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'in', ['assessment.appeal_filed', 'assessment.appeal_answered'])
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('the street publishes stars; a published rating cannot be vetoed; rewards need three five-star years', async () => {
    const row = await scoreOf(tree.b1.id);
    const veto = await ok(
      await street({
        method: 'POST',
        url: `/api/v1/assessment/scores/${row.scoreId}/veto`,
        payload: { year: YEAR, stars: 2, vetoReason: '发生严重违纪' },
      }),
    );
    expect(veto.data.stars).toBe(2);
    const pub = await ok(
      await street({
        method: 'POST',
        url: `/api/v1/orgs/${tree.s1.id}/assessment/stars/publish`,
        payload: { year: YEAR },
      }),
    );
    expect(pub.data.published).toBe(2);
    const stars = await ok(
      await branch({ method: 'GET', url: `/api/v1/assessment/stars?orgId=${tree.b1.id}&year=${YEAR}` }),
    );
    expect(stars.data[0]).toMatchObject({ stars: 2, vetoReason: '发生严重违纪', status: 'published' });
    const late = await street({
      method: 'POST',
      url: `/api/v1/assessment/scores/${row.scoreId}/veto`,
      payload: { year: YEAR, stars: 1, vetoReason: '再次降星' },
    });
    expect(late.statusCode).toBe(422);
    const contract = await ok(
      await branch({ method: 'GET', url: `/api/v1/assessment/scores?orgId=${tree.b1.id}&year=${YEAR}` }),
    );
    expect(contract.data).toHaveLength(1);
    expect(contract.data[0].stars).toBe(2);
    const reward = await district({
      method: 'POST',
      url: `/api/v1/orgs/${b2.id}/assessment/rewards`,
      payload: { year: YEAR, amount: 30000, recipients: [{ name: '李书记', amount: 30000 }] },
    });
    expect(reward.statusCode).toBe(422);
    expect(reward.body).toContain('连续三年');
  });

  it('every route is 404 outside scope', async () => {
    const row = await scoreOf(tree.b1.id);
    await expectNotFoundFor(
      [far, otherStreet],
      [
        'GET /api/v1/assessment/scores/:id',
        {
          route: 'POST /api/v1/assessment/scores/:id/review',
          payload: { indicatorCode: 'A4', points: 1, evidence: 'x', comment: 'x' },
        },
        {
          route: 'POST /api/v1/assessment/scores/:id/answer',
          payload: { appealId: 1, decision: 'rejected', answer: 'x' },
        },
        {
          route: 'POST /api/v1/assessment/scores/:id/veto',
          payload: { year: YEAR, stars: 1, vetoReason: '理由' },
        },
      ],
      row.scoreId,
    );
    await expectNotFoundFor(
      farCommunity,
      [
        'GET /api/v1/assessment/scores/:id',
        {
          route: 'POST /api/v1/assessment/scores/:id/appeal',
          payload: { indicatorCode: 'A4', reason: '理由理由理由' },
        },
      ],
      row.scoreId,
    );
    await expectNotFoundFor(
      far,
      [
        { route: 'GET /api/v1/assessment/scores', query: { orgId: ':id', year: String(YEAR) } },
        { route: 'GET /api/v1/assessment/board', query: { orgId: ':id', year: String(YEAR) } },
        { route: 'GET /api/v1/assessment/stars', query: { orgId: ':id', year: String(YEAR) } },
        { route: 'GET /api/v1/assessment/schemes', query: { orgId: ':id' } },
        { route: 'POST /api/v1/orgs/:id/assessment/stars/publish', payload: { year: YEAR } },
        {
          route: 'POST /api/v1/orgs/:id/assessment/rewards',
          payload: { year: YEAR, amount: 1, recipients: [{ name: 'x', amount: 1 }] },
        },
        { route: 'POST /api/v1/orgs/:id/assessment/schemes', payload: scheme },
      ],
      tree.s1.id,
    );
    await expectNotFoundFor(
      far,
      [
        'GET /api/v1/assessment/schemes/:id',
        { route: 'POST /api/v1/assessment/schemes/:id/publish', payload: {} },
        { route: 'POST /api/v1/assessment/schemes/:id/recompute', payload: {} },
      ],
      schemeId,
    );
    // A branch sees only its own score in the contract; a sibling's is 404.
    const sibling = await scoreOf(b2.id);
    expect(
      (await branch({ method: 'GET', url: `/api/v1/assessment/scores/${sibling.scoreId}` })).statusCode,
    ).toBe(404);
    expect(
      (await branch({ method: 'GET', url: `/api/v1/assessment/scores?orgId=${tree.c2.id}&year=${YEAR}` }))
        .statusCode,
    ).toBe(404);
  });
});
