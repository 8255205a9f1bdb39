import { describe, expect, it } from 'vitest';
import type { Client } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';

const { t, tree, community, street } = serverKit({
  community: { org: 'c1', role: 'community_secretary' },
  street: { org: 's1', role: 'street_secretary' },
});
let streetUnit: number;
let communityUnit: number;
let meetingId: number;

const post = (client: Client, orgId: number, what: string, payload: object) =>
  client({ method: 'POST', url: `/api/v1/orgs/${orgId}/co-building/${what}`, payload });

describe('co-building', () => {
  it('records units, joint meetings with problems, activities, agreements; counts are computed', async () => {
    const su = await post(street, tree.s1.id, 'units', {
      name: '区人民医院',
      unitType: 'hospital',
      joinedOn: '2025-03-01',
    });
    expect(su.statusCode, su.body).toBe(201);
    streetUnit = su.json().data.id;
    communityUnit = (
      await post(community, tree.c1.id, 'units', {
        name: '第一中学',
        unitType: 'school',
        joinedOn: '2025-04-01',
      })
    ).json().data.id;
    expect(
      (
        await post(community, tree.c1.id, 'units', {
          name: '第一中学',
          unitType: 'school',
          joinedOn: '2025-04-01',
        })
      ).statusCode,
    ).toBe(409);
    // Units of the street above join the community's meeting; units elsewhere do not.
    const c2Unit = (
      await post(street, tree.c2.id, 'units', {
        name: '供电所',
        unitType: 'state_enterprise',
        joinedOn: '2025-01-01',
      })
    ).json().data.id;
    const meeting = await post(community, tree.c1.id, 'meetings', {
      title: '第一季度联席会议',
      heldOn: '2026-03-10',
      minutes: '会商路灯和上学拥堵问题',
      unitIds: [streetUnit, communityUnit],
      issues: [{ title: '路灯维修' }, { title: '上学拥堵' }, { title: '楼道堆物' }],
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    meetingId = meeting.json().data.id;
    const bad = await post(community, tree.c1.id, 'meetings', {
      title: 'x',
      heldOn: '2026-03-10',
      minutes: 'x',
      unitIds: [c2Unit],
      issues: [],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields.unitIds).toBeDefined();

    const detail = (
      await community({ method: 'GET', url: `/api/v1/co-building/meetings/${meetingId}` })
    ).json().data;
    expect(detail.units).toEqual(['区人民医院', '第一中学']);
    const [first, second] = detail.issues;
    const early = await community({
      method: 'POST',
      url: `/api/v1/co-building/issues/${first.id}/solve`,
      payload: { solvedOn: '2026-03-01', outcome: '修好' },
    });
    expect(early.statusCode).toBe(422);
    for (const issue of [first, second]) {
      const r = await community({
        method: 'POST',
        url: `/api/v1/co-building/issues/${issue.id}/solve`,
        payload: { solvedOn: '2026-04-02', outcome: '已解决' },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await post(community, tree.c1.id, 'activities', {
      kind: 'joint_service',
      title: '集中服务日',
      heldOn: '2026-03-20',
      participants: 40,
      unitIds: [streetUnit],
    });
    await post(community, tree.c1.id, 'activities', {
      kind: 'activity',
      title: '联合主题党日',
      heldOn: '2026-05-20',
      participants: 25,
      unitIds: [],
    });
    const agr = await post(community, tree.c1.id, 'agreements', {
      unitId: communityUnit,
      title: '场地共享',
      resources: '操场周末开放',
      signedOn: '2026-02-01',
      expiresOn: '2025-01-01',
    });
    expect(agr.statusCode).toBe(422);
    await post(community, tree.c1.id, 'agreements', {
      unitId: communityUnit,
      title: '场地共享',
      resources: '操场周末开放',
      signedOn: '2026-02-01',
    });

    const stats = (await street({ method: 'GET', url: '/api/v1/co-building/stats' })).json().data;
    expect(stats).toMatchObject({
      units: 3,
      jointMeetings: 1,
      issuesRaised: 3,
      issuesSolved: 2,
      agreements: 1,
      activities: 1,
      jointServices: 1,
      participants: 65,
    });
    const q1 = (
      await street({ method: 'GET', url: '/api/v1/co-building/stats?from=2026-01-01&to=2026-03-31' })
    ).json().data;
    expect(q1).toMatchObject({
      jointMeetings: 1,
      issuesSolved: 0,
      activities: 0,
      jointServices: 1,
      agreements: 1,
    });
    const c2 = (await street({ method: 'GET', url: `/api/v1/co-building/stats?orgId=${tree.c2.id}` })).json()
      .data;
    expect(c2).toMatchObject({ units: 1, jointMeetings: 0 });
  });

  it('scope: GET /api/v1/co-building/meetings/:id, POST /api/v1/co-building/issues/:id/solve, POST /api/v1/orgs/:id/co-building/meetings, GET /api/v1/co-building/units, GET /api/v1/co-building/activities, GET /api/v1/co-building/agreements, GET /api/v1/co-building/stats', async () => {
    const detail = (
      await community({ method: 'GET', url: `/api/v1/co-building/meetings/${meetingId}` })
    ).json().data;
    const open = detail.issues.find((i: { status: string }) => i.status === 'open');
    const cases: [
      number,
      'community_secretary' | 'street_secretary' | 'branch_secretary' | 'district_admin',
      boolean,
    ][] = [
      [tree.c1.id, 'community_secretary', true],
      [tree.s1.id, 'street_secretary', true],
      [tree.d1.id, 'district_admin', true],
      [tree.c2.id, 'community_secretary', false],
      [tree.b1.id, 'branch_secretary', false],
      [tree.c3.id, 'community_secretary', false],
      [tree.d2.id, 'district_admin', false],
    ];
    for (const [org, role, allowed] of cases) {
      const c = await clientWithRole(t, role, org);
      const read = await c({ method: 'GET', url: `/api/v1/co-building/meetings/${meetingId}` });
      expect(read.statusCode, `${role}@${org}`).toBe(allowed ? 200 : 404);
      const write = await post(c, tree.c1.id, 'meetings', {
        title: 'x',
        heldOn: '2026-06-01',
        minutes: 'x',
        unitIds: [],
        issues: [],
      });
      expect(write.statusCode, `${role}@${org}`).toBe(allowed ? 201 : 404);
      if (!allowed) {
        const solve = await c({
          method: 'POST',
          url: `/api/v1/co-building/issues/${open.id}/solve`,
          payload: { solvedOn: '2026-06-01', outcome: 'x' },
        });
        expect(solve.statusCode).toBe(404);
        for (const list of ['units', 'meetings', 'activities', 'agreements']) {
          const r = await c({ method: 'GET', url: `/api/v1/co-building/${list}` });
          const foreign = r
            .json()
            .data.filter((x: { orgId: number }) => [tree.c1.id, tree.s1.id].includes(x.orgId));
          expect(foreign, `${list} for ${role}@${org}`).toEqual([]);
        }
        const s = (await c({ method: 'GET', url: '/api/v1/co-building/stats' })).json().data;
        expect(s.jointMeetings).toBe(0);
      }
    }
    const still = (
      await community({ method: 'GET', url: `/api/v1/co-building/meetings/${meetingId}` })
    ).json().data;
    expect(still.issues.find((i: { id: number }) => i.id === open.id).status).toBe('open');
    // Residents have no access to co-building at all.
    const resident = await clientWithRole(t, 'resident', tree.c1.id);
    expect((await resident({ method: 'GET', url: '/api/v1/co-building/stats' })).statusCode).toBe(403);
  });

  it('scope: POST /api/v1/orgs/:id/co-building/units, POST /api/v1/orgs/:id/co-building/activities, POST /api/v1/orgs/:id/co-building/agreements, GET /api/v1/co-building/meetings', async () => {
    const count = async (table: 'coBuildingUnits' | 'coBuildingActivities' | 'coBuildingAgreements') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const bodies = {
      units: { name: '越界单位', unitType: 'school', joinedOn: '2026-01-05' },
      activities: {
        kind: 'joint_service',
        title: '越界服务',
        heldOn: '2026-05-01',
        participants: 10,
        unitIds: [communityUnit],
      },
      agreements: { unitId: communityUnit, title: '越界协议', resources: '场地', signedOn: '2026-05-01' },
    } as const;
    const before = {
      units: await count('coBuildingUnits'),
      activities: await count('coBuildingActivities'),
      agreements: await count('coBuildingAgreements'),
    };
    for (const [org, role] of [
      [tree.c2.id, 'community_secretary'],
      [tree.b1.id, 'branch_secretary'],
      [tree.c3.id, 'community_secretary'],
      [tree.d2.id, 'district_admin'],
    ] as const) {
      const c = await clientWithRole(t, role, org);
      for (const what of ['units', 'activities', 'agreements'] as const) {
        const res = await c({
          method: 'POST',
          url: `/api/v1/orgs/${tree.c1.id}/co-building/${what}`,
          payload: bodies[what],
        });
        expect(res.statusCode, `${what} by ${role}@${org}: ${res.body}`).toBe(404);
      }
      const meetings = await c({ method: 'GET', url: '/api/v1/co-building/meetings' });
      expect(meetings.statusCode).toBe(200);
      expect(meetings.json().data.filter((m: { orgId: number }) => m.orgId === tree.c1.id)).toEqual([]);
    }
    expect({
      units: await count('coBuildingUnits'),
      activities: await count('coBuildingActivities'),
      agreements: await count('coBuildingAgreements'),
    }).toEqual(before);
    // The same bodies are valid in scope (so the 404s above are the scope check, not validation).
    for (const what of ['activities', 'agreements'] as const) {
      const ok = await post(community, tree.c1.id, what, bodies[what]);
      expect(ok.statusCode, ok.body).toBe(201);
    }
    const parent = await street({ method: 'GET', url: '/api/v1/co-building/meetings' });
    expect(parent.json().data.some((m: { orgId: number }) => m.orgId === tree.c1.id)).toBe(true);
  });
});
