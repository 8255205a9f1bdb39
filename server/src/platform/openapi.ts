import type { RouteOptions } from 'fastify';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from './session.ts';
import { errorBody } from './validation.ts';

/**
 * The OpenAPI document integrators read (`/api/docs/json`). Routes stay as they are: one onRoute
 * hook gives every operation its operationId (`module.action`), Chinese summary and security from
 * the modules' `<module>.docs.ts` files, and one pass over the finished document adds the shared
 * error responses and the error body as named components.
 */

/** `'GET /api/v1/orgs/{id}': ['getOrg', '组织详情']`, keyed by method and the document's path. */
export type OperationDocs = readonly [action: string, summary: string, options?: { security?: 'none' }];

export interface RouteDocs {
  module: string;
  operations: Record<string, OperationDocs>;
}

/** The platform's own routes. */
export const PLATFORM_DOCS: RouteDocs = {
  module: 'platform',
  operations: {
    'GET /api/health': ['health', '存活检查', { security: 'none' }],
    'GET /api/health/ready': ['ready', '就绪检查（数据库可写）', { security: 'none' }],
    'GET /api/ready': ['readyAlias', '就绪检查（数据库可写；同 /api/health/ready）', { security: 'none' }],
  },
};

export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: '登录后由浏览器携带的会话 Cookie',
  },
  open311ApiKey: {
    type: 'apiKey',
    in: 'query',
    name: 'api_key',
    description: 'Open311 接口密钥（也可放在表单字段 api_key 或请求头 X-API-Key）',
  },
} as const;

z.globalRegistry.add(errorBody, {
  id: 'Error',
  description: '平台统一的错误响应：code 为稳定的英文代码，message 为中文说明，fields 按字段给出中文说明',
});

const open311ErrorBody = z.array(z.object({ code: z.number(), description: z.string() }));
z.globalRegistry.add(open311ErrorBody, { id: 'Open311Error', description: 'Open311 规范的错误数组' });

/** The shared error responses, by status: component name and Chinese description. */
const ERROR_RESPONSES: Record<string, [string, string]> = {
  '400': ['BadRequest', '请求格式或参数有误'],
  '401': ['Unauthorized', '未登录、登录已超时或密钥无效'],
  '403': ['Forbidden', '没有执行此操作的权限'],
  '404': ['NotFound', '记录不存在或不在权限范围内'],
  '409': ['Conflict', '与现有记录冲突'],
  '422': ['UnprocessableEntity', '输入未通过业务校验，fields 指出字段'],
  '429': ['TooManyRequests', '请求过于频繁，请按 Retry-After 稍后再试'],
};
const OPEN311_ERRORS = ['400', '401', '404', '415', '429'];

/** `/open311/v2/requests/:id(^\d+).json` → `/open311/v2/requests/{id}.json`, as @fastify/swagger writes it. */
export function openapiPath(url: string): string {
  return url.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\([^)]*\))?/g, '{$1}');
}

/** Every operation's documentation, from the manifests' `docs` (each module's `<module>.docs.ts`). */
export function operationIndex(all: readonly RouteDocs[]): Map<string, { id: string; docs: OperationDocs }> {
  const index = new Map<string, { id: string; docs: OperationDocs }>();
  for (const { module, operations } of all) {
    for (const [key, docs] of Object.entries(operations))
      index.set(key, { id: `${module}.${docs[0]}`, docs });
  }
  return index;
}

/**
 * Gives a route its operationId, summary and security (called from the app's onRoute hook, before
 * the document generator sees the route). Open311's XML twins take the JSON route's entry; the
 * copies of the GeoReport endpoints under /api/v1 stay out of the document.
 */
export function documentRoute(
  route: RouteOptions,
  index: Map<string, { id: string; docs: OperationDocs }>,
): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const method = methods.find((m) => m !== 'HEAD') ?? methods[0];
  const schema = { ...(route.schema ?? {}) } as Record<string, unknown>;
  const path = openapiPath(route.url);
  if (path.startsWith('/api/v1/open311/v2/') || path.startsWith('/api/v1/open311/discovery')) {
    route.schema = { ...schema, hide: true };
    return;
  }
  const xml = path.endsWith('.xml');
  const found = index.get(`${method} ${xml ? path.replace(/\.xml$/, '.json') : path}`);
  if (found) {
    schema.operationId = xml ? `${found.id}Xml` : found.id;
    schema.summary = xml ? `${found.docs[1]}（XML）` : found.docs[1];
  }
  const access = route.config?.access;
  if (found?.docs[2]?.security === 'none') schema.security = [];
  else if (route.config?.apiKeyAuth) schema.security = [{ open311ApiKey: [] }];
  else if (access && access !== 'public') schema.security = [{ session: [] }];
  else schema.security = [];
  route.schema = schema;
}

type Operation = {
  security?: unknown[];
  responses?: Record<string, unknown>;
  tags?: string[];
};
type Document = {
  components?: Record<string, Record<string, unknown>>;
  paths?: Record<string, Record<string, Operation>>;
};

/** The finished document: named error responses on every operation, the error bodies as schemas. */
export function transformDocument(input: Parameters<typeof jsonSchemaTransformObject>[0]) {
  const doc = jsonSchemaTransformObject(input) as Document;
  doc.components ??= {};
  doc.components.responses ??= {};
  const responses = doc.components.responses;
  for (const [, [name, description]] of Object.entries(ERROR_RESPONSES)) {
    responses[name] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  responses.Open311Error = {
    description: 'Open311 错误（JSON 为数组，XML 为 <errors>）',
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/Open311Error' } },
      'text/xml': { schema: { type: 'string' } },
    },
  };
  // The generator writes an input twin of every named schema; keep only those an operation uses.
  const schemas = doc.components.schemas ?? {};
  const text = JSON.stringify(doc.paths ?? {});
  for (const name of Object.keys(schemas)) {
    if (name.endsWith('Input') && !text.includes(`"#/components/schemas/${name}"`)) delete schemas[name];
  }
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      operation.responses ??= {};
      const own = operation.responses;
      if (path.endsWith('.xml')) xmlContent(operation);
      if (path.startsWith('/open311/')) {
        for (const status of OPEN311_ERRORS) own[status] ??= { $ref: '#/components/responses/Open311Error' };
        continue;
      }
      const signedIn = (operation.security ?? []).length > 0;
      for (const [status, [name]] of Object.entries(ERROR_RESPONSES)) {
        if (!signedIn && (status === '401' || status === '403')) continue;
        own[status] ??= { $ref: `#/components/responses/${name}` };
      }
    }
  }
  return doc;
}

/** An Open311 `.xml` twin answers XML: its success responses are described as such. */
function xmlContent(operation: Operation): void {
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const r = response as { content?: Record<string, unknown> };
    if (!status.startsWith('2') || !r.content?.['application/json']) continue;
    r.content = {
      'text/xml': { schema: { type: 'string', description: 'GeoReport v2 XML（结构同 JSON 版本）' } },
    };
  }
}
