import { beforeAll, describe, expect, it } from 'vitest';
import { serverKit } from '../../test/kit.ts';

const { t } = serverKit({}, { tree: false });
type Operation = {
  operationId?: string;
  summary?: string;
  security?: Record<string, unknown>[];
  responses: Record<string, { $ref?: string }>;
};
let doc: {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, unknown>;
    securitySchemes: object;
  };
};
let operations: [string, Operation][];

beforeAll(async () => {
  doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
});

describe('the OpenAPI document', () => {
  it('gives every operation a unique module.action operationId and a Chinese summary', () => {
    expect(operations.length).toBeGreaterThan(200);
    const missing = operations.filter(([, op]) => !op.operationId || !op.summary).map(([key]) => key);
    expect(missing, '在 <module>.docs.ts 中补上这些接口的 operationId 与摘要').toEqual([]);
    const ids = operations.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [key, op] of operations) {
      expect(op.operationId, key).toMatch(/^[a-z0-9-]+\.[a-z][A-Za-z0-9]*$/);
      expect(op.summary, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('applies the session cookie to signed-in routes and the Open311 key to GeoReport routes', () => {
    const byKey = Object.fromEntries(operations);
    expect(byKey['GET /api/v1/orgs/{id}'].security).toEqual([{ session: [] }]);
    expect(byKey['POST /api/v1/auth/login'].security).toEqual([]);
    expect(byKey['POST /open311/v2/requests.json'].security).toEqual([{ open311ApiKey: [] }]);
    expect(byKey['GET /open311/v2/requests.xml'].operationId).toBe('open311.listRequestsXml');
    expect(byKey['GET /open311/discovery.json'].security).toEqual([]);
    expect(doc.components.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie' },
      open311ApiKey: { type: 'apiKey', in: 'query', name: 'api_key' },
    });
    // The GeoReport copies under the API prefix are served but not documented twice.
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/open311/v2/'))).toEqual([]);
  });

  it('names the shared error responses and the error body as components', () => {
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      properties: { error: { type: 'object' } },
    });
    for (const name of [
      'BadRequest',
      'Unauthorized',
      'Forbidden',
      'NotFound',
      'Conflict',
      'UnprocessableEntity',
      'TooManyRequests',
    ]) {
      expect(doc.components.responses[name], name).toBeTruthy();
    }
    const orgs = Object.fromEntries(operations)['PATCH /api/v1/orgs/{id}'];
    for (const status of ['400', '401', '403', '404', '409', '422', '429']) {
      expect(orgs.responses[status], status).toBeTruthy();
    }
    expect(orgs.responses['403'].$ref).toBe('#/components/responses/Forbidden');
    const open311 = Object.fromEntries(operations)['POST /open311/v2/requests.json'];
    expect(open311.responses['400'].$ref).toBe('#/components/responses/Open311Error');
  });

  it('keeps reusable schemas under their glossary names', () => {
    for (const name of [
      'Organization',
      'ServiceRequest',
      'Proposal',
      'Account',
      'Open311ServiceRequest',
      'ApiKey',
    ]) {
      expect(doc.components.schemas[name], name).toBeTruthy();
    }
    expect(JSON.stringify(doc.paths['/api/v1/orgs/{id}'])).toContain('#/components/schemas/Organization');
  });
});
