import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { authorize } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { maskMiddle, randomToken, sha256Hex } from '../../platform/crypto.ts';
import { AppError, NotFoundError, UnauthorizedError, ValidationError } from '../../platform/errors.ts';
import { findBadPercentEncoding } from '../../platform/guards.ts';
import { auditContextOf, noStore, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { enforceRateLimit } from '../../platform/rate-limit.ts';
import { mountGet } from '../../platform/reads.ts';
import { pathWithin } from '../../platform/scope.ts';
import { idParam, registerFieldLabels } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import {
  findRequestEvents,
  getRequest,
  getVisibleRequest,
  recordHotlineUpdate,
  submitRequest,
} from '../service-requests/index.ts';
import { endOfLocalDay } from '../work-calendar/index.ts';
import { checkAttributes, foldAttributeFields } from './open311.attributes.ts';
import {
  apiKeySchema,
  createKeyBody,
  discoverySchema,
  keyQuery,
  listRequestsQuery,
  MAX_RANGE_DAYS,
  open311Error,
  open311RequestSchema,
  postRequestBody,
  postRequestResponse,
  postUpdateBody,
  putAttributesBody,
  REQUESTS_LIMIT,
  requestDetailsSchema,
  revealEmailBody,
  serviceDefinitionSchema,
  serviceSchema,
  serviceSettingSchema,
  UPDATES_LIMIT,
  updateSchema,
  updatesQuery,
} from './open311.contract.ts';
import { type Format, sendAs, sendOpen311Error } from './open311.errors.ts';
import type { Open311ServiceAttributesTable } from './open311.tables.ts';

registerFieldLabels({
  service_code: '服务编码',
  service_request_id: '诉求编号',
  address_string: '地址',
  api_key: '接口密钥',
  update_id: '更新编号',
});

const CLOSED_KINDS = new Set(['resolved_on_spot', 'completed', 'confirmed']);
const FORMATS = ['json', 'xml'] as const satisfies readonly Format[];
/** Bump when the endpoints change in a way a client may notice (discovery's changeset). */
export const API_CHANGESET = '2026-12-07T00:00:00Z';
/** Set on a list answer that was cut at its limit. */
export const TRUNCATED_HEADER = 'x-open311-truncated';

interface KeyRow {
  id: number;
  name: string;
  orgId: number;
  orgPath: string;
  orgLevel: string | null;
}

/** Who is reading: a key (its subtree) or, with public reads on, anyone (the whole tree). */
interface Reader {
  key: KeyRow | null;
  orgPath: string;
}

/** A W3C date-time or date as an instant; a date alone starts (or, as an end, ends) that day in CST. */
function instantOf(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return end ? endOfLocalDay(value) : new Date(endOfLocalDay(value).getTime() + 1 - 86_400_000);
  }
  return new Date(value);
}

function dateRange(q: { start_date?: string; end_date?: string }) {
  const from = q.start_date ? instantOf(q.start_date, false) : undefined;
  const to = q.end_date ? instantOf(q.end_date, true) : undefined;
  if (from && to) {
    if (to < from) throw new ValidationError({ end_date: '结束时间不能早于开始时间' });
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new ValidationError({ end_date: `开始时间与结束时间最多相隔 ${MAX_RANGE_DAYS} 天` });
    }
  }
  return { from, to };
}

/**
 * The GeoReport v2 endpoints for the city hotline, in JSON and XML. They are `public` for the
 * session layer and check the system's API key themselves: no key, an unknown or a revoked key →
 * 401 (reads may go without a key when `JICENG_OPEN311_PUBLIC_READ` is on); everything a key
 * reaches lies in its organization's subtree (outside → 404).
 */
const geoReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto, config } = app.deps;
  const tags = ['open311'];
  const open311 = { access: 'public', apiKeyAuth: true } as const;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    // Percent-encoded bytes that are not UTF-8 would silently become U+FFFD.
    const broken = findBadPercentEncoding(String(body));
    if (broken !== undefined) {
      const field = broken || '_';
      const message = `${broken || '请求内容'}不是有效的 UTF-8 文本`;
      done(new AppError(400, 'INVALID_TEXT', message, { [field]: message }), undefined);
      return;
    }
    // Repeated fields (attribute[CODE][]=a&attribute[CODE][]=b) keep every value.
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(String(body))) {
      const seen = fields[name];
      if (seen === undefined) fields[name] = name.endsWith('[]') ? [value] : value;
      else fields[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    done(null, fields);
  });

  app.setErrorHandler((error, request, reply) => sendOpen311Error(error as Error, request, reply));

  // Open311 bodies are form-encoded or JSON. A multipart body (the platform parses those for file
  // uploads) is refused as 415 before the key is looked at, like any other body type.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST' && /^multipart\//i.test(request.headers['content-type'] ?? ''))
      throw Object.assign(new Error('unsupported media type'), { statusCode: 415 });
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

  /**
   * Reads: a key as for writes, or with public reads on and no key, anyone (per client IP). A
   * `jurisdiction_id` narrows the reach to that organization's subtree; one outside it is 404.
   */
  const reader = async (request: FastifyRequest): Promise<Reader> => {
    const q = request.query as { api_key?: string; jurisdiction_id?: string };
    const hasKey = Boolean(q.api_key || request.headers['x-api-key']);
    let reach: Reader;
    if (!hasKey && config.open311PublicRead) {
      await enforceRateLimit(request, 'ip', request.ip);
      reach = { key: null, orgPath: '' };
    } else {
      const key = await authenticate(request);
      reach = { key, orgPath: key.orgPath };
    }
    if (q.jurisdiction_id) {
      const org = await db
        .selectFrom('orgs')
        .select('path')
        .where('code', '=', q.jurisdiction_id)
        .executeTakeFirst();
      if (!org?.path.startsWith(reach.orgPath)) {
        throw new NotFoundError(`辖区编码 ${q.jurisdiction_id} 不存在或不在本接口范围内`);
      }
      reach.orgPath = org.path;
    }
    return reach;
  };

  // The caller is known before the input is checked: a bad key is 401 whatever the body holds.
  const callers = new WeakMap<FastifyRequest, Reader>();
  const asWriter = async (request: FastifyRequest) => {
    const key = await authenticate(request);
    callers.set(request, { key, orgPath: key.orgPath });
  };
  const asReader = async (request: FastifyRequest) => {
    callers.set(request, await reader(request));
  };
  const callerOf = (request: FastifyRequest): Reader => callers.get(request)!;
  const keyOf = (request: FastifyRequest): KeyRow => callers.get(request)!.key!;

  const requestInScope = async (orgPath: string, id: number) => {
    const row = await getRequest(db, id);
    if (!row?.orgPath.startsWith(orgPath)) throw new NotFoundError('诉求不存在');
    return row;
  };

  /** A request as GeoReport shows it: never a name, phone number or e-mail address. */
  const present = async (id: number) => {
    const r = (await getRequest(db, id))!;
    const code = await db
      .selectFrom('serviceRequestCategories')
      .select('code')
      .where('id', '=', r.categoryId)
      .executeTakeFirstOrThrow();
    const details = await db
      .selectFrom('open311RequestDetails')
      .select(['mediaUrl', 'addressId'])
      .where('requestId', '=', r.id)
      .executeTakeFirst();
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
      address_id: details?.addressId ?? null,
      zipcode: null,
      lat: r.lat === null ? null : Number(r.lat),
      long: r.lng === null ? null : Number(r.lng),
      media_url: details?.mediaUrl ?? null,
    };
  };

  const activeCategory = async (code: string) => {
    const category = await db
      .selectFrom('serviceRequestCategories')
      .select(['id', 'code', 'name'])
      .where('code', '=', code)
      .where('active', '=', true)
      .executeTakeFirst();
    return category;
  };

  // GeoReport v2 "Service Discovery": where the endpoint is and what it speaks. Always public.
  for (const format of FORMATS) {
    app.get(
      `/open311/discovery.${format}`,
      { config: open311, schema: { tags, response: { 200: discoverySchema } } },
      async (request, reply) => {
        const origin = config.publicOrigin ?? `${request.protocol}://${request.host}`;
        const document = {
          changeset: API_CHANGESET,
          contact: '本系统的系统管理员',
          key_service: '接口密钥由系统管理员在「Open311 接口密钥」页面签发',
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url: `${origin}/open311/v2`,
              changeset: API_CHANGESET,
              type: 'production' as const,
              formats: ['text/xml', 'application/json'],
            },
          ],
        };
        return sendAs(reply, format, 200, 'discovery', document);
      },
    );
  }

  for (const format of FORMATS) {
    app.get(
      `/open311/v2/services.${format}`,
      {
        config: open311,
        preValidation: asReader,
        schema: { tags, querystring: keyQuery, response: { 200: z.array(serviceSchema) } },
      },
      async (_request, reply) => {
        const rows = await db
          .selectFrom('serviceRequestCategories as c')
          .select(['c.code', 'c.name', 'c.description'])
          .select((eb) =>
            eb
              .exists(
                eb
                  .selectFrom('open311ServiceAttributes as a')
                  .select('a.id')
                  .whereRef('a.categoryId', '=', 'c.id'),
              )
              .as('metadata'),
          )
          .where('c.active', '=', true)
          .orderBy('c.sortOrder')
          .orderBy('c.id')
          .execute();
        const services = rows.map((r) => ({
          service_code: r.code,
          service_name: r.name,
          description: r.description ?? r.name,
          metadata: Boolean(r.metadata),
          type: 'realtime' as const,
          keywords: '',
          group: '民情诉求',
        }));
        return sendAs(reply, format, 200, 'services', services);
      },
    );

    app.get(
      `/open311/v2/services/:service_code.${format}`,
      {
        config: open311,
        preValidation: asReader,
        schema: {
          tags,
          params: z.object({ service_code: z.string().min(1).max(40) }),
          querystring: keyQuery,
          response: { 200: serviceDefinitionSchema },
        },
      },
      async (request, reply) => {
        const category = await activeCategory(request.params.service_code);
        if (!category) throw new NotFoundError(`服务编码 ${request.params.service_code} 不存在`);
        const rows = await db
          .selectFrom('open311ServiceAttributes')
          .selectAll()
          .where('categoryId', '=', category.id)
          .orderBy('sortOrder')
          .execute();
        const definition = {
          service_code: category.code,
          attributes: rows.map(presentAttribute),
        };
        return sendAs(reply, format, 200, 'service_definition', definition);
      },
    );

    app.get(
      `/open311/v2/requests.${format}`,
      {
        config: open311,
        preValidation: asReader,
        schema: { tags, querystring: listRequestsQuery, response: { 200: z.array(open311RequestSchema) } },
      },
      async (request, reply) => {
        const reach = callerOf(request);
        const q = request.query;
        let base = db
          .selectFrom('serviceRequests as r')
          .innerJoin('serviceRequestCategories as c', 'c.id', 'r.categoryId')
          .select('r.id')
          .where('r.orgPath', 'like', `${reach.orgPath}%`);
        if (q.service_request_id) {
          // The ids name the requests: every other filter is ignored (as the specification says).
          base = base.where('r.id', 'in', q.service_request_id.split(',').map(Number));
        } else {
          const { from, to } = dateRange(q);
          if (q.service_code) base = base.where('c.code', 'in', q.service_code.split(','));
          if (from) base = base.where('r.receivedAt', '>=', from);
          if (to) base = base.where('r.receivedAt', '<=', to);
          if (q.status) {
            const wanted = q.status.toLowerCase().split(',');
            if (!wanted.includes('closed')) base = base.where('r.status', '=', 'open');
            if (!wanted.includes('open')) base = base.where('r.status', '!=', 'open');
          }
        }
        const ids = await base
          .orderBy('r.receivedAt', 'desc')
          .orderBy('r.id', 'desc')
          .limit(REQUESTS_LIMIT + 1)
          .execute();
        if (ids.length > REQUESTS_LIMIT) reply.header(TRUNCATED_HEADER, String(REQUESTS_LIMIT));
        const list = await Promise.all(ids.slice(0, REQUESTS_LIMIT).map((r) => present(r.id)));
        return sendAs(reply, format, 200, 'service_requests', list);
      },
    );

    app.get(
      `/open311/v2/requests/:id(^\\d{1,12}).${format}`,
      {
        config: open311,
        preValidation: asReader,
        schema: {
          tags,
          params: idParam,
          querystring: keyQuery,
          response: { 200: z.array(open311RequestSchema) },
        },
      },
      async (request, reply) => {
        const reach = callerOf(request);
        const row = await requestInScope(reach.orgPath, request.params.id);
        return sendAs(reply, format, 200, 'service_requests', [await present(row.id)]);
      },
    );

    app.post(
      `/open311/v2/requests.${format}`,
      {
        config: open311,
        preValidation: [
          async (request) => {
            request.body = foldAttributeFields(request.body) as typeof request.body;
          },
          asWriter,
        ],
        schema: { tags, body: postRequestBody, response: { 201: postRequestResponse } },
      },
      async (request, reply) => {
        const key = keyOf(request);
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
        const category = await activeCategory(b.service_code);
        if (!category) throw new ValidationError({ service_code: `服务编码 ${b.service_code} 不存在` });
        const attributes = await checkAttributes(db, category, b.attribute ?? {});
        const name = [b.last_name, b.first_name].filter(Boolean).join('') || null;
        const description = b.description ?? '';
        const row = await runAction(request, async (trx, audit) => {
          const created = await submitRequest(
            {
              trx,
              audit,
              now: clock.now(),
              by: { userId: null, name: `12345热线（${key.name}）`, open311KeyId: key.id },
            },
            { org, source: 'hotline', residentUserId: null, open311KeyId: key.id },
            {
              categoryId: category.id,
              title: (description || category.name).slice(0, 30),
              description,
              location: b.address_string ?? null,
              lat: b.lat ?? null,
              lng: b.long ?? null,
              contactName: name,
              contactPhone: b.phone ?? null,
            },
            (phone) => ({ enc: crypto.encrypt(phone), hash: crypto.blindIndex(phone) }),
          );
          if (b.media_url || b.email || b.address_id || attributes.length > 0) {
            const email = b.email?.toLowerCase();
            await trx
              .insertInto('open311RequestDetails')
              .values({
                requestId: created.id,
                mediaUrl: b.media_url ?? null,
                emailEnc: email ? crypto.encrypt(email) : null,
                emailHash: email ? crypto.blindIndex(email) : null,
                addressId: b.address_id ?? null,
                attributes: JSON.stringify(attributes),
              })
              .execute();
          }
          return created;
        });
        const answer = [
          {
            service_request_id: String(row.id),
            service_notice: `已由${row.handlingOrgName}受理（编号 ${row.code}），${row.dueOn} 前办理`,
            account_id: null,
          },
        ];
        return sendAs(reply, format, 201, 'service_requests', answer);
      },
    );

    app.get(
      `/open311/v2/servicerequestupdates.${format}`,
      {
        config: open311,
        preValidation: asWriter,
        schema: { tags, querystring: updatesQuery, response: { 200: z.array(updateSchema) } },
      },
      async (request, reply) => {
        const key = keyOf(request);
        const q = request.query;
        let base = db
          .selectFrom('serviceRequestEvents as e')
          .innerJoin('serviceRequests as r', 'r.id', 'e.requestId')
          .select([
            'e.id',
            'e.requestId',
            'e.kind',
            'e.at',
            'e.note',
            'e.reason',
            'e.nextRoute',
            'e.actorName',
          ])
          .where('r.orgPath', 'like', `${key.orgPath}%`)
          // The hotline's own updates are not echoed back to it.
          .where((eb) => eb.or([eb('e.open311KeyId', 'is', null), eb('e.open311KeyId', '!=', key.id)]));
        const { from, to } = dateRange(q);
        if (q.service_request_id) base = base.where('e.requestId', '=', Number(q.service_request_id));
        if (from) base = base.where('e.at', '>=', from);
        if (to) base = base.where('e.at', '<=', to);
        const rows = await base
          .orderBy('e.at')
          .orderBy('e.id')
          .limit(UPDATES_LIMIT + 1)
          .execute();
        if (rows.length > UPDATES_LIMIT) reply.header(TRUNCATED_HEADER, String(UPDATES_LIMIT));
        const updates = rows.slice(0, UPDATES_LIMIT).map((e) => ({
          update_id: String(e.id),
          service_request_id: String(e.requestId),
          status: CLOSED_KINDS.has(e.kind) ? ('closed' as const) : ('open' as const),
          updated_datetime: e.at.toISOString(),
          description: [e.note, e.reason, e.nextRoute].filter(Boolean).join('；') || e.kind,
          media_url: null,
        }));
        return sendAs(reply, format, 200, 'service_request_updates', updates);
      },
    );

    app.post(
      `/open311/v2/servicerequestupdates.${format}`,
      {
        config: open311,
        preValidation: asWriter,
        schema: {
          tags,
          body: postUpdateBody,
          response: { 201: z.array(z.object({ update_id: z.string() })) },
        },
      },
      async (request, reply) => {
        const key = keyOf(request);
        const b = request.body;
        const externalId = b.update_id ?? null;
        const answer = (id: number) =>
          sendAs(reply, format, 201, 'service_request_updates', [{ update_id: String(id) }]);
        if (externalId) {
          const seen = await db
            .selectFrom('serviceRequestEvents')
            .select('id')
            .where('open311KeyId', '=', key.id)
            .where('externalUpdateId', '=', externalId)
            .executeTakeFirst();
          if (seen) return answer(seen.id);
        }
        await requestInScope(key.orgPath, Number(b.service_request_id));
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
        return answer(events.filter((e) => e.kind === 'hotline_update').at(-1)!.id);
      },
    );
  }

  // Anything else under /open311/v2/ (an unknown path, a non-numeric id, another method) answers
  // in Open311's error format, not the API's.
  app.all(
    '/open311/v2/*',
    { config: open311, schema: { hide: true, response: { 404: open311Error } } },
    async () => {
      throw new NotFoundError('接口不存在：请查看 /open311/discovery.json');
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
  mountGet(
    app,
    '/open311-keys',
    { access: 'open311.manage_keys', tags, response: z.object({ data: z.array(apiKeySchema) }) },
    async ({ actor }) => {
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

  mountWrite(
    app,
    'POST',
    '/orgs/:id/open311-keys',
    {
      access: 'open311.manage_keys',
      tags,
      params: idParam,
      body: createKeyBody,
      response: { 201: z.object({ data: apiKeySchema.extend({ key: z.string() }) }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const org = await loadOrgFor(db, actor, params.id, 'open311.manage_keys');
      const key = `j311_${randomToken(24)}`;
      const id = await runAction(request, async (trx, audit) => {
        const row = await trx
          .insertInto('open311ApiKeys')
          .values({
            name: body.name,
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
          detail: { op: 'create', name: body.name },
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

  mountWrite(
    app,
    'POST',
    '/open311-keys/:id/revoke',
    {
      access: 'open311.manage_keys',
      tags,
      params: idParam,
      response: { 200: z.object({ data: apiKeySchema }) },
    },
    async ({ actor, params, request }) => {
      const found = await db
        .selectFrom('open311ApiKeys as k')
        .innerJoin('orgs as o', 'o.id', 'k.orgId')
        .select(['k.id', 'o.path'])
        .where('k.id', '=', params.id)
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
  await app.register(serviceDefinitionRoutes);
  await app.register(deskRoutes);
};

export const open311RootRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(geoReportRoutes);
};

/** One stored attribute as the specification names its fields. */
function presentAttribute(a: Selectable<Open311ServiceAttributesTable>) {
  return {
    variable: a.variable,
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    datatype_description: a.datatypeDescription,
    order: a.sortOrder,
    description: a.description,
    values: typeof a.values === 'string' ? JSON.parse(a.values) : a.values,
  };
}

/** The attributes a service asks for (its GeoReport service definition), set by the configurer. */
const serviceDefinitionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/open311-services',
    {
      config: { access: 'open311.manage_services' },
      schema: { tags: ['open311'], response: { 200: z.object({ data: z.array(serviceSettingSchema) }) } },
    },
    async (_request, reply) => {
      const categories = await db
        .selectFrom('serviceRequestCategories')
        .select(['id', 'code', 'name', 'active'])
        .orderBy('sortOrder')
        .orderBy('id')
        .execute();
      const rows = await db.selectFrom('open311ServiceAttributes').selectAll().orderBy('sortOrder').execute();
      noStore(reply);
      return {
        data: categories.map((c) => {
          const attributes = rows.filter((a) => a.categoryId === c.id).map(presentAttribute);
          return {
            service_code: c.code,
            service_name: c.name,
            active: c.active,
            metadata: attributes.length > 0,
            attributes,
          };
        }),
      };
    },
  );

  mountWrite(
    app,
    'PUT',
    '/open311-services/:code/attributes',
    {
      access: 'open311.manage_services',
      tags: ['open311'],
      params: z.object({ code: z.string().min(1).max(40) }),
      body: putAttributesBody,
      response: { 200: z.object({ data: serviceDefinitionSchema }) },
    },
    async ({ params, body, request }) => {
      const category = await db
        .selectFrom('serviceRequestCategories')
        .select(['id', 'code'])
        .where('code', '=', params.code)
        .executeTakeFirst();
      if (!category) throw new NotFoundError('诉求分类不存在');
      const attributes = body.attributes;
      const codes = new Set<string>();
      attributes.forEach((a, i) => {
        const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
        if (codes.has(a.code))
          throw new ValidationError({ [`attributes.${i}.code`]: `属性编码 ${a.code} 重复` });
        codes.add(a.code);
        if (isList && a.values.length === 0) {
          throw new ValidationError({
            [`attributes.${i}.values`]: `属性 ${a.code} 是选项类型，须列出可选值`,
          });
        }
        if (!isList && a.values.length > 0) {
          throw new ValidationError({
            [`attributes.${i}.values`]: `属性 ${a.code} 不是选项类型，不能列出可选值`,
          });
        }
      });
      await runAction(request, async (trx, audit) => {
        await trx.deleteFrom('open311ServiceAttributes').where('categoryId', '=', category.id).execute();
        if (attributes.length > 0) {
          await trx
            .insertInto('open311ServiceAttributes')
            .values(
              attributes.map((a, i) => ({
                categoryId: category.id,
                code: a.code,
                datatype: a.datatype,
                required: a.required,
                variable: a.variable,
                description: a.description,
                datatypeDescription: a.datatypeDescription ?? null,
                sortOrder: i + 1,
                values: JSON.stringify(a.values),
              })),
            )
            .execute();
        }
        await audit({
          action: 'service_requests.configure',
          objectType: 'category',
          objectId: category.id,
          detail: { open311Attributes: attributes.map((a) => a.code) },
        });
      });
      return {
        data: {
          service_code: category.code,
          attributes: attributes.map((a, i) => ({
            variable: a.variable,
            code: a.code,
            datatype: a.datatype,
            required: a.required,
            datatype_description: a.datatypeDescription ?? null,
            order: i + 1,
            description: a.description,
            values: a.values,
          })),
        },
      };
    },
  );
};

/** Masks an e-mail address like a phone number: the mailbox's first character and the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskMiddle(email, 1, 0) ?? '';
  return `${email[0]}***${email.slice(at)}`;
}

/** What the desk shows of a request that came in over Open311; the e-mail masked unless revealed. */
const deskRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, crypto } = app.deps;
  const tags = ['open311'];

  mountGet(
    app,
    '/service-requests/:id/open311',
    { access: 'authenticated', tags, params: idParam, response: z.object({ data: requestDetailsSchema }) },
    async ({ actor, params, reply }) => {
      const row = await getVisibleRequest(db, actor, params.id);
      const details = await db
        .selectFrom('open311RequestDetails')
        .selectAll()
        .where('requestId', '=', row.id)
        .executeTakeFirst();
      noStore(reply);
      return {
        data: {
          mediaUrl: details?.mediaUrl ?? null,
          email: details?.emailEnc ? maskEmail(crypto.decrypt(details.emailEnc)) : null,
          addressId: details?.addressId ?? null,
          attributes: details?.attributes ?? [],
        },
      };
    },
  );

  mountWrite(
    app,
    'POST',
    '/service-requests/:id/open311/reveal-email',
    {
      access: 'service_requests.handle',
      tags,
      params: idParam,
      body: revealEmailBody,
      response: { 200: z.object({ data: z.object({ email: z.string() }) }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const row = await getVisibleRequest(db, actor, params.id);
      authorize(actor, 'service_requests.handle', row.handlingPath);
      const details = await db
        .selectFrom('open311RequestDetails')
        .select('emailEnc')
        .where('requestId', '=', row.id)
        .executeTakeFirst();
      if (!details?.emailEnc) throw new NotFoundError('该诉求没有电子邮箱');
      const email = crypto.decrypt(details.emailEnc);
      await runAction(request, (_trx, audit) =>
        audit({
          action: 'open311.reveal_email',
          objectType: 'service_request',
          objectId: row.id,
          orgPath: row.orgPath,
          detail: { reason: body.reason },
        }),
      );
      noStore(reply);
      return { data: { email } };
    },
  );
};
