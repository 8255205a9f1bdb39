import type { FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { AppError, NotFoundError, UnauthorizedError, ValidationError } from '../../platform/errors.ts';
import { findBadPercentEncoding } from '../../platform/guards.ts';
import { actorOf, auditContextOf, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { enforceRateLimit, RateLimitedError } from '../../platform/rate-limit.ts';
import { pathWithin } from '../../platform/scope.ts';
import { idParam, registerFieldLabels } from '../../platform/validation.ts';
import {
  findRequestEvents,
  getRequest,
  recordHotlineUpdate,
  submitRequest,
} from '../service-requests/index.ts';
import { endOfLocalDay } from '../work-calendar/index.ts';
import {
  apiKeySchema,
  createKeyBody,
  keyQuery,
  listRequestsQuery,
  open311RequestSchema,
  postRequestBody,
  postRequestResponse,
  postUpdateBody,
  serviceSchema,
  updateSchema,
  updatesQuery,
} from './open311.contract.ts';

registerFieldLabels({
  service_code: '服务编码',
  service_request_id: '诉求编号',
  address_string: '地址',
  api_key: '接口密钥',
  update_id: '更新编号',
});

const CLOSED_KINDS = new Set(['resolved_on_spot', 'completed', 'confirmed']);

interface KeyRow {
  id: number;
  name: string;
  orgId: number;
  orgPath: string;
  orgLevel: string | null;
}

/**
 * The GeoReport v2 endpoints for the city hotline. They are `public` for the session layer and
 * check the system's API key themselves: no key, an unknown or a revoked key → 401; everything
 * a key reaches lies in its organization's subtree (outside → 404).
 */
const geoReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto } = app.deps;
  const tags = ['open311'];

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    // Percent-encoded bytes that are not UTF-8 would silently become U+FFFD.
    const broken = findBadPercentEncoding(String(body));
    if (broken !== undefined) {
      const field = broken || '_';
      const message = `${broken || '请求内容'}不是有效的 UTF-8 文本`;
      done(new AppError(400, 'INVALID_TEXT', message, { [field]: message }), undefined);
      return;
    }
    const params = new URLSearchParams(String(body));
    done(null, Object.fromEntries(params.entries()));
  });

  // Open311 clients expect errors as [{ code, description }].
  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      // The validation entries carry the Chinese message (their params are the issue's own fields).
      const description = error.validation.find((v) => v.message)?.message ?? '请求参数有误';
      return reply.status(400).send([{ code: 400, description }]);
    }
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof AppError) {
      const status = error.statusCode === 422 ? 400 : error.statusCode;
      return reply.status(status).send([{ code: status, description: error.message }]);
    }
    request.log.error({ err: error }, 'open311 error');
    return reply.status(500).send([{ code: 500, description: '服务器内部错误' }]);
  });

  // Writes at the root path are outside the platform's /api audit hook: record refusals here.
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.audited) return;
    if (request.url.startsWith('/api/')) return;
    const status = reply.statusCode;
    try {
      await recordAudit(db, auditContextOf(request), {
        action: 'open311.request',
        objectType: 'route',
        objectId: `${request.method} ${request.routeOptions.url ?? request.url}`,
        outcome:
          status < 400
            ? 'success'
            : status === 401 || status === 403 || status === 404
              ? 'denied'
              : 'failure',
        detail: { status },
      });
    } catch (error) {
      request.log.error({ err: error }, 'audit write failed');
    }
  });

  const authenticate = async (request: FastifyRequest): Promise<KeyRow> => {
    const fromBody = (request.body as { api_key?: string } | undefined)?.api_key;
    const fromQuery = (request.query as { api_key?: string } | undefined)?.api_key;
    const header = request.headers['x-api-key'];
    const key = fromBody ?? fromQuery ?? (typeof header === 'string' ? header : undefined);
    if (!key) {
      await enforceRateLimit(request, 'ip', request.ip);
      throw new UnauthorizedError('缺少接口密钥 api_key', 'API_KEY_REQUIRED');
    }
    const row = await db
      .selectFrom('open311ApiKeys as k')
      .innerJoin('orgs as o', 'o.id', 'k.orgId')
      .select(['k.id', 'k.name', 'k.orgId', 'o.path as orgPath', 'o.level as orgLevel'])
      .where('k.keyHash', '=', sha256Hex(key))
      .where('k.revokedAt', 'is', null)
      .executeTakeFirst();
    if (!row) {
      await enforceRateLimit(request, 'ip', request.ip);
      throw new UnauthorizedError('接口密钥无效或已停用', 'API_KEY_INVALID');
    }
    // Per key, across app processes (429 with Retry-After).
    await enforceRateLimit(request, 'api_key', String(row.id));
    await db
      .updateTable('open311ApiKeys')
      .set({ lastUsedAt: clock.now() })
      .where('id', '=', row.id)
      .execute();
    return row;
  };

  const requestInScope = async (key: KeyRow, id: number) => {
    const row = await getRequest(db, id);
    if (!row?.orgPath.startsWith(key.orgPath)) throw new NotFoundError('诉求不存在');
    return row;
  };

  const present = async (id: number) => {
    const r = (await getRequest(db, id))!;
    const code = await db
      .selectFrom('serviceRequestCategories')
      .select('code')
      .where('id', '=', r.categoryId)
      .executeTakeFirstOrThrow();
    return {
      service_request_id: String(r.id),
      status: r.status === 'open' ? ('open' as const) : ('closed' as const),
      status_notes: r.resolution ?? r.nextRoute,
      service_name: r.categoryName,
      service_code: code.code,
      description: r.description,
      agency_responsible: r.handlingOrgName,
      service_notice: `编号 ${r.code}`,
      requested_datetime: r.receivedAt.toISOString(),
      updated_datetime: r.updatedAt.toISOString(),
      expected_datetime: r.status === 'open' ? endOfLocalDay(r.dueOn).toISOString() : null,
      address: r.location,
      address_id: null,
      zipcode: null,
      lat: r.lat === null ? null : Number(r.lat),
      long: r.lng === null ? null : Number(r.lng),
      media_url: null,
    };
  };

  app.get(
    '/open311/v2/services.json',
    {
      config: { access: 'public', apiKeyAuth: true },
      schema: { tags, querystring: keyQuery, response: { 200: z.array(serviceSchema) } },
    },
    async (request) => {
      await authenticate(request);
      const rows = await db
        .selectFrom('serviceRequestCategories')
        .select(['code', 'name', 'description'])
        .where('active', '=', true)
        .orderBy('sortOrder')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        service_code: r.code,
        service_name: r.name,
        description: r.description ?? r.name,
        metadata: false,
        type: 'realtime' as const,
        keywords: '',
        group: '民情诉求',
      }));
    },
  );

  app.get(
    '/open311/v2/requests.json',
    {
      config: { access: 'public', apiKeyAuth: true },
      schema: { tags, querystring: listRequestsQuery, response: { 200: z.array(open311RequestSchema) } },
    },
    async (request) => {
      const key = await authenticate(request);
      const q = request.query;
      let base = db
        .selectFrom('serviceRequests as r')
        .innerJoin('serviceRequestCategories as c', 'c.id', 'r.categoryId')
        .select('r.id')
        .where('r.orgPath', 'like', `${key.orgPath}%`);
      if (q.service_request_id) base = base.where('r.id', 'in', q.service_request_id.split(',').map(Number));
      if (q.service_code) base = base.where('c.code', 'in', q.service_code.split(','));
      if (q.start_date) base = base.where('r.receivedAt', '>=', new Date(q.start_date));
      if (q.end_date) base = base.where('r.receivedAt', '<=', new Date(q.end_date));
      if (q.status) {
        const wanted = q.status.toLowerCase().split(',');
        if (!wanted.includes('closed')) base = base.where('r.status', '=', 'open');
        if (!wanted.includes('open')) base = base.where('r.status', '!=', 'open');
      }
      const ids = await base.orderBy('r.receivedAt', 'desc').limit(200).execute();
      return Promise.all(ids.map((r) => present(r.id)));
    },
  );

  app.get(
    '/open311/v2/requests/:id(^\\d+).json',
    {
      config: { access: 'public', apiKeyAuth: true },
      schema: {
        tags,
        params: idParam,
        querystring: keyQuery,
        response: { 200: z.array(open311RequestSchema) },
      },
    },
    async (request) => {
      const key = await authenticate(request);
      const row = await requestInScope(key, request.params.id);
      return [await present(row.id)];
    },
  );

  app.post(
    '/open311/v2/requests.json',
    {
      config: { access: 'public', apiKeyAuth: true },
      schema: { tags, body: postRequestBody, response: { 201: postRequestResponse } },
    },
    async (request, reply) => {
      const key = await authenticate(request);
      const b = request.body;
      let org = await db
        .selectFrom('orgs')
        .select(['id', 'path', 'level', 'status'])
        .where('id', '=', key.orgId)
        .executeTakeFirstOrThrow();
      if (b.jurisdiction_id) {
        const target = await db
          .selectFrom('orgs')
          .select(['id', 'path', 'level', 'status'])
          .where('code', '=', b.jurisdiction_id)
          .executeTakeFirst();
        if (!target?.path.startsWith(key.orgPath)) {
          throw new ValidationError({
            jurisdiction_id: `辖区编码 ${b.jurisdiction_id} 不存在或不在本密钥范围内`,
          });
        }
        org = target;
      }
      const category = await db
        .selectFrom('serviceRequestCategories')
        .select(['id'])
        .where('code', '=', b.service_code)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!category) throw new ValidationError({ service_code: `服务编码 ${b.service_code} 不存在` });
      const name = [b.last_name, b.first_name].filter(Boolean).join('') || null;
      const row = await runAction(request, (trx, audit) =>
        submitRequest(
          {
            trx,
            audit,
            now: clock.now(),
            by: { userId: null, name: `12345热线（${key.name}）`, open311KeyId: key.id },
          },
          { org, source: 'hotline', residentUserId: null, open311KeyId: key.id },
          {
            categoryId: category.id,
            title: b.description.slice(0, 30),
            description: b.description,
            location: b.address_string ?? null,
            lat: b.lat ?? null,
            lng: b.long ?? null,
            contactName: name,
            contactPhone: b.phone ?? null,
          },
          (phone) => ({ enc: crypto.encrypt(phone), hash: crypto.blindIndex(phone) }),
        ),
      );
      return reply.status(201).send([
        {
          service_request_id: String(row.id),
          service_notice: `已由${row.handlingOrgName}受理（编号 ${row.code}），${row.dueOn} 前办理`,
          account_id: null,
        },
      ]);
    },
  );

  app.get(
    '/open311/v2/servicerequestupdates.json',
    {
      config: { access: 'public', apiKeyAuth: true },
      schema: { tags, querystring: updatesQuery, response: { 200: z.array(updateSchema) } },
    },
    async (request) => {
      const key = await authenticate(request);
      const q = request.query;
      let base = db
        .selectFrom('serviceRequestEvents as e')
        .innerJoin('serviceRequests as r', 'r.id', 'e.requestId')
        .select(['e.id', 'e.requestId', 'e.kind', 'e.at', 'e.note', 'e.reason', 'e.nextRoute', 'e.actorName'])
        .where('r.orgPath', 'like', `${key.orgPath}%`)
        // The hotline's own updates are not echoed back to it.
        .where((eb) => eb.or([eb('e.open311KeyId', 'is', null), eb('e.open311KeyId', '!=', key.id)]));
      if (q.service_request_id) base = base.where('e.requestId', '=', Number(q.service_request_id));
      if (q.start_date) base = base.where('e.at', '>=', new Date(q.start_date));
      if (q.end_date) base = base.where('e.at', '<=', new Date(q.end_date));
      const rows = await base.orderBy('e.at').orderBy('e.id').limit(500).execute();
      return rows.map((e) => ({
        update_id: String(e.id),
        service_request_id: String(e.requestId),
        status: CLOSED_KINDS.has(e.kind) ? ('closed' as const) : ('open' as const),
        updated_datetime: e.at.toISOString(),
        description: [e.note, e.reason, e.nextRoute].filter(Boolean).join('；') || e.kind,
        media_url: null,
      }));
    },
  );

  app.post(
    '/open311/v2/servicerequestupdates.json',
    {
      config: { access: 'public', apiKeyAuth: true },
      schema: { tags, body: postUpdateBody, response: { 201: z.array(z.object({ update_id: z.string() })) } },
    },
    async (request, reply) => {
      const key = await authenticate(request);
      const b = request.body;
      const externalId = b.update_id ?? null;
      if (externalId) {
        const seen = await db
          .selectFrom('serviceRequestEvents')
          .select('id')
          .where('open311KeyId', '=', key.id)
          .where('externalUpdateId', '=', externalId)
          .executeTakeFirst();
        if (seen) return reply.status(201).send([{ update_id: String(seen.id) }]);
      }
      await requestInScope(key, Number(b.service_request_id));
      await runAction(request, async (trx, audit) => {
        await trx
          .selectFrom('serviceRequests')
          .select('id')
          .where('id', '=', Number(b.service_request_id))
          .forUpdate()
          .execute();
        const row = (await getRequest(trx, Number(b.service_request_id)))!;
        await recordHotlineUpdate(
          {
            trx,
            audit,
            now: clock.now(),
            by: { userId: null, name: `12345热线（${key.name}）`, open311KeyId: key.id },
          },
          row,
          { description: b.description, status: b.status, externalUpdateId: externalId },
        );
        await audit({
          action: 'open311.update',
          objectType: 'service_request',
          objectId: row.id,
          orgPath: row.orgPath,
          detail: { open311KeyId: key.id, status: b.status },
        });
      });
      const events = await findRequestEvents(db, Number(b.service_request_id));
      const last = events.filter((e) => e.kind === 'hotline_update').at(-1)!;
      return reply.status(201).send([{ update_id: String(last.id) }]);
    },
  );
};

/** Key management by the system administrator (ordinary API errors). */
const keyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const tags = ['open311'];
  const keyColumns = [
    'k.id',
    'k.name',
    'k.orgId',
    'o.name as orgName',
    'k.keyPrefix',
    'k.createdAt',
    'k.revokedAt',
    'k.lastUsedAt',
  ] as const;
  const presentKey = (k: {
    id: number;
    name: string;
    orgId: number;
    orgName: string;
    keyPrefix: string;
    createdAt: Date;
    revokedAt: Date | null;
    lastUsedAt: Date | null;
  }) => ({
    ...k,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  });

  app.get(
    '/open311-keys',
    {
      config: { access: 'open311.manage_keys' },
      schema: { tags, response: { 200: z.object({ data: z.array(apiKeySchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const paths = actor.paths('open311.manage_keys');
      const rows = await db
        .selectFrom('open311ApiKeys as k')
        .innerJoin('orgs as o', 'o.id', 'k.orgId')
        .select(keyColumns)
        .where((eb) => pathWithin(eb, 'o.path', paths))
        .orderBy('k.id')
        .execute();
      return { data: rows.map(presentKey) };
    },
  );

  app.post(
    '/orgs/:id/open311-keys',
    {
      config: { access: 'open311.manage_keys' },
      schema: {
        tags,
        params: idParam,
        body: createKeyBody,
        response: { 201: z.object({ data: apiKeySchema.extend({ key: z.string() }) }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.params.id, 'open311.manage_keys');
      const key = `j311_${randomToken(24)}`;
      const id = await runAction(request, async (trx, audit) => {
        const row = await trx
          .insertInto('open311ApiKeys')
          .values({
            name: request.body.name,
            orgId: org.id,
            keyPrefix: key.slice(0, 9),
            keyHash: sha256Hex(key),
            createdAt: clock.now(),
            createdBy: actor.user.id,
            revokedAt: null,
            revokedBy: null,
            lastUsedAt: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit({
          action: 'open311.manage_keys',
          objectType: 'open311_api_key',
          objectId: row.id,
          orgPath: org.path,
          detail: { op: 'create', name: request.body.name },
        });
        return row.id;
      });
      const row = await db
        .selectFrom('open311ApiKeys as k')
        .innerJoin('orgs as o', 'o.id', 'k.orgId')
        .select(keyColumns)
        .where('k.id', '=', id)
        .executeTakeFirstOrThrow();
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({ data: { ...presentKey(row), key } });
    },
  );

  app.post(
    '/open311-keys/:id/revoke',
    {
      config: { access: 'open311.manage_keys' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: apiKeySchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const found = await db
        .selectFrom('open311ApiKeys as k')
        .innerJoin('orgs as o', 'o.id', 'k.orgId')
        .select(['k.id', 'o.path'])
        .where('k.id', '=', request.params.id)
        .executeTakeFirst();
      if (!found || !actor.sees(found.path)) throw new NotFoundError('密钥不存在或无权访问');
      authorize(actor, 'open311.manage_keys', found.path);
      await runAction(request, async (trx, audit) => {
        await trx
          .updateTable('open311ApiKeys')
          .set({ revokedAt: clock.now(), revokedBy: actor.user.id })
          .where('id', '=', found.id)
          .where('revokedAt', 'is', null)
          .execute();
        await audit({
          action: 'open311.manage_keys',
          objectType: 'open311_api_key',
          objectId: found.id,
          orgPath: found.path,
          detail: { op: 'revoke' },
        });
      });
      const row = await db
        .selectFrom('open311ApiKeys as k')
        .innerJoin('orgs as o', 'o.id', 'k.orgId')
        .select(keyColumns)
        .where('k.id', '=', found.id)
        .executeTakeFirstOrThrow();
      return { data: presentKey(row) };
    },
  );
};

/**
 * The GeoReport endpoints live in their own plugin so their error format stays Open311's. They are
 * served at the path the standard names (`/open311/v2/…`, see `open311RootRoutes`) and, for clients
 * configured against the API prefix, also under `/api/v1/open311/v2/…`.
 */
export const open311Routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(geoReportRoutes);
  await app.register(keyRoutes);
};

export const open311RootRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(geoReportRoutes);
};
