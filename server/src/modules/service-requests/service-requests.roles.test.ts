import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, insertOrg, insertTwoDistricts, type TestApp } from '../../../test/app.ts';
import { clientWithRole } from '../../../test/scope.ts';
import { type Permission, ROLE_PERMISSIONS, type Role } from '../../platform/permissions.ts';

/**
 * The community-governance roles (网格员, 楼栋长, 共建单位联络员): exactly their permissions, granted
 * only where they belong, and in the routes a grid worker reaches the requests and members of the
 * grid and nothing outside it (404) or beyond it (403).
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof insertTwoDistricts>>;
let grid2: { id: number; path: string };
let building: { id: number; path: string };
let unitOrg: { id: number; path: string };
let categoryId: number;
let gridWorker: Client;
let community: Client;

const body = (extra: Record<string, unknown> = {}) => ({
  categoryId,
  title: '井盖松动',
  description: '3号楼门口井盖松动，有安全隐患',
  contactName: '王大爷',
  ...extra,
});
const submitAs = async (client: Client, orgId: number, extra: Record<string, unknown> = {}) =>
  client({ method: 'POST', url: `/api/v1/orgs/${orgId}/service-requests`, payload: body(extra) });

beforeAll(async () => {
  t = await buildTestApp({ security: { mfaRequiredForAdmins: false } });
  tree = await insertTwoDistricts(t.db);
  grid2 = await insertOrg(t.db, { code: 'D1-S1-C1-B2', parentId: tree.c1.id, kind: 'branch', level: 'grid' });
  building = await insertOrg(t.db, {
    code: 'D1-S1-C1-B1-L1',
    parentId: tree.b1.id,
    kind: 'group',
    level: 'building',
  });
  unitOrg = await insertOrg(t.db, {
    code: 'D1-S1-U1',
    parentId: tree.s1.id,
    kind: 'branch',
    level: null,
    unitType: 'state_enterprise',
  });
  t.clock.set('2026-11-16T09:00:00+08:00');
  community = await clientWithRole(t, 'community_secretary', tree.c1.id);
  gridWorker = await clientWithRole(t, 'grid_worker', tree.b1.id);
  const cats = await community({ method: 'GET', url: '/api/v1/service-request-categories' });
  categoryId = cats.json().data[0].id;
}, 120_000);

afterAll(async () => t?.close());

const EXPECTED: Record<'grid_worker' | 'building_leader' | 'unit_liaison', Permission[]> = {
  grid_worker: [
    'orgs.read',
    'members.read',
    'service_requests.read',
    'service_requests.submit',
    'service_requests.handle',
    'service_requests.escalate',
    'service_centers.read',
    'service_centers.book',
  ],
  building_leader: [
    'orgs.read',
    'service_requests.submit',
    'service_requests.confirm',
    'service_centers.read',
    'service_centers.book',
  ],
  unit_liaison: [
    'orgs.read',
    'co_building.read',
    'dual_reporting.read',
    'dual_reporting.unit',
    'volunteers.participate',
    'service_centers.read',
    'service_centers.book',
  ],
};

describe('community-governance roles', () => {
  it.each(Object.entries(EXPECTED))('%s holds exactly its permissions', (role, expected) => {
    expect([...ROLE_PERMISSIONS[role as Role]].sort()).toEqual([...expected].sort());
    // Nothing that reveals personal data, configures, exports or manages accounts.
    for (const p of ROLE_PERMISSIONS[role as Role]) {
      expect(p).not.toMatch(/reveal|export|configure|manage|accounts\.|audit\.|roles\./);
    }
  });

  it('is granted only where it belongs: a grid, a building, a unit', async () => {
    const sec = await clientWithRole(t, 'security_admin', tree.d1.id);
    const sys = await clientWithRole(t, 'system_admin', tree.d1.id);
    const created = await sys({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/accounts`,
      payload: { username: 'gridw', displayName: '网格员 孙' },
    });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const id = created.json().data.account.id;
    const grant = (role: Role, orgId: number) =>
      sec({ method: 'POST', url: `/api/v1/accounts/${id}/role-grants`, payload: { role, orgId } });
    const cases: [Role, number, number][] = [
      ['grid_worker', tree.c1.id, 422],
      ['building_leader', tree.b1.id, 422],
      ['unit_liaison', tree.c1.id, 422],
      ['grid_worker', tree.b1.id, 201],
      ['building_leader', building.id, 201],
      ['unit_liaison', unitOrg.id, 201],
    ];
    for (const [role, orgId, status] of cases) {
      const res = await grant(role, orgId);
      expect(res.statusCode, `${role} on ${orgId}: ${res.body}`).toBe(status);
      if (status === 422) expect(res.json().error.fields.orgId).toMatch(/只能在/);
    }
  });

  it('a grid worker reports and handles the requests of the grid; outside it they do not exist', async () => {
    const mine = await submitAs(gridWorker, tree.b1.id);
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json().data).toMatchObject({ source: 'grid_worker', handlingLevel: 'grid' });
    const other = (await submitAs(community, grid2.id)).json().data.id as number;
    const atCommunity = (await submitAs(community, tree.c1.id)).json().data.id as number;
    const id = mine.json().data.id as number;

    type Call = [string, 'GET' | 'POST', string, Record<string, unknown> | undefined, number];
    const calls: Call[] = [
      ['reads its request', 'GET', `/api/v1/service-requests/${id}`, undefined, 200],
      ['reads the grid members', 'GET', `/api/v1/members?orgId=${tree.b1.id}`, undefined, 200],
      ['another grid request', 'GET', `/api/v1/service-requests/${other}`, undefined, 404],
      ['a community request', 'GET', `/api/v1/service-requests/${atCommunity}`, undefined, 404],
      ['its photo', 'GET', `/api/v1/service-requests/${other}/photo`, undefined, 404],
      [
        'handles another grid',
        'POST',
        `/api/v1/service-requests/${other}/complete`,
        { resolution: '已处理' },
        404,
      ],
      ['reports in another grid', 'POST', `/api/v1/orgs/${grid2.id}/service-requests`, body(), 404],
      ['reports at the community', 'POST', `/api/v1/orgs/${tree.c1.id}/service-requests`, body(), 404],
      ['members of the community', 'GET', `/api/v1/members?orgId=${tree.c1.id}`, undefined, 404],
      ['members of another district', 'GET', `/api/v1/members?orgId=${tree.c3.id}`, undefined, 404],
      ['figures', 'GET', '/api/v1/service-requests/stats?from=2026-11-01&to=2026-11-30', undefined, 403],
      ['the cockpit', 'GET', `/api/v1/cockpit?orgId=${tree.b1.id}`, undefined, 403],
      [
        'overdue sweep of the grid',
        'POST',
        `/api/v1/orgs/${tree.b1.id}/service-requests/escalate-overdue`,
        {},
        200,
      ],
      [
        'overdue sweep above it',
        'POST',
        `/api/v1/orgs/${tree.c1.id}/service-requests/escalate-overdue`,
        {},
        404,
      ],
      ['categories config', 'POST', '/api/v1/service-request-categories', { code: 'x_y', name: '新' }, 403],
      ['the audit log', 'GET', '/api/v1/audit', undefined, 403],
      [
        'completes its request',
        'POST',
        `/api/v1/service-requests/${id}/complete`,
        { resolution: '已紧固井盖' },
        200,
      ],
    ];
    for (const [what, method, url, payload, status] of calls) {
      const res = await gridWorker({ method, url, payload });
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
    }
    // The queue holds the grid's requests only.
    const list = (await gridWorker({ method: 'GET', url: '/api/v1/service-requests?pageSize=100' })).json();
    const ids = list.data.map((r: { id: number }) => r.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(other);
    expect(ids).not.toContain(atCommunity);
    // Escalated, it goes to the community: still visible in the grid, no longer the grid's to act on.
    const next = (await submitAs(gridWorker, tree.b1.id)).json().data.id as number;
    const up = await gridWorker({
      method: 'POST',
      url: `/api/v1/service-requests/${next}/escalate`,
      payload: {},
    });
    expect(up.json().data).toMatchObject({ handlingLevel: 'community', handlingOrgId: tree.c1.id });
    const after = await gridWorker({ method: 'GET', url: `/api/v1/service-requests/${next}` });
    expect(after.json().data.abilities).toMatchObject({ complete: false, escalate: false });
    expect(
      (
        await gridWorker({
          method: 'POST',
          url: `/api/v1/service-requests/${next}/complete`,
          payload: { resolution: '好了' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('a building leader reports for the building (placed at its grid) and sees only what they reported', async () => {
    const leader = await clientWithRole(t, 'building_leader', building.id);
    const res = await submitAs(leader, building.id, { contactName: undefined });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ orgId: tree.b1.id, handlingLevel: 'grid', source: 'resident' });
    const list = (await leader({ method: 'GET', url: '/api/v1/service-requests' })).json();
    expect(list.data.map((r: { id: number }) => r.id)).toEqual([res.json().data.id]);
    const others = (await submitAs(gridWorker, tree.b1.id)).json().data.id;
    expect((await leader({ method: 'GET', url: `/api/v1/service-requests/${others}` })).statusCode).toBe(404);
    expect((await submitAs(leader, tree.b1.id)).statusCode).toBe(404);
  });

  it('a unit liaison sees co-building, not the request desk', async () => {
    const liaison = await clientWithRole(t, 'unit_liaison', unitOrg.id);
    expect((await liaison({ method: 'GET', url: '/api/v1/co-building/units' })).statusCode).toBe(200);
    expect((await submitAs(liaison, unitOrg.id)).statusCode).toBe(403);
    const list = await liaison({ method: 'GET', url: '/api/v1/service-requests' });
    expect(list.json().data).toEqual([]);
    expect((await liaison({ method: 'GET', url: `/api/v1/members?orgId=${unitOrg.id}` })).statusCode).toBe(
      403,
    );
  });
});
