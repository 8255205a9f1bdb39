import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverKit } from '../../test/kit.ts';

const { t } = serverKit({}, { tree: false });

const ROOT = path.resolve(import.meta.dirname, '../..');

function testSources(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(test|testkit)\.ts$/.test(entry.name)) out.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(ROOT, 'src'));
  return out.join('\n');
}

/** '/api/v1/orgs/:id/children' also matches '/api/v1/orgs/${org.id}/children' in a test. */
function routePattern(url: string): RegExp {
  const escaped = url
    .split(/(:[A-Za-z]+)/)
    .map((part) =>
      part.startsWith(':')
        ? '(?::[A-Za-z]+|\\$\\{[^}]+\\}|\\d+)'
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  // Called with the full path, or through a test kit that adds the /api/v1 prefix (`postOk(caller, '/x/1/y')`).
  const relative = escaped.replace(/^\/api\/v1/, '(?:/api/v1|[`\'"])');
  return new RegExp(`${relative}(?![A-Za-z/-])`);
}

describe('route registry', () => {
  it('every API route declares its access and has request and response schemas', () => {
    const api = t.app.routeRecords.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    expect(api.length).toBeGreaterThan(20);
    for (const r of api) {
      expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
      expect(r.hasResponseSchema, `${r.method} ${r.url} has no response schema`).toBe(true);
      if (r.url.includes(':')) {
        expect(r.hasRequestSchema, `${r.method} ${r.url} has no request schema`).toBe(true);
      }
    }
  });

  it('refuses to start with a route that declares no access', async () => {
    const { buildApp } = await import('../app.ts');
    const app = await buildApp({
      database: t.database,
      config: t.config,
      secret: Buffer.alloc(32, 1),
      serveWeb: false,
    });
    expect(() => app.get('/api/v1/undeclared', async () => ({}))).toThrow(/没有声明权限/);
    await app.close().catch(() => undefined);
  });

  it('every scoped route is exercised by a test (out-of-scope callers included)', () => {
    const sources = testSources();
    const missing = t.app.routeRecords
      .filter(
        (r) =>
          r.url.startsWith('/api/v1/') && !['public', 'session', 'authenticated'].includes(String(r.access)),
      )
      .filter((r) => !routePattern(r.url).test(sources))
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.paths['/api/v1/orgs/{id}']).toBeTruthy();
  });

  it('answers health, security headers and unknown API paths in the documented shapes', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/orgs' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.message).toBe('请先登录');
  });
});
