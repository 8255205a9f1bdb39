import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';
import { MAX_RANGE_DAYS, REQUESTS_LIMIT } from './open311.contract.ts';
import { createOpen311Key } from './open311.testkit.ts';

const { t, tree, sysadmin } = serverKit(
  { sysadmin: { org: 'd1', role: 'system_admin' } },
  {
    security: { mfaRequiredForAdmins: false, sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 },
  },
);
let key: string;

const SERVICE = 'property';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

beforeAll(async () => {
  ({ key } = await createOpen311Key(sysadmin, tree.s1.id));
  t.clock.set('2026-11-23T09:00:00+08:00');
});

const post = (fields: Record<string, string>, url = '/open311/v2/requests.json') =>
  t.app.inject({ method: 'POST', url, headers: FORM, payload: form({ api_key: key, ...fields }) });

const valid = {
  service_code: 'property',
  description: '小区东门路灯不亮已经三天',
  address_string: '小区东门',
};

describe('Open311: bad input answers 400 (415 for a body type) in the error array, never 500', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['missing service_code', { description: '路灯不亮', address_string: '东门' }, '服务编码为必填项'],
    ['lat out of range', { ...valid, lat: '139.9', long: '120.1' }, '纬度不能大于 90'],
    ['lat without long', { ...valid, address_string: '', lat: '30.1' }, '纬度 lat 与经度 long 须同时提供'],
    ['a foreign phone number', { ...valid, phone: '+1 415 555 0100' }, '联系电话须为中国大陆手机号'],
    ['a description over 4,000 characters', { ...valid, description: '长'.repeat(4001) }, '不能超过 4000'],
    ['an unknown attribute', { ...valid, 'attribute[WHISPER]': 'yes' }, '没有属性 WHISPER'],
    ['no location', { service_code: 'property', description: '没有地点的诉求' }, '请提供诉求地点'],
    ['a bad e-mail address', { ...valid, email: 'not-an-address' }, '电子邮箱的格式不正确'],
  ];
  for (const [name, fields, message] of cases) {
    it(`POST with ${name}`, async () => {
      const res = await post(fields);
      expect(res.statusCode, res.body).toBe(400);
      const body = res.json();
      expect(body).toHaveLength(1);
      expect(body[0].code).toBe(400);
      expect(body[0].description).toContain(message);
    });
  }

  it('accepts a +86 phone (stored as 11 digits), no description, and 3,000 characters', async () => {
    const plus86 = await post({ ...valid, phone: '+86 138-0000-2222' });
    expect(plus86.statusCode, plus86.body).toBe(201);
    const stored = await t.db
      .selectFrom('serviceRequests')
      .select('contactPhoneHash')
      .where('id', '=', Number(plus86.json()[0].service_request_id))
      .executeTakeFirstOrThrow();
    expect(stored.contactPhoneHash).toBe(
      (await import('../../../test/app.ts')).testCrypto.blindIndex('13800002222'),
    );
    const bare = await post({ service_code: 'property', lat: '30.27', long: '120.15' });
    expect(bare.statusCode, bare.body).toBe(201);
    const long = await post({ ...valid, description: '描'.repeat(3000) });
    expect(long.statusCode, long.body).toBe(201);
    const read = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests/${long.json()[0].service_request_id}.json?api_key=${key}`,
    });
    expect(read.json()[0].description).toHaveLength(3000);
  });

  it('GET with a bad id, status or date; a date alone is a W3C date and accepted', async () => {
    for (const [query, message] of [
      ['service_request_id=abc', '诉求编号须为数字'],
      ['status=pending', '状态只能是 open 或 closed'],
      ['start_date=yesterday', 'W3C 日期时间'],
    ]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/open311/v2/requests.json?api_key=${key}&${query}`,
      });
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(res.json()[0]).toMatchObject({ code: 400 });
      expect(res.json()[0].description).toContain(message);
    }
    const dateOnly = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?api_key=${key}&start_date=2026-11-23&end_date=2026-11-23`,
    });
    expect(dateOnly.statusCode, dateOnly.body).toBe(200);
    expect(dateOnly.json().length).toBeGreaterThan(0);
    const before = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?api_key=${key}&end_date=2026-11-22`,
    });
    expect(before.json()).toEqual([]);
  });

  it('malformed JSON is 400; multipart and text/xml bodies are 415', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: `{"api_key":"${key}",`,
    });
    expect(json.statusCode).toBe(400);
    expect(json.json()[0].code).toBe(400);
    const multipart = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: `--x\r\nContent-Disposition: form-data; name="api_key"\r\n\r\n${key}\r\n--x--\r\n`,
    });
    expect(multipart.statusCode).toBe(415);
    expect(multipart.json()[0]).toMatchObject({ code: 415 });
    const xml = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'text/xml' },
      payload: '<request/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body).toContain('<errors><error><code>415</code>');
  });

  it('a bad key is 401 whatever the body holds', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: form({ api_key: 'j311_not-a-real-key', description: 'x' }),
    });
    expect(res.statusCode).toBe(401);
  });

  it('unknown paths, other methods and non-numeric ids under /open311/v2/ answer in the error array', async () => {
    for (const [method, url] of [
      ['GET', '/open311/v2/nothing.json'],
      ['GET', `/open311/v2/requests/abc.json?api_key=${key}`],
      ['DELETE', '/open311/v2/requests.json'],
      ['GET', '/api/v1/open311/v2/nothing.json'],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toEqual([{ code: 404, description: expect.stringContaining('接口不存在') }]);
    }
    const xml = await t.app.inject({ method: 'GET', url: '/open311/v2/requests/abc.xml' });
    expect(xml.statusCode).toBe(404);
    expect(xml.body).toContain('<errors><error><code>404</code>');
  });
});

describe('Open311: XML as well as JSON', () => {
  it('serves services, requests, one request, POST and discovery as XML, escaped', async () => {
    const services = await t.app.inject({ method: 'GET', url: `/open311/v2/services.xml?api_key=${key}` });
    expect(services.statusCode).toBe(200);
    expect(services.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(services.body).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>/,
    );

    const posted = await post({ ...valid, description: '井盖<缺失> & "危险"' }, '/open311/v2/requests.xml');
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.headers['content-type']).toContain('text/xml');
    const id = /<service_request_id>(\d+)<\/service_request_id>/.exec(posted.body)?.[1];
    expect(id).toBeDefined();

    const one = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml?api_key=${key}` });
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('<service_requests><request>');
    expect(one.body).toContain('<description>井盖&lt;缺失&gt; &amp; &quot;危险&quot;</description>');
    expect(one.body).toContain('<zipcode/>');

    const list = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.xml?api_key=${key}&service_request_id=${id}`,
    });
    expect(list.body.match(/<request>/g)).toHaveLength(1);

    const discovery = await t.app.inject({ method: 'GET', url: '/open311/discovery.xml' });
    expect(discovery.statusCode).toBe(200);
    expect(discovery.body).toContain(
      '<formats><format>text/xml</format><format>application/json</format></formats>',
    );
    const json = (await t.app.inject({ method: 'GET', url: '/open311/discovery.json' })).json();
    expect(json.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://localhost:80/open311/v2',
      formats: ['text/xml', 'application/json'],
    });
    expect(json.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('Open311: service definitions, attributes, photo link and e-mail', () => {
  it('a service with attributes has metadata; POST values are checked, stored and shown on the desk', async () => {
    const noAttrs = await sysadmin({
      method: 'PUT',
      url: `/api/v1/open311-services/${SERVICE}/attributes`,
      payload: {
        attributes: [{ code: 'FLOOR', datatype: 'singlevaluelist', required: true, description: '楼层' }],
      },
    });
    expect(noAttrs.statusCode).toBe(422);
    const secretary = await clientWithRole(t, 'street_secretary', tree.s1.id);
    const refused = await secretary({
      method: 'PUT',
      url: `/api/v1/open311-services/${SERVICE}/attributes`,
      payload: { attributes: [] },
    });
    expect(refused.statusCode).toBe(403);
    const put = await sysadmin({
      method: 'PUT',
      url: `/api/v1/open311-services/${SERVICE}/attributes`,
      payload: {
        attributes: [
          {
            code: 'WHERE',
            datatype: 'singlevaluelist',
            required: true,
            description: '问题位置',
            values: [
              { key: 'in', name: '楼内' },
              { key: 'out', name: '楼外' },
            ],
          },
          { code: 'COUNT', datatype: 'number', required: false, description: '损坏数量' },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);

    const services = (
      await t.app.inject({ method: 'GET', url: `/open311/v2/services.json?api_key=${key}` })
    ).json();
    expect(services.find((s: { service_code: string }) => s.service_code === 'property').metadata).toBe(true);
    const definition = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/services/property.json?api_key=${key}`,
    });
    expect(definition.json()).toMatchObject({
      service_code: 'property',
      attributes: [
        { code: 'WHERE', datatype: 'singlevaluelist', required: true, order: 1, variable: true },
        { code: 'COUNT', datatype: 'number', required: false, order: 2, values: [] },
      ],
    });
    // The settings page reads every service with its definition; officials below the district do not.
    const settings = await sysadmin({ method: 'GET', url: '/api/v1/open311-services' });
    expect(settings.statusCode, settings.body).toBe(200);
    const property = settings
      .json()
      .data.find((s: { service_code: string }) => s.service_code === 'property');
    expect(property).toMatchObject({ metadata: true, attributes: [{ code: 'WHERE' }, { code: 'COUNT' }] });
    expect(settings.json().data.filter((s: { metadata: boolean }) => s.metadata)).toHaveLength(1);
    expect((await secretary({ method: 'GET', url: '/api/v1/open311-services' })).statusCode).toBe(403);
    const xml = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/services/property.xml?api_key=${key}`,
    });
    expect(xml.body).toContain('<values><value><key>in</key><name>楼内</name></value>');
    const unknown = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/services/nope.json?api_key=${key}`,
    });
    expect(unknown.statusCode).toBe(404);

    const missing = await post(valid);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()[0].description).toContain('缺少必填属性「问题位置」');
    const badKey = await post({ ...valid, 'attribute[WHERE]': 'roof' });
    expect(badKey.json()[0].description).toContain('没有可选值 roof');
    const badNumber = await post({ ...valid, 'attribute[WHERE]': 'in', 'attribute[COUNT]': 'many' });
    expect(badNumber.json()[0].description).toContain('须为数字');

    const ok = await post({
      ...valid,
      'attribute[WHERE]': 'out',
      'attribute[COUNT]': '2',
      media_url: 'https://hotline.example.cn/photos/1.jpg',
      email: 'Zhao.Ming@example.cn',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json()[0].service_request_id;
    const stored = await t.db
      .selectFrom('open311RequestDetails')
      .selectAll()
      .where('requestId', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('example.cn/photos/1.jpgZhao');
    expect(stored.emailEnc).not.toContain('zhao');
    const read = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json?api_key=${key}` });
    expect(read.json()[0].media_url).toBe('https://hotline.example.cn/photos/1.jpg');
    expect(read.body).not.toContain('example.cn"');
    expect(read.body.toLowerCase()).not.toContain('zhao.ming');

    const community = await clientWithRole(t, 'community_secretary', tree.s1.id);
    const desk = await community({ method: 'GET', url: `/api/v1/service-requests/${id}/open311` });
    expect(desk.statusCode, desk.body).toBe(200);
    expect(desk.json().data).toEqual({
      mediaUrl: 'https://hotline.example.cn/photos/1.jpg',
      email: 'z***@example.cn',
      addressId: null,
      attributes: [
        { code: 'WHERE', description: '问题位置', values: ['楼外'] },
        { code: 'COUNT', description: '损坏数量', values: ['2'] },
      ],
    });
    const outsider = await clientWithRole(t, 'community_secretary', tree.c3.id);
    expect(
      (await outsider({ method: 'GET', url: `/api/v1/service-requests/${id}/open311` })).statusCode,
    ).toBe(404);
    expect(
      (
        await outsider({
          method: 'POST',
          url: `/api/v1/service-requests/${id}/open311/reveal-email`,
          payload: { reason: '回访核实' },
        })
      ).statusCode,
    ).toBe(404);
    const revealed = await community({
      method: 'POST',
      url: `/api/v1/service-requests/${id}/open311/reveal-email`,
      payload: { reason: '回访核实' },
    });
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json().data.email).toBe('zhao.ming@example.cn');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'objectId', 'detail'])
      .where('action', '=', 'open311.reveal_email')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].detail)).toContain('回访核实');

    // Clear the definition so the other tests post without attributes.
    await sysadmin({
      method: 'PUT',
      url: `/api/v1/open311-services/${SERVICE}/attributes`,
      payload: { attributes: [] },
    });
  });
});

describe('Open311: filters, limits and jurisdiction', () => {
  it('service_request_id overrides the other filters; jurisdiction_id is checked; ranges over 90 days are refused', async () => {
    const posted = await post(valid);
    const id = posted.json()[0].service_request_id;
    const byId = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?api_key=${key}&service_request_id=${id}&status=closed&service_code=none`,
    });
    expect(byId.json().map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);
    const inside = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?api_key=${key}&jurisdiction_id=D1-S1-C1`,
    });
    expect(inside.statusCode).toBe(200);
    const outside = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?api_key=${key}&jurisdiction_id=D2-S1-C1`,
    });
    expect(outside.statusCode).toBe(404);
    expect(outside.json()[0].code).toBe(404);
    const long = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?api_key=${key}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`,
    });
    expect(long.statusCode).toBe(400);
    expect(long.json()[0].description).toContain(`最多相隔 ${MAX_RANGE_DAYS} 天`);
  });

  it(`cuts a list at ${REQUESTS_LIMIT} and says so in X-Open311-Truncated`, async () => {
    const short = await t.app.inject({ method: 'GET', url: `/open311/v2/requests.json?api_key=${key}` });
    expect(short.headers['x-open311-truncated']).toBeUndefined();
    const source = await t.db
      .selectFrom('serviceRequests')
      .selectAll()
      .where('orgPath', 'like', `${tree.s1.path}%`)
      .executeTakeFirstOrThrow();
    const { id: _id, ...row } = source;
    const copies = Array.from({ length: REQUESTS_LIMIT }, (_, i) => ({ ...row, code: `COPY${i}` }));
    await t.db.insertInto('serviceRequests').values(copies).execute();
    const full = await t.app.inject({ method: 'GET', url: `/open311/v2/requests.json?api_key=${key}` });
    expect(full.statusCode).toBe(200);
    expect(full.json()).toHaveLength(REQUESTS_LIMIT);
    expect(full.headers['x-open311-truncated']).toBe(String(REQUESTS_LIMIT));
  });
});

describe('Open311: JICENG_OPEN311_PUBLIC_READ', () => {
  it('off: every read needs a key; on: reads go without one, carry no personal data, writes still need a key', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json' })).statusCode).toBe(401);
    const posted = await post({
      ...valid,
      first_name: '明',
      last_name: '钱',
      phone: '13900003333',
      email: 'qian@example.cn',
      address_id: 'ADDR-7',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const id = posted.json()[0].service_request_id;
    const pub = await buildTestApp({
      database: t.database,
      config: { ...t.config, open311PublicRead: true },
    });
    try {
      for (const url of [
        '/open311/v2/services.json',
        `/open311/v2/requests.json?service_request_id=${id}`,
        `/open311/v2/requests/${id}.json`,
        `/open311/v2/requests/${id}.xml`,
      ]) {
        const res = await pub.app.inject({ method: 'GET', url });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        for (const personal of ['钱', '13900003333', '3333', 'qian@', 'qian'])
          expect(res.body).not.toContain(personal);
      }
      const one = (await pub.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json()[0];
      expect(one.address_id).toBe('ADDR-7');
      const write = await pub.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: FORM,
        payload: form(valid),
      });
      expect(write.statusCode).toBe(401);
      expect(
        (await pub.app.inject({ method: 'GET', url: '/open311/v2/servicerequestupdates.json' })).statusCode,
      ).toBe(401);
      const badKey = await pub.app.inject({
        method: 'GET',
        url: '/open311/v2/requests.json?api_key=j311_not-a-real-key',
      });
      expect(badKey.statusCode).toBe(401);
    } finally {
      await pub.app.close();
    }
  });
});
