import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, insertTwoDistricts, type TestApp } from '../../test/app.ts';
import { clientWithRole, type ScopeTree } from '../../test/scope.ts';
import { hitRateLimit } from './rate-limit.ts';

// security.md AS-07 / DB-AUTH-04: limits counted in the database, atomically, shared by every
// app process, with Retry-After on every 429.

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ security: { loginRateLimit: 30, loginRateWindowMinutes: 5 } });
  });
  afterAll(() => t.close());

  it('lets exactly the limit through when 40 attempts arrive at once; every 429 has Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `nobody${i}`, password: 'Wrong#Pass1' },
          remoteAddress: '203.0.113.7',
        }),
      ),
    );
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(answers.length - limited.length).toBe(30);
    expect(limited).toHaveLength(10);
    for (const r of limited) {
      expect(r.json().error.code).toBe('RATE_LIMITED');
      expect(r.json().error.message).toMatch(/登录尝试过于频繁/);
      const after = Number(r.headers['retry-after']);
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThanOrEqual(300);
    }
    // Another address is not affected; the window's end lets this one in again.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'Wrong#Pass1' },
      remoteAddress: '203.0.113.8',
    });
    expect(other.statusCode).toBe(401);
    t.clock.advanceMinutes(5);
    const later = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'Wrong#Pass1' },
      remoteAddress: '203.0.113.7',
    });
    expect(later.statusCode).toBe(401);
  });

  it('counts atomically under concurrency and answers the seconds left in the window', async () => {
    const now = new Date('2026-12-07T10:00:10Z');
    const hits = await Promise.all(
      Array.from({ length: 25 }, () => hitRateLimit(t.db, 'ip', 'atomic', 20, 60, now)),
    );
    expect(hits.filter((h) => !h.limited)).toHaveLength(20);
    expect(hits.map((h) => h.hits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    expect(hits[0]?.retryAfterSeconds).toBe(50);
    const next = await hitRateLimit(t.db, 'ip', 'atomic', 20, 60, new Date('2026-12-07T10:01:00Z'));
    expect(next).toMatchObject({ hits: 1, limited: false, retryAfterSeconds: 60 });
  });
});

describe('request limits per session, API key and client IP, across app processes', () => {
  let t: TestApp;
  let second: TestApp;
  let tree: ScopeTree;
  const rateLimits = { windowSeconds: 60, perSession: 5, perApiKey: 3, perIp: 4 };

  beforeAll(async () => {
    t = await buildTestApp({ config: { rateLimits } });
    // A second app process over the same database.
    second = await buildTestApp({ config: { rateLimits }, database: t.database });
    tree = await insertTwoDistricts(t.db);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('limits a session on every process together, with Retry-After and a Chinese message', async () => {
    const client = await clientWithRole(t, 'district_admin', tree.d1.id);
    const onSecond = Object.assign(
      (opts: Parameters<typeof client>[0]) =>
        second.app.inject({ ...opts, headers: { cookie: client.cookie, ...(opts.headers ?? {}) } }),
      { cookie: client.cookie },
    );
    for (let i = 0; i < 3; i++)
      expect((await client({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect((await onSecond({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    }
    const limited = await onSecond({ method: 'GET', url: '/api/v1/orgs' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.json().error.message).toMatch(/请求过于频繁/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await client({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(429);
    // Another session has its own budget.
    const other = await clientWithRole(t, 'street_secretary', tree.s1.id);
    expect((await other({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    t.clock.advanceMinutes(1);
    second.clock.advanceMinutes(1);
    expect((await client({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
  });

  it('limits anonymous callers per client IP', async () => {
    const call = () => t.app.inject({ method: 'GET', url: '/api/v1/orgs', remoteAddress: '198.51.100.4' });
    for (let i = 0; i < 4; i++) expect((await call()).statusCode).toBe(401);
    const limited = await call();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeTruthy();
    // Health checks are never counted.
    const health = await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '198.51.100.4' });
    expect(health.statusCode).toBe(200);
  });

  it('limits Open311 callers per API key, not per address', async () => {
    const sysadmin = await clientWithRole(t, 'system_admin', tree.d1.id);
    const created = await sysadmin({
      method: 'POST',
      url: `/api/v1/orgs/${tree.s1.id}/open311-keys`,
      payload: { name: '12345 市民热线' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const key: string = created.json().data.key;
    const call = (remoteAddress: string, process = t) =>
      process.app.inject({ method: 'GET', url: `/open311/v2/services.json?api_key=${key}`, remoteAddress });
    expect((await call('192.0.2.1')).statusCode).toBe(200);
    expect((await call('192.0.2.2', second)).statusCode).toBe(200);
    expect((await call('192.0.2.3')).statusCode).toBe(200);
    const limited = await call('192.0.2.4', second);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeTruthy();
    expect(limited.json()[0]).toMatchObject({ code: 429 });
  });
});
