import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertUser, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';
import { insertMember } from '../members/index.ts';

const { t, tree, resident, community } = serverKit({
  resident: { org: 'c1', role: 'resident', username: 'vol_res' },
  community: { org: 'c1', role: 'community_secretary' },
});
let member: Client;
let memberId: number;
let activityId: number;

beforeAll(async () => {
  const memberUser = await insertUser(t.db, { username: 'vol_mem', orgId: tree.b1.id, role: 'member' });
  memberId = await insertMember(t.db, testCrypto, tree.b1.id, { name: '党员志愿者', userId: memberUser });
  member = await t.login('vol_mem');
});

describe('volunteers', () => {
  it('teams, activity sign-up and check-in, confirmed hours, points for members through the ledger', async () => {
    const team = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/volunteer-teams`,
      payload: { name: '夕阳红巡逻队' },
    });
    expect(team.statusCode, team.body).toBe(201);
    const act = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/volunteer-activities`,
      payload: {
        title: '楼院巡逻',
        description: '晚间巡逻',
        startsAt: '2026-11-21T11:00:00+08:00',
        endsAt: '2026-11-21T14:00:00+08:00',
        capacity: 2,
        teamId: team.json().data.id,
      },
    });
    expect(act.statusCode, act.body).toBe(201);
    activityId = act.json().data.id;

    // Not yet a volunteer: refused with a named field.
    const early = await resident({
      method: 'POST',
      url: `/api/v1/volunteer-activities/${activityId}/signup`,
      payload: {},
    });
    expect(early.statusCode).toBe(422);
    expect(
      (
        await resident({
          method: 'POST',
          url: `/api/v1/orgs/${tree.c1.id}/volunteers/me`,
          payload: { skills: '摄影' },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await member({ method: 'POST', url: `/api/v1/orgs/${tree.b1.id}/volunteers/me`, payload: {} }))
        .statusCode,
    ).toBe(201);
    const r1 = await resident({
      method: 'POST',
      url: `/api/v1/volunteer-activities/${activityId}/signup`,
      payload: {},
    });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json().data.mySignup).toMatchObject({ mine: true });
    expect(
      (
        await resident({
          method: 'POST',
          url: `/api/v1/volunteer-activities/${activityId}/signup`,
          payload: {},
        })
      ).statusCode,
    ).toBe(409);
    const r2 = await member({
      method: 'POST',
      url: `/api/v1/volunteer-activities/${activityId}/signup`,
      payload: {},
    });
    expect(r2.statusCode, r2.body).toBe(200);
    // The resident sees only their own sign-up.
    const seen = (await resident({ method: 'GET', url: `/api/v1/volunteer-activities/${activityId}` })).json()
      .data;
    expect(seen.signups).toHaveLength(1);

    const desk = (
      await community({ method: 'GET', url: `/api/v1/volunteer-activities/${activityId}` })
    ).json().data;
    expect(desk.signups).toHaveLength(2);
    const memberSignup = desk.signups.find((s: { volunteerName: string }) => s.volunteerName === 'vol_mem');
    const residentSignup = desk.signups.find((s: { volunteerName: string }) => s.volunteerName === 'vol_res');
    const url = (id: number, step: string) =>
      `/api/v1/volunteer-activities/${activityId}/signups/${id}/${step}`;
    expect(
      (await community({ method: 'POST', url: url(memberSignup.id, 'confirm'), payload: { hours: 3 } }))
        .statusCode,
    ).toBe(422);
    for (const s of [memberSignup, residentSignup]) {
      expect((await community({ method: 'POST', url: url(s.id, 'check-in'), payload: {} })).statusCode).toBe(
        200,
      );
    }
    expect(
      (await community({ method: 'POST', url: url(memberSignup.id, 'confirm'), payload: { hours: 9 } }))
        .statusCode,
    ).toBe(422);
    const conf = await community({
      method: 'POST',
      url: url(memberSignup.id, 'confirm'),
      payload: { hours: 3 },
    });
    expect(conf.statusCode, conf.body).toBe(200);
    await community({ method: 'POST', url: url(residentSignup.id, 'confirm'), payload: { hours: 3 } });
    const after = conf.json().data.signups.find((s: { id: number }) => s.id === memberSignup.id);
    expect(after).toMatchObject({ hours: 3, points: 1.5 });
    const entries = await t.db
      .selectFrom('pointsEntries')
      .select(['memberId', 'orgId', 'points', 'ruleCode'])
      .where('sourceType', '=', 'volunteer_signup')
      .execute();
    expect(entries).toEqual([{ memberId, orgId: tree.b1.id, points: 1.5, ruleCode: 'volunteers.service' }]);
    const list = (await community({ method: 'GET', url: '/api/v1/volunteers' })).json().data;
    expect(list.map((v: { confirmedHours: number }) => v.confirmedHours)).toEqual([3, 3]);
  });

  it('scope: GET /api/v1/volunteer-activities/:id, POST /api/v1/volunteer-activities/:id/signups/:signupId/check-in, POST /api/v1/volunteer-activities/:id/signup, GET /api/v1/volunteers, POST /api/v1/orgs/:id/volunteer-activities', async () => {
    for (const [org, role] of [
      [tree.c2.id, 'community_secretary'],
      [tree.c3.id, 'community_secretary'],
      [tree.d2.id, 'district_admin'],
      [tree.c2.id, 'resident'],
    ] as const) {
      const c = await clientWithRole(t, role, org);
      expect((await c({ method: 'GET', url: `/api/v1/volunteer-activities/${activityId}` })).statusCode).toBe(
        404,
      );
      expect(
        (
          await c({
            method: 'POST',
            url: `/api/v1/volunteer-activities/${activityId}/signups/1/check-in`,
            payload: {},
          })
        ).statusCode,
      ).toBe(role === 'resident' ? 403 : 404);
      expect((await c({ method: 'GET', url: '/api/v1/volunteer-activities' })).json().data).toEqual([]);
    }
    const parent = await clientWithRole(t, 'street_secretary', tree.s1.id);
    expect(
      (await parent({ method: 'GET', url: `/api/v1/volunteer-activities/${activityId}` })).statusCode,
    ).toBe(200);
    const far = await clientWithRole(t, 'community_secretary', tree.c3.id);
    expect((await far({ method: 'GET', url: '/api/v1/volunteers' })).json().data).toEqual([]);
    expect(
      (
        await far({
          method: 'POST',
          url: `/api/v1/orgs/${tree.c1.id}/volunteer-activities`,
          payload: {
            title: 'x',
            description: 'y',
            startsAt: '2026-12-01T01:00:00Z',
            endsAt: '2026-12-01T02:00:00Z',
            capacity: 1,
          },
        })
      ).statusCode,
    ).toBe(404);
    // A resident of another community cannot sign up here.
    const other = await clientWithRole(t, 'resident', tree.c2.id);
    expect(
      (await other({ method: 'POST', url: `/api/v1/volunteer-activities/${activityId}/signup`, payload: {} }))
        .statusCode,
    ).toBe(404);
  });

  it('scope: POST /api/v1/orgs/:id/volunteers, POST /api/v1/volunteer-teams/:id/members, POST /api/v1/volunteer-activities/:id/signups/:signupId/confirm', async () => {
    const created = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/volunteers`,
      payload: { name: '王阿姨', skills: '理发' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const volunteerId = created.json().data.id as number;
    const team = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/volunteer-teams`,
      payload: { name: '便民理发队' },
    });
    const teamId = team.json().data.id as number;
    const signupId = (
      await community({ method: 'GET', url: `/api/v1/volunteer-activities/${activityId}` })
    ).json().data.signups[0].id as number;
    const counts = async () => ({
      volunteers: (await t.db.selectFrom('volunteers').select('id').execute()).length,
      teamMembers: (await t.db.selectFrom('volunteerTeamMembers').select('teamId').execute()).length,
    });
    const before = await counts();
    for (const [org, role] of [
      [tree.c2.id, 'community_secretary'],
      [tree.c3.id, 'community_secretary'],
      [tree.d2.id, 'district_admin'],
    ] as const) {
      const c = await clientWithRole(t, role, org);
      const add = await c({
        method: 'POST',
        url: `/api/v1/orgs/${tree.c1.id}/volunteers`,
        payload: { name: '越界志愿者' },
      });
      expect(add.statusCode, `${role}@${org}: ${add.body}`).toBe(404);
      const join = await c({
        method: 'POST',
        url: `/api/v1/volunteer-teams/${teamId}/members`,
        payload: { volunteerId },
      });
      expect(join.statusCode, `${role}@${org}: ${join.body}`).toBe(404);
      const confirm = await c({
        method: 'POST',
        url: `/api/v1/volunteer-activities/${activityId}/signups/${signupId}/confirm`,
        payload: { hours: 2 },
      });
      expect(confirm.statusCode, `${role}@${org}: ${confirm.body}`).toBe(404);
    }
    expect(await counts()).toEqual(before);
    // In scope the same team membership is accepted.
    const join = await community({
      method: 'POST',
      url: `/api/v1/volunteer-teams/${teamId}/members`,
      payload: { volunteerId },
    });
    expect([200, 201]).toContain(join.statusCode);
  });
});
