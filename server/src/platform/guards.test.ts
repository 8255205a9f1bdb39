import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, TEST_ORIGIN, type TestApp } from '../../test/app.ts';
import { serverKit } from '../../test/kit.ts';
import { buildApp } from '../app.ts';
import { listenNotice, loadConfig } from '../config.ts';
import { redactUrl } from './guards.ts';

const { t, tree, admin } = serverKit({ admin: { org: 'd1', role: 'district_admin' } });

interface Operation {
  method: string;
  path: string;
  url: string;
  op: {
    parameters?: { in: string; name: string; schema?: { type?: string } }[];
    requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  };
}

async function operations(): Promise<Operation[]> {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation['op']>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      out.push({ method: method.toUpperCase(), path, url: path.replace(/\{[^}]+\}/g, '1'), op });
    }
  }
  return out;
}

function isStringSchema(schema: unknown): boolean {
  const s = schema as { type?: string | string[]; anyOf?: unknown[]; oneOf?: unknown[] } | undefined;
  if (!s) return false;
  if (s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'))) return true;
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(isStringSchema);
}

/** 400 from the text check, in the API's shape or Open311's `[{ code, description }]`. */
function expectInvalidText(res: Awaited<ReturnType<Client>>, what: string) {
  expect(res.statusCode, `${what}: ${res.body}`).not.toBe(500);
  if ([401, 403, 404].includes(res.statusCode)) return false;
  expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
  // Open311's XML routes answer in XML: <errors><error><code>400</code>…
  if (String(res.headers['content-type']).includes('xml')) {
    expect(res.body, what).toMatch(/<code>400<\/code>/);
    expect(res.body, what).toMatch(/空字符|无效的字符|UTF-8/);
    return true;
  }
  const body = res.json();
  if (Array.isArray(body)) expect(body[0].description).toMatch(/空字符|无效的字符|UTF-8/);
  else expect(body.error.code, what).toBe('INVALID_TEXT');
  return true;
}

describe('text the database cannot hold is refused with 400 (never 500)', () => {
  it('GET /api/v1/members?q=%00 names the field in Chinese', async () => {
    const res = await admin({ method: 'GET', url: '/api/v1/members?q=%00' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'INVALID_TEXT',
      fields: { q: expect.stringContaining('关键词') },
    });
    expect(res.json().error.message).toMatch(/空字符/);
  });

  it('a NUL in every string field of every write body and every string query parameter → 400', async () => {
    let refused = 0;
    for (const { method, path, url, op } of await operations()) {
      const json = op.requestBody?.content?.['application/json']?.schema?.properties;
      if (method !== 'GET' && json) {
        for (const [name, schema] of Object.entries(json)) {
          if (!isStringSchema(schema)) continue;
          const res = await admin({ method, url, payload: { [name]: 'a\u0000b' } } as InjectOptions);
          if (expectInvalidText(res, `${method} ${path} body.${name}`)) refused++;
        }
      }
      for (const p of op.parameters ?? []) {
        if (p.in !== 'query' || !isStringSchema(p.schema)) continue;
        const res = await admin({ method, url: `${url}?${p.name}=%00` } as InjectOptions);
        if (expectInvalidText(res, `${method} ${path} ?${p.name}`)) refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('refuses lone surrogates, NUL in keys and nested values, and bytes that are not UTF-8', async () => {
    const surrogate = await admin({
      method: 'POST',
      url: `/api/v1/orgs/${tree.s1.id}/children`,
      headers: { 'content-type': 'application/json' },
      payload: '{"code":"X1","name":"\\ud800名称","kind":"branch"}',
    });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().error.fields.name).toMatch(/名称.*代理项/);
    const nested = await admin({
      method: 'POST',
      url: `/api/v1/orgs/${tree.s1.id}/children`,
      payload: { code: 'X1', name: '名称', kind: 'branch', extra: { 'k\u0000': 1 } },
    });
    expect(nested.json().error.code).toBe('INVALID_TEXT');
    const raw = Buffer.concat([
      Buffer.from('{"code":"X1","kind":"branch","name":"'),
      Buffer.from([0xe5, 0x90, 0xff]),
      Buffer.from('"}'),
    ]);
    const bytes = await admin({
      method: 'POST',
      url: `/api/v1/orgs/${tree.s1.id}/children`,
      headers: { 'content-type': 'application/json' },
      payload: raw,
    });
    expect(bytes.statusCode).toBe(400);
    expect(bytes.json().error).toMatchObject({
      code: 'INVALID_TEXT',
      fields: { name: expect.stringMatching(/名称不是有效的 UTF-8 文本/) },
    });
    const query = await admin({ method: 'GET', url: '/api/v1/members?q=%E5%90%FF' });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.fields.q).toMatch(/关键词不是有效的 UTF-8 文本/);
    const form = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'api_key=j311_not-a-real-key&service_code=property&description=%E5%90%FF',
    });
    expect(form.statusCode).toBe(400);
    expect(form.json()[0].description).toMatch(/UTF-8/);
    const count = await t.db.selectFrom('orgs').select('id').where('code', '=', 'X1').execute();
    expect(count).toEqual([]);
  });
});

describe('an update that changes nothing', () => {
  it('every PATCH route refuses {} with 400 没有要修改的内容', async () => {
    const patches = (await operations()).filter((o) => o.method === 'PATCH');
    expect(patches.length).toBeGreaterThan(3);
    for (const { path, url } of patches) {
      const res = await admin({ method: 'PATCH', url, payload: {} });
      expect(res.statusCode, `${path}: ${res.body}`).not.toBe(500);
      if (res.statusCode === 403) continue;
      expect(res.statusCode, path).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'EMPTY_UPDATE', message: '没有要修改的内容' });
    }
  });

  it('PATCH /api/v1/service-request-categories/:id {} is a 400, not a SQL error', async () => {
    const res = await admin({ method: 'PATCH', url: '/api/v1/service-request-categories/1', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('没有要修改的内容');
  });
});

describe('Cache-Control: no-store on every API answer', () => {
  it('on every GET route, signed in and anonymous, and on errors', async () => {
    const gets = t.app.routeRecords.filter((r) => r.method === 'GET' && !r.url.startsWith('/api/docs'));
    expect(gets.length).toBeGreaterThan(50);
    for (const r of gets) {
      const url = r.url.replace(/:[A-Za-z]+/g, '1');
      for (const res of [await admin({ method: 'GET', url }), await t.app.inject({ method: 'GET', url })]) {
        expect(res.headers['cache-control'], `${r.url} → ${res.statusCode}`).toBe('no-store');
      }
    }
    const errors = [
      await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      await admin({ method: 'POST', url: '/api/v1/auth/login', payload: {} }),
      await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' }),
    ];
    for (const res of errors) expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('CSRF: where writes may come from', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await buildTestApp({ database: t.database, browserOrigin: false });
  });
  afterAll(() => bare.close());

  const logout = (headers: Record<string, string>, app = bare) =>
    app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: admin.cookie, ...headers },
    });

  it('refuses a write with neither Origin nor Referer, or from another scheme, host or port', async () => {
    const cases: Record<string, string>[] = [
      {},
      { origin: 'https://localhost' },
      { origin: 'http://localhost:8080' },
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { referer: 'https://localhost/orgs' },
    ];
    for (const headers of cases) {
      const res = await logout(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('CSRF_REJECTED');
    }
    const login = await bare.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'x', password: 'y' },
    });
    expect(login.statusCode).toBe(403);
  });

  it('ignores X-Forwarded-Host and -Proto unless the proxy is trusted', async () => {
    const spoof = await logout({
      origin: 'https://evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    expect(spoof.statusCode).toBe(403);
    const proxied = await buildTestApp({
      database: t.database,
      browserOrigin: false,
      config: { trustProxy: true },
    });
    try {
      const client = await proxied.login(
        (await t.db.selectFrom('users').select('username').executeTakeFirstOrThrow()).username,
      );
      const behindProxy = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: {
          cookie: client.cookie,
          origin: 'https://jiceng.example',
          'x-forwarded-host': 'jiceng.example',
          'x-forwarded-proto': 'https',
        },
      });
      expect(behindProxy.statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('accepts its own origin (or a same-origin Referer), the configured public origin, and API keys', async () => {
    const session = await bare.login(
      (await t.db.selectFrom('users').select('username').executeTakeFirstOrThrow()).username,
    );
    const byReferer = await bare.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, referer: `${TEST_ORIGIN}/orgs` },
    });
    expect(byReferer.statusCode).toBe(200);
    const open311 = await bare.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: {
        api_key: 'j311_not-a-real-key',
        service_code: 'property',
        description: '没有来源头的热线系统',
      },
    });
    expect(open311.statusCode, open311.body).toBe(401);
    // (and a malformed Open311 body is refused in Open311's shape, not a 500: the key is checked
    // first, so an unknown key answers 401; open311.conformance.test.ts sends bad bodies with a good key)
    const malformed = await bare.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: 'j311_not-a-real-key', service_code: 7 },
    });
    expect(malformed.statusCode, malformed.body).toBe(401);
    expect(malformed.json()[0]).toMatchObject({ code: 401, description: expect.any(String) });
    const pinned = await buildTestApp({
      database: t.database,
      browserOrigin: false,
      config: { publicOrigin: 'https://jiceng.example.gov.cn' },
    });
    try {
      const local = await pinned.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { origin: TEST_ORIGIN },
        payload: { username: 'x', password: 'Wrong#Pass1' },
      });
      expect(local.statusCode).toBe(403);
      const pub = await pinned.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { origin: 'https://jiceng.example.gov.cn' },
        payload: { username: 'x', password: 'Wrong#Pass1' },
      });
      expect(pub.statusCode).toBe(401);
    } finally {
      await pinned.close();
    }
  });
});

describe('request log', () => {
  it('shows API keys, tokens and passwords in URLs as [REDACTED]', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp({
      database: t.database,
      config: { ...t.config, logLevel: 'info', logRequests: true },
      secret: Buffer.alloc(32, 7),
      serveWeb: false,
      logStream: stream,
    });
    try {
      await app.inject({ method: 'GET', url: '/open311/v2/services.json?api_key=j311_Secret0123456789&x=1' });
      await app.inject({ method: 'GET', url: '/api/v1/orgs?token=tok-abc123&apiKey=k-99&password=pw-77' });
      await app.inject({ method: 'GET', url: '/api/v1/members?q=11010519491231002X' });
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('api_key=[REDACTED]&x=1');
    for (const secret of ['j311_Secret0123456789', 'tok-abc123', 'k-99', 'pw-77', '11010519491231002X'])
      expect(log).not.toContain(secret);
    expect(redactUrl('/a?b=1&Api-Key=z#f')).toBe('/a?b=1&Api-Key=[REDACTED]#f');
    // Exact searches by ID or phone number put the number in the query: never in the log.
    expect(redactUrl('/api/v1/members?q=11010519491231002X&page=1')).toBe(
      '/api/v1/members?q=[REDACTED]&page=1',
    );
    expect(redactUrl('/api/v1/members?q=13800138000')).toBe('/api/v1/members?q=[REDACTED]');
    expect(redactUrl('/api/v1/orgs/1234567/members?page=2')).toBe('/api/v1/orgs/1234567/members?page=2');
  });
});

describe('request log in demo mode', () => {
  it('keeps request lines at debug level when JICENG_LOG_REQUESTS is off', async () => {
    const lines = async (logLevel: string) => {
      const out: string[] = [];
      const stream = new Writable({
        write(chunk, _enc, done) {
          out.push(String(chunk));
          done();
        },
      });
      const app = await buildApp({
        database: t.database,
        config: { ...t.config, logLevel, logRequests: false },
        secret: Buffer.alloc(32, 7),
        serveWeb: false,
        logStream: stream,
      });
      try {
        await app.inject({ method: 'GET', url: '/api/health' });
      } finally {
        await app.close();
      }
      return out.join('');
    };
    expect(await lines('info')).not.toContain('request completed');
    const debug = await lines('debug');
    expect(debug).toContain('incoming request');
    expect(debug).toContain('request completed');
  });
});

describe('listen address', () => {
  it('demo mode listens on 127.0.0.1 unless HOST says otherwise, and the banner says so', () => {
    const demo = loadConfig({});
    expect(demo).toMatchObject({ demo: true, host: '127.0.0.1' });
    expect(listenNotice(demo)).toMatch(/仅本机可访问.*HOST=0\.0\.0\.0/);
    const open = loadConfig({ HOST: '0.0.0.0' });
    expect(open.host).toBe('0.0.0.0');
    expect(listenNotice(open)).toMatch(/警告.*公开/);
    expect(loadConfig({ JICENG_DEMO: 'false' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', JICENG_DEMO: '' }).host).toBe('0.0.0.0');
  });
});
