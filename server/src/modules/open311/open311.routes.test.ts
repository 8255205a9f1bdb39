import { beforeAll, describe, expect, it, vi } from 'vitest';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';
import { createOpen311Key } from './open311.testkit.ts';

const { t, tree, sysadmin } = serverKit(
  { sysadmin: { org: 'd1', role: 'system_admin' } },
  {
    security: { mfaRequiredForAdmins: false, sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 },
  },
);
let key: string;
let keyId: number;

beforeAll(async () => {
  ({ key, id: keyId } = await createOpen311Key(sysadmin, tree.s1.id));
});

describe('Open311 GeoReport v2 round trip', () => {
  it('refuses calls without a valid key and stores only a hash', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' })).statusCode).toBe(401);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/services.json?api_key=j311_not-a-real-key',
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()[0].code).toBe(401);
    const stored = await t.db.selectFrom('open311ApiKeys').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    const list = await sysadmin({ method: 'GET', url: '/api/v1/open311-keys' });
    expect(list.body).not.toContain(key);
  });

  it('answers at the standard root path and under the API prefix alike; root refusals are audited', async () => {
    const root = await t.app.inject({ method: 'GET', url: `/open311/v2/services.json?api_key=${key}` });
    const prefixed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/open311/v2/services.json?api_key=${key}`,
    });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toContain('application/json');
    expect(prefixed.json()).toEqual(root.json());
    const refused = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: 'j311_not-a-real-key', service_code: 'property', description: '无效密钥提交' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual([{ code: 401, description: '接口密钥无效或已停用' }]);
    // The refusal is audited by an onResponse hook, which may still be writing when inject returns.
    await vi.waitFor(async () => {
      const audit = await t.db
        .selectFrom('auditLog')
        .select(['action', 'outcome', 'objectId'])
        .where('action', '=', 'open311.request')
        .execute();
      expect(audit).toContainEqual({
        action: 'open311.request',
        outcome: 'denied',
        objectId: 'POST /open311/v2/requests.json',
      });
    });
  });

  it('posts a request (form-encoded), reads it back, and exchanges updates both ways', async () => {
    t.clock.set('2026-11-23T09:00:00+08:00');
    const services = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/services.json?api_key=${key}`,
    });
    expect(services.statusCode).toBe(200);
    const code = services.json()[0].service_code;

    const form = new URLSearchParams({
      api_key: key,
      jurisdiction_id: 'D1-S1-C1',
      service_code: code,
      description: '小区东门路灯不亮已经三天',
      address_string: '小区东门',
      lat: '30.2741',
      long: '120.1551',
      first_name: '明',
      last_name: '赵',
      phone: '13800001111',
    });
    const posted = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const id = posted.json()[0].service_request_id;

    const one = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests/${id}.json?api_key=${key}`,
    });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()[0]).toMatchObject({
      status: 'open',
      service_code: code,
      address: '小区东门',
      lat: 30.2741,
    });
    expect(one.body).not.toContain('13800001111');
    const list = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?api_key=${key}&status=open`,
    });
    expect(list.json().map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);

    // The community official sees it on the desk as a hotline request and transfers it.
    const community = await clientWithRole(t, 'community_secretary', tree.c1.id);
    const desk = await community({ method: 'GET', url: `/api/v1/service-requests/${id}` });
    expect(desk.json().data).toMatchObject({
      source: 'hotline',
      contactName: '赵明',
      contactPhone: '138****1111',
    });
    await community({
      method: 'POST',
      url: `/api/v1/service-requests/${id}/transfer`,
      payload: { reason: '需供电所维修', nextRoute: '转供电所' },
    });

    // The hotline pulls our updates …
    const ours = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.json?api_key=${key}&service_request_id=${id}`,
    });
    expect(
      ours
        .json()
        .map((u: { description: string }) => u.description)
        .join(),
    ).toContain('转供电所');

    // … and posts its own back (JSON this time); the same update_id twice is recorded once.
    const update = {
      api_key: key,
      service_request_id: id,
      update_id: 'HX-1',
      status: 'CLOSED',
      description: '热线回访：已修复',
    };
    const first = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/servicerequestupdates.json',
      payload: update,
    });
    expect(first.statusCode, first.body).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/servicerequestupdates.json',
      payload: update,
    });
    expect(again.json()[0].update_id).toBe(first.json()[0].update_id);
    const after = (await community({ method: 'GET', url: `/api/v1/service-requests/${id}` })).json().data;
    expect(after.status).toBe('resolved');
    expect(after.events.filter((e: { kind: string }) => e.kind === 'hotline_update')).toHaveLength(1);
    const closed = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests/${id}.json?api_key=${key}`,
    });
    expect(closed.json()[0].status).toBe('closed');
  });

  it('keeps a key inside its organization subtree, and a revoked key stops working', async () => {
    const outside = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: {
        api_key: key,
        jurisdiction_id: 'D2-S1-C1',
        service_code: 'property',
        description: '跨区提交的诉求内容',
      },
    });
    expect(outside.statusCode).toBe(400);
    const c3 = await clientWithRole(t, 'community_secretary', tree.c3.id);
    const foreign = await c3({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c3.id}/service-requests`,
      payload: {
        categoryId: 1,
        title: '外区诉求',
        description: '外区的诉求内容',
        source: 'service_desk',
        contactName: '钱',
      },
    });
    const foreignId = foreign.json().data.id;
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests/${foreignId}.json?api_key=${key}`,
    });
    expect(hidden.statusCode).toBe(404);
    const upd = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/servicerequestupdates.json',
      payload: { api_key: key, service_request_id: String(foreignId), status: 'open', description: '越权' },
    });
    expect(upd.statusCode).toBe(404);
    // Only the system administrator manages keys.
    const secretary = await clientWithRole(t, 'street_secretary', tree.s1.id);
    expect((await secretary({ method: 'GET', url: '/api/v1/open311-keys' })).statusCode).toBe(403);
    const revoked = await sysadmin({ method: 'POST', url: `/api/v1/open311-keys/${keyId}/revoke` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().data.revokedAt).not.toBeNull();
    expect(
      (await t.app.inject({ method: 'GET', url: `/open311/v2/services.json?api_key=${key}` })).statusCode,
    ).toBe(401);
  });
});
