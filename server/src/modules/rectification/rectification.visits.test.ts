import { describe, expect, it } from 'vitest';
import { postOk } from '../../../test/actions.ts';
import { expectNotFoundFor } from '../../../test/kit.ts';
import { steeringKit } from './steering.testkit.ts';

const { t, tree, district, street, community, otherStreet } = steeringKit({
  otherStreet: { org: 's2', role: 'street_secretary' },
});

const SHEET = [
  { item: '阵地建设', maxPoints: 30 },
  { item: '组织生活', maxPoints: 40 },
  { item: '特色亮点', maxPoints: 30 },
];

describe('site visits (现场观摩)', () => {
  it('a route, scores within the sheet, on-the-spot comments opening rectification items', async () => {
    t.clock.set('2026-06-15T09:00:00+08:00'); // a Monday
    const visit = await postOk(street, `/orgs/${tree.s1.id}/rectification/site-visits`, {
      title: '上半年基层党建现场观摩',
      visitOn: '2026-06-16',
      scoreSheet: SHEET,
      stopOrgIds: [tree.c2.id, tree.c1.id],
    });
    expect(visit).toMatchObject({ half: 1, maxTotal: 100, status: 'open' });
    expect(visit.stops.map((s: { orgId: number }) => s.orgId)).toEqual([tree.c2.id, tree.c1.id]);
    const stop = visit.stops[1];
    expect(stop.abilities).toEqual({ review: true });

    const outside = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.s1.id}/rectification/site-visits`,
      payload: { title: 'x', visitOn: '2026-06-16', scoreSheet: SHEET, stopOrgIds: [tree.c3.id] },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.fields.stopOrgIds).toBe('观摩点位须是本组织下级的组织');

    const tooMany = await street({
      method: 'POST',
      url: `/api/v1/rectification/site-visit-stops/${stop.id}/review`,
      payload: {
        scores: [
          { item: '阵地建设', points: 31 },
          { item: '组织生活', points: 30 },
          { item: '特色亮点', points: 20 },
        ],
        comment: '活动室整洁',
      },
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error.fields.scores).toBe('“阵地建设”得分不能超过30分');
    const missing = await street({
      method: 'POST',
      url: `/api/v1/rectification/site-visit-stops/${stop.id}/review`,
      payload: { scores: [{ item: '阵地建设', points: 20 }], comment: '活动室整洁' },
    });
    expect(missing.json().error.fields.scores).toBe('请按评分表逐项打分：阵地建设、组织生活、特色亮点');

    // The community cannot score itself.
    const self = await community({
      method: 'POST',
      url: `/api/v1/rectification/site-visit-stops/${stop.id}/review`,
      payload: { scores: [], comment: 'x' },
    });
    expect([403, 404]).toContain(self.statusCode);

    const reviewed = await postOk(street, `/rectification/site-visit-stops/${stop.id}/review`, {
      scores: [
        { item: '阵地建设', points: 25 },
        { item: '组织生活', points: 32 },
        { item: '特色亮点', points: 20 },
      ],
      comment: '阵地规范，台账缺少近两月主题党日记录',
      followUps: [
        {
          title: '补齐主题党日记录',
          ownerPerson: '社区书记',
          requiredEvidence: '会议记录照片',
          workingDays: 5,
        },
      ],
    });
    const after = reviewed.stops.find((s: { id: number }) => s.id === stop.id);
    expect(after).toMatchObject({
      total: 77,
      comment: '阵地规范，台账缺少近两月主题党日记录',
      abilities: { review: false },
    });
    // 5 working days from Tuesday 16 June (the Dragon Boat holiday on 19 June is a working day in the
    // test calendar unless configured): the item carries the source and the deadline.
    expect(after.items).toHaveLength(1);
    const items = await community({
      method: 'GET',
      url: `/api/v1/rectification/items?orgId=${tree.c1.id}&sourceKind=site_visit`,
    });
    expect(items.json().data).toMatchObject([
      {
        title: '补齐主题党日记录',
        source: { kind: 'site_visit', id: stop.id },
        sourceTitle: '现场观摩：上半年基层党建现场观摩',
        workingDays: 5,
        status: 'open',
      },
    ]);
    const again = await street({
      method: 'POST',
      url: `/api/v1/rectification/site-visit-stops/${stop.id}/review`,
      payload: { scores: [], comment: 'x' },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toBe('该点位已评分点评');

    const closed = await postOk(street, `/rectification/site-visits/${visit.id}/close`, {});
    expect(closed).toMatchObject({ status: 'closed', abilities: { close: false } });
    const listed = await district({
      method: 'GET',
      url: `/api/v1/rectification/site-visits?orgId=${tree.d1.id}&year=2026`,
    });
    expect(listed.json().data.map((v: { id: number }) => v.id)).toEqual([visit.id]);

    // Out of scope: another street sees nothing of it.
    await expectNotFoundFor(
      otherStreet,
      [
        'GET /api/v1/rectification/site-visits/:id',
        { route: 'POST /api/v1/rectification/site-visits/:id/close', payload: {} },
      ],
      visit.id,
    );
    await expectNotFoundFor(
      otherStreet,
      [
        {
          route: 'POST /api/v1/rectification/site-visit-stops/:id/review',
          payload: { scores: [], comment: 'x' },
        },
      ],
      visit.stops[0].id,
    );
    const theirs = await otherStreet({
      method: 'GET',
      url: `/api/v1/rectification/site-visits?orgId=${tree.s1.id}&year=2026`,
    });
    expect(theirs.statusCode).toBe(404);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('objectType', '=', 'site_visit')
      .where('objectId', '=', String(visit.id))
      .where('outcome', '=', 'success')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'rectification.site_visit_planned',
      'rectification.site_visit_reviewed',
      'rectification.site_visit_closed',
    ]);
  });
});
