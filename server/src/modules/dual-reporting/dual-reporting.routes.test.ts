import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertOrg, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';
import { insertMember } from '../members/index.ts';

const { t, tree, community } = serverKit({ community: { org: 'c1', role: 'community_secretary' } });
let unitSide: Client;
let otherUnitSide: Client;
let unitOrg: { id: number; path: string };
let memberId: number;
let unitId: number;
let outsideUnitId: number;

beforeAll(async () => {
  unitOrg = await insertOrg(t.db, {
    code: 'D1-S1-U1',
    parentId: tree.s1.id,
    kind: 'branch',
    level: null,
    unitType: 'agency',
  });
  const otherUnit = await insertOrg(t.db, {
    code: 'D1-S1-U2',
    parentId: tree.s1.id,
    kind: 'branch',
    level: null,
    unitType: 'public_institution',
  });
  memberId = await insertMember(t.db, testCrypto, unitOrg.id, { name: '孙在职' });
  unitSide = await clientWithRole(t, 'branch_secretary', unitOrg.id);
  otherUnitSide = await clientWithRole(t, 'branch_secretary', otherUnit.id);
});

const registerUnit = (client: Client, orgId: number, payload: object) =>
  client({ method: 'POST', url: `/api/v1/orgs/${orgId}/dual-reporting/units`, payload });

describe('dual reporting with dual points', () => {
  it('registers units (community side) and in-service members (unit side)', async () => {
    const res = await registerUnit(community, tree.c1.id, {
      unitName: '区司法局',
      unitOrgId: unitOrg.id,
      sourceLevel: 'district',
      declaredMembers: 30,
      registeredOn: '2026-03-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    unitId = res.json().data.id;
    const outside = await registerUnit(community, tree.c1.id, {
      unitName: '省住建厅机关党委',
      sourceLevel: 'provincial',
      declaredMembers: 160,
      registeredOn: '2026-03-02',
    });
    outsideUnitId = outside.json().data.id;
    expect(
      (
        await registerUnit(community, tree.c1.id, {
          unitName: '区司法局',
          sourceLevel: 'district',
          declaredMembers: 1,
          registeredOn: '2026-03-01',
        })
      ).statusCode,
    ).toBe(409);
    // Org placement never comes from the body.
    expect(
      (
        await registerUnit(community, tree.c1.id, {
          unitName: 'x',
          sourceLevel: 'other',
          declaredMembers: 1,
          registeredOn: '2026-03-01',
          communityOrgId: tree.c3.id,
        })
      ).statusCode,
    ).toBe(400);
    // Unit branches cannot register themselves with a community.
    expect(
      (
        await registerUnit(unitSide, tree.c1.id, {
          unitName: 'y',
          sourceLevel: 'other',
          declaredMembers: 1,
          registeredOn: '2026-03-01',
        })
      ).statusCode,
    ).toBe(404);

    const reg = await unitSide({
      method: 'POST',
      url: `/api/v1/dual-reporting/units/${unitId}/members`,
      payload: { memberId, basis: 'work', registeredOn: '2026-03-05' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    // Another unit cannot see this unit, nor register members to it.
    const foreign = await otherUnitSide({
      method: 'POST',
      url: `/api/v1/dual-reporting/units/${unitId}/members`,
      payload: { memberId, basis: 'work', registeredOn: '2026-03-05' },
    });
    expect(foreign.statusCode).toBe(404);
    const detail = (await unitSide({ method: 'GET', url: `/api/v1/dual-reporting/units/${unitId}` })).json()
      .data;
    expect(detail).toMatchObject({
      actAsUnit: true,
      registeredMembers: 1,
      members: [{ memberName: '孙在职' }],
    });
  });

  it('three lists with claims in both directions; a unit sees only its own projects', async () => {
    const need = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/dual-reporting/needs`,
      payload: { title: '独居老人探访', description: '每周探访 20 户' },
    });
    expect(need.statusCode, need.body).toBe(201);
    const needId = need.json().data.id;
    // The registered unit sees the open need and claims it; an unregistered unit cannot see it.
    const needs = (
      await unitSide({ method: 'GET', url: '/api/v1/dual-reporting/projects?list=needs' })
    ).json().data;
    expect(needs.map((p: { id: number }) => p.id)).toContain(needId);
    expect(
      (await otherUnitSide({ method: 'GET', url: `/api/v1/dual-reporting/projects/${needId}` })).statusCode,
    ).toBe(404);
    const claim = await unitSide({
      method: 'POST',
      url: `/api/v1/dual-reporting/projects/${needId}/claim`,
      payload: {},
    });
    expect(claim.json().data).toMatchObject({ status: 'claimed', claimedByUnit: '区司法局' });

    // A unit offers a resource; the community claims it.
    const resource = await unitSide({
      method: 'POST',
      url: `/api/v1/dual-reporting/units/${unitId}/resources`,
      payload: { title: '法律咨询进社区', description: '每月一次' },
    });
    expect(resource.statusCode, resource.body).toBe(201);
    const resId = resource.json().data.id;
    expect(
      (await unitSide({ method: 'POST', url: `/api/v1/dual-reporting/projects/${resId}/claim`, payload: {} }))
        .statusCode,
    ).toBe(403);
    const taken = await community({
      method: 'POST',
      url: `/api/v1/dual-reporting/projects/${resId}/claim`,
      payload: {},
    });
    expect(taken.json().data.status).toBe('claimed');

    // A resource of the outside unit, entered by the community, is not the unit's project.
    const outsideRes = await community({
      method: 'POST',
      url: `/api/v1/dual-reporting/units/${outsideUnitId}/resources`,
      payload: { title: '义诊', description: '每季度一次' },
    });
    const outsideId = outsideRes.json().data.id;
    expect(
      (await unitSide({ method: 'GET', url: `/api/v1/dual-reporting/projects/${outsideId}` })).statusCode,
    ).toBe(404);
    const mine = (
      await unitSide({ method: 'GET', url: '/api/v1/dual-reporting/projects?list=projects' })
    ).json().data;
    expect(mine.map((p: { id: number }) => p.id).sort()).toEqual([needId, resId].sort());
    const done = await community({
      method: 'POST',
      url: `/api/v1/dual-reporting/projects/${needId}/complete`,
      payload: { outcome: '已探访 20 户' },
    });
    expect(done.json().data.status).toBe('completed');
  });

  it('service hours confirmed by the community land in the points ledger at the member’s own branch', async () => {
    const detail = (await unitSide({ method: 'GET', url: `/api/v1/dual-reporting/units/${unitId}` })).json()
      .data;
    const regId = detail.members[0].id;
    const tooLong = await unitSide({
      method: 'POST',
      url: `/api/v1/dual-reporting/registrations/${regId}/services`,
      payload: { servedOn: '2026-11-20', hours: 9, description: '全天服务' },
    });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error.fields.hours).toContain('default-2026');
    const rec = await unitSide({
      method: 'POST',
      url: `/api/v1/dual-reporting/registrations/${regId}/services`,
      payload: { servedOn: '2026-11-20', hours: 3, description: '楼道清理' },
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const serviceId = rec.json().data.id;
    // The unit cannot confirm its own hours.
    expect(
      (
        await unitSide({
          method: 'POST',
          url: `/api/v1/dual-reporting/services/${serviceId}/confirm`,
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    const confirmed = await community({
      method: 'POST',
      url: `/api/v1/dual-reporting/services/${serviceId}/confirm`,
      payload: {},
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().data).toMatchObject({
      status: 'confirmed',
      points: 3.6,
      ruleVersion: 'default-2026',
    });
    expect(
      (
        await community({
          method: 'POST',
          url: `/api/v1/dual-reporting/services/${serviceId}/confirm`,
          payload: {},
        })
      ).statusCode,
    ).toBe(409);

    const entries = await t.db
      .selectFrom('pointsEntries')
      .select(['memberId', 'orgId', 'points', 'ruleCode', 'sourceId'])
      .where('sourceType', '=', 'dual_reporting_service')
      .execute();
    expect(entries).toEqual([
      {
        memberId,
        orgId: unitOrg.id,
        points: 3.6,
        ruleCode: 'dual_reporting.service',
        sourceId: String(serviceId),
      },
    ]);
    // Both sides see the record and its points: the community and the member's own branch.
    for (const side of [community, unitSide]) {
      const list = (await side({ method: 'GET', url: '/api/v1/dual-reporting/services' })).json().data;
      expect(list.find((s: { id: number }) => s.id === serviceId)).toMatchObject({
        points: 3.6,
        memberName: '孙在职',
      });
    }
    // Sibling community, other district, other unit: 404.
    for (const org of [tree.c2.id, tree.c3.id]) {
      const c = await clientWithRole(t, 'community_secretary', org);
      expect(
        (
          await c({
            method: 'POST',
            url: `/api/v1/dual-reporting/services/${serviceId}/reject`,
            payload: { reason: '不实' },
          })
        ).statusCode,
      ).toBe(404);
      expect((await c({ method: 'GET', url: '/api/v1/dual-reporting/services' })).json().data).toEqual([]);
    }
    expect(
      (await otherUnitSide({ method: 'GET', url: '/api/v1/dual-reporting/services' })).json().data,
    ).toEqual([]);
    const reg = (await unitSide({ method: 'GET', url: `/api/v1/dual-reporting/units/${unitId}` })).json().data
      .members[0];
    expect(reg).toMatchObject({ confirmedHours: 3, points: 3.6 });
  });

  it('counts by source level within scope: GET /api/v1/dual-reporting/stats', async () => {
    const street = await clientWithRole(t, 'street_secretary', tree.s1.id);
    const stats = (await street({ method: 'GET', url: '/api/v1/dual-reporting/stats' })).json().data;
    expect(stats.bySourceLevel.find((r: { sourceLevel: string }) => r.sourceLevel === 'provincial')).toEqual({
      sourceLevel: 'provincial',
      units: 1,
      declaredMembers: 160,
      registeredMembers: 0,
    });
    expect(stats).toMatchObject({ projectsClaimed: 2, projectsCompleted: 1, confirmedHours: 3, points: 3.6 });
    const far = await clientWithRole(t, 'street_secretary', tree.s3.id);
    const none = (await far({ method: 'GET', url: '/api/v1/dual-reporting/stats' })).json().data;
    expect(none.bySourceLevel.every((r: { units: number }) => r.units === 0)).toBe(true);
    expect(
      (await far({ method: 'GET', url: `/api/v1/dual-reporting/stats?orgId=${tree.c1.id}` })).statusCode,
    ).toBe(404);
  });

  it('cross-scope: GET /api/v1/dual-reporting/units/:id, GET /api/v1/dual-reporting/projects/:id from parent, sibling, child, other district', async () => {
    const projects = (await community({ method: 'GET', url: '/api/v1/dual-reporting/projects' })).json().data;
    const pid = projects[0].id;
    const expectations: [
      number,
      'community_secretary' | 'street_secretary' | 'branch_secretary' | 'district_admin',
      number,
    ][] = [
      [tree.s1.id, 'street_secretary', 200],
      [tree.d1.id, 'district_admin', 200],
      [tree.c2.id, 'community_secretary', 404],
      [tree.b1.id, 'branch_secretary', 404],
      [tree.c3.id, 'community_secretary', 404],
      [tree.d2.id, 'district_admin', 404],
    ];
    for (const [org, role, status] of expectations) {
      const c = await clientWithRole(t, role, org);
      expect((await c({ method: 'GET', url: `/api/v1/dual-reporting/units/${unitId}` })).statusCode).toBe(
        status,
      );
      expect((await c({ method: 'GET', url: `/api/v1/dual-reporting/projects/${pid}` })).statusCode).toBe(
        status,
      );
      const write = await c({
        method: 'POST',
        url: `/api/v1/dual-reporting/projects/${pid}/complete`,
        payload: { outcome: 'x' },
      });
      expect(write.statusCode === 404).toBe(status === 404);
      const needs = await c({
        method: 'POST',
        url: `/api/v1/orgs/${tree.c1.id}/dual-reporting/needs`,
        payload: { title: 'x', description: 'y' },
      });
      expect(needs.statusCode === 404).toBe(status === 404);
    }
  });
});
