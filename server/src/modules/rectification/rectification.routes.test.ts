import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/app.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';
import { openRectificationItem } from './index.ts';
import { steeringKit } from './steering.testkit.ts';

const { t, tree, district, street, community, sibling, farDistrict } = steeringKit({
  farDistrict: { org: 'd2', role: 'district_admin' },
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function multipartPhoto(name = '整改后.png', content = PNG) {
  const boundary = '----rect';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function ok(res: Awaited<ReturnType<Client>>) {
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

const launch = (client: Client, orgId: number, extra: Record<string, unknown> = {}) =>
  client({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/inspections`,
    payload: {
      kind: 'unannounced',
      title: '9月暗访督查',
      checklist: ['阵地建设', '三会一课记录'],
      targetLevel: 'community',
      startsOn: '2026-09-28',
      endsOn: '2026-09-30',
      ...extra,
    },
  });

const finding = (
  client: Client,
  campaignId: number,
  targetOrgId: number,
  extra: Record<string, unknown> = {},
) =>
  client({
    method: 'POST',
    url: `/api/v1/inspections/${campaignId}/findings`,
    payload: {
      targetOrgId,
      checklistItem: '阵地建设',
      description: '党群服务中心活动室被挪作仓库',
      title: '恢复活动室使用',
      ownerPerson: '社区书记',
      requiredEvidence: '整改后的现场照片',
      ...extra,
    },
  });

/** The sweep on demand (the same one the housekeeping job runs daily), over the district. */
const sweepAsDistrict = async () =>
  (
    await ok(
      await district({ method: 'POST', url: `/api/v1/orgs/${tree.d1.id}/rectification/sweep`, payload: {} }),
    )
  ).data;
const item = async (client: Client, id: number) =>
  (await ok(await client({ method: 'GET', url: `/api/v1/rectification/items/${id}` }))).data;
const ACTION_URLS = {
  submit: (id: number) => `/api/v1/rectification/items/${id}/submit`,
  verify: (id: number) => `/api/v1/rectification/items/${id}/verify`,
  return: (id: number) => `/api/v1/rectification/items/${id}/return`,
  close: (id: number) => `/api/v1/rectification/items/${id}/close`,
};
const act = (
  client: Client,
  id: number,
  verb: keyof typeof ACTION_URLS,
  payload: Record<string, unknown> = {},
) => client({ method: 'POST', url: ACTION_URLS[verb](id), payload });

beforeAll(() => {
  t.clock.set('2026-09-28T09:00:00+08:00'); // a Monday before the National Day holiday
});

describe('inspection → finding → rectification item', () => {
  let campaignId: number;
  let c1Item: number;
  let c2Item: number;

  it('launches an unannounced check on every community below, and records findings', async () => {
    const campaign = (await ok(await launch(district, tree.d1.id))).data;
    campaignId = campaign.id;
    expect(campaign).toMatchObject({ kind: 'unannounced', targets: 2, findings: 0, status: 'open' });
    expect(campaign.abilities).toEqual({ recordFinding: true, close: true });
    const detail = (await ok(await district({ method: 'GET', url: `/api/v1/inspections/${campaignId}` })))
      .data;
    expect(detail.targetOrgs.map((o: { orgId: number }) => o.orgId).sort()).toEqual(
      [tree.c1.id, tree.c2.id].sort(),
    );
    expect((await farDistrict({ method: 'GET', url: `/api/v1/inspections/${campaignId}` })).statusCode).toBe(
      404,
    );

    const recorded = (await ok(await finding(district, campaignId, tree.c1.id))).data;
    c1Item = recorded.item.id;
    // 10 working days from Monday 28 September: the National Day holiday (1–7 October) does not
    // count and Saturday 10 October (a make-up workday) does.
    expect(recorded.item).toMatchObject({
      orgId: tree.c1.id,
      source: { kind: 'inspection', id: recorded.findingId },
      deadline: '2026-10-16',
      workingDays: 10,
      status: 'open',
      overdueDays: 0,
    });
    const photo = await district({
      method: 'POST',
      url: `/api/v1/inspection-findings/${recorded.findingId}/evidence`,
      ...multipartPhoto('现场.png'),
    });
    expect(photo.statusCode, photo.body).toBe(201);
    c2Item = (await ok(await finding(district, campaignId, tree.c2.id, { workingDays: 3 }))).data.item.id;
    expect((await item(district, c2Item)).deadline).toBe('2026-10-08');
  });

  it('refuses a finding outside the targets and bad dates, with Chinese field messages', async () => {
    const outside = await finding(district, campaignId, tree.s1.id);
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.fields.targetOrgId).toBe('该组织不是本次检查的对象');
    const bad = await launch(district, tree.d1.id, { endsOn: '2026-09-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.endsOn).toContain('结束日期不能早于开始日期');
    const none = await launch(street, tree.s1.id, { targetLevel: 'street' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.fields.targetLevel).toBeDefined();
    const campaigns = (
      await ok(await district({ method: 'GET', url: `/api/v1/inspections?orgId=${tree.d1.id}` }))
    ).data;
    expect(campaigns).toHaveLength(1);
    // A second campaign, closed at once: no more findings.
    const other = (await ok(await launch(street, tree.s1.id, { kind: 'special', title: '专项检查' }))).data;
    const closed = (
      await ok(await street({ method: 'POST', url: `/api/v1/inspections/${other.id}/close`, payload: {} }))
    ).data;
    expect(closed).toMatchObject({ status: 'closed', abilities: { recordFinding: false, close: false } });
    const late = await finding(street, other.id, tree.c1.id);
    expect(late.statusCode).toBe(422);
    expect(late.json().error.message).toBe('检查已结束，不能再记录问题');
  });

  it('community rectifies with a photo; the street returns, then verifies; the district closes', async () => {
    const early = await act(community, c1Item, 'submit', { comment: '已整改' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.fields.evidence).toBe('请先上传整改佐证材料');
    const up = await community({
      method: 'POST',
      url: `/api/v1/rectification/items/${c1Item}/evidence`,
      ...multipartPhoto(),
    });
    expect(up.statusCode, up.body).toBe(201);
    t.clock.set('2026-10-09T10:00:00+08:00');
    expect((await ok(await act(community, c1Item, 'submit', { comment: '活动室已恢复' }))).data.status).toBe(
      'submitted',
    );
    // The community cannot check its own work; the street (the level above) does.
    const own = await act(community, c1Item, 'verify');
    expect(own.statusCode).toBe(403);
    const back = (await ok(await act(street, c1Item, 'return', { comment: '照片看不清活动室标识' }))).data;
    expect(back).toMatchObject({ status: 'returned', returnCount: 1 });
    const noReason = await act(street, c1Item, 'return', {});
    expect(noReason.statusCode).toBe(400);
    expect((await ok(await act(community, c1Item, 'submit', {}))).data.status).toBe('submitted');
    expect((await ok(await act(street, c1Item, 'verify', { comment: '整改到位' }))).data.status).toBe(
      'verified',
    );
    // Only the issuing organization closes (销号).
    expect((await act(street, c1Item, 'close')).statusCode).toBe(403);
    const closed = (await ok(await act(district, c1Item, 'close'))).data;
    expect(closed.status).toBe('closed');
    const detail = await item(district, c1Item);
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'submitted',
      'returned',
      'submitted',
      'verified',
      'closed',
    ]);
    expect(detail.events[2].comment).toBe('照片看不清活动室标识');
    expect(detail.finding.evidence).toHaveLength(1);
    const [photo] = detail.evidence;
    const file = await district({ method: 'GET', url: `/api/v1/rectification/evidence/${photo.id}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(
      (await sibling({ method: 'GET', url: `/api/v1/rectification/evidence/${photo.id}` })).statusCode,
    ).toBe(404);
    const findingPhoto = detail.finding.evidence[0].id;
    expect(
      (await community({ method: 'GET', url: `/api/v1/rectification/evidence/${findingPhoto}` })).statusCode,
    ).toBe(200);
    expect(
      (await farDistrict({ method: 'GET', url: `/api/v1/rectification/evidence/${findingPhoto}` }))
        .statusCode,
    ).toBe(404);
    const figures = (
      await ok(await district({ method: 'GET', url: `/api/v1/rectification/figures?orgId=${tree.d1.id}` }))
    ).data;
    expect(figures).toMatchObject({ findings: 2, items: 2, onTime: 1, closed: 1, returned: 0 });
  });

  it('reminds before the deadline and escalates an overdue item to the level above, once', async () => {
    t.clock.set('2026-10-07T09:00:00+08:00'); // a holiday: reminder day (2 working days before 8 Oct) has come
    const first = await sweepAsDistrict();
    expect(first).toEqual({ reminded: 1, escalated: 0 });
    t.clock.set('2026-10-12T09:00:00+08:00');
    const overdue = await ok(
      await street({ method: 'GET', url: `/api/v1/rectification/items?orgId=${tree.s1.id}&status=overdue` }),
    );
    expect(overdue.total).toBe(1);
    expect(overdue.data[0]).toMatchObject({
      id: c2Item,
      overdueDays: 4,
      status: 'open',
      deadline: '2026-10-08',
    });
    expect(Object.keys(overdue.data[0])).toEqual(
      expect.arrayContaining(['id', 'orgId', 'title', 'source', 'deadline', 'status', 'overdueDays']),
    );
    const swept = await sweepAsDistrict();
    expect(swept).toEqual({ reminded: 0, escalated: 1 });
    expect((await item(street, c2Item)).escalatedToOrgName).toBe('组织D1-S1');
    const again = await sweepAsDistrict();
    expect(again).toEqual({ reminded: 0, escalated: 0 });
    const figures = (
      await ok(await district({ method: 'GET', url: `/api/v1/rectification/figures?orgId=${tree.d1.id}` }))
    ).data;
    expect(figures.overdue).toBe(1);
  });

  it('a community sees its own items, never a sibling’s', async () => {
    const mine = await ok(
      await community({ method: 'GET', url: `/api/v1/rectification/items?orgId=${tree.c1.id}` }),
    );
    expect(mine.data.map((i: { id: number }) => i.id)).toEqual([c1Item]);
    expect(
      (await community({ method: 'GET', url: `/api/v1/rectification/items?orgId=${tree.c2.id}` })).statusCode,
    ).toBe(404);
    expect((await sibling({ method: 'GET', url: `/api/v1/rectification/items/${c1Item}` })).statusCode).toBe(
      404,
    );
    expect(
      (await community({ method: 'GET', url: `/api/v1/rectification/items?orgId=${tree.s1.id}` })).statusCode,
    ).toBe(404);
  });
});

describe('rectification scope on every route', () => {
  const itemAt = async (orgId: number) => {
    const org = await t.db
      .selectFrom('orgs')
      .select(['id', 'path', 'parentId'])
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    return t.db.transaction().execute(async (trx) => {
      const id = await openRectificationItem(
        trx,
        {
          org,
          issuer: { id: tree.d1.id, path: tree.d1.path },
          title: '范围测试',
          source: { kind: 'inspection', id: 1 },
          ownerPerson: '书记',
          requiredEvidence: '照片',
        },
        null,
        t.clock.now(),
      );
      await trx
        .insertInto('rectificationEvidence')
        .values({
          itemId: id,
          findingId: null,
          filename: 'a.png',
          mime: 'image/png',
          content: PNG,
          uploadedBy: null,
          uploadedAt: new Date(),
        })
        .execute();
      return id;
    });
  };
  const campaignAt = async (orgId: number) => {
    const org = await t.db
      .selectFrom('orgs')
      .select(['id', 'path'])
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    const { id } = await t.db
      .insertInto('inspectionCampaigns')
      .values({
        orgId,
        orgPath: org.path,
        kind: 'special',
        title: '范围',
        checklist: JSON.stringify(['一']),
        targetLevel: 'grid',
        startsOn: '2026-10-01',
        endsOn: '2026-10-30',
        createdBy: null,
        createdAt: new Date(),
        closedAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };

  it('items: read, list, figures, submit from the same organization and the level above only', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: itemAt,
      read: { route: 'GET /api/v1/rectification/items/:id' },
      update: { route: 'POST /api/v1/rectification/items/:id/submit', payload: {} },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/rectification/items', query: { orgId: ':id' } },
      update: { route: 'GET /api/v1/rectification/figures', query: { orgId: ':id' } },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'street_secretary',
      home: 's1',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/inspections', query: { orgId: ':id' } },
      update: { route: 'POST /api/v1/orgs/:id/rectification/sweep', payload: {} },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'street_secretary',
      home: 's1',
      create: campaignAt,
      read: { route: 'GET /api/v1/inspections/:id' },
    });
  }, 300_000);
});
