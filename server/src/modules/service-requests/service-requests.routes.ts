import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { abilitiesOf, mountActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { loadOrg, loadOrgFor } from '../../platform/org-scope.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import { mountGet } from '../../platform/reads.ts';
import { pathLeafId } from '../../platform/scope.ts';
import { replyAuditedXlsx } from '../../platform/spreadsheet.ts';
import { idParam, okBody, registerFieldLabels } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { localDate } from '../work-calendar/index.ts';
import { asOf, requestActions } from './service-requests.actions.ts';
import {
  categorySchema,
  createCategoryBody,
  createRuleBody,
  listRequestsQuery,
  notificationSchema,
  requestDetailSchema,
  requestEventSchema,
  requestListResponse,
  requestSchema,
  ruleSchema,
  statsQuery,
  statsResponse,
  submitRequestBody,
  sweepResponse,
  updateCategoryBody,
} from './service-requests.contract.ts';
import { buildRequestLedger } from './service-requests.ledger.ts';
import { presentEvents, presentRequest } from './service-requests.presenter.ts';
import {
  findCategories,
  findNotifications,
  findRequestEvents,
  findRequests,
  getPhoto,
  getRuleOn,
  getVisibleRequest,
  type RequestRow,
  requestStats,
} from './service-requests.queries.ts';
import {
  createRule,
  escalateOverdue,
  type RequestContext,
  submitRequest,
} from './service-requests.service.ts';

registerFieldLabels({
  categoryId: '诉求分类',
  title: '诉求标题',
  description: '诉求内容',
  location: '地点',
  lat: '纬度',
  lng: '经度',
  photo: '照片',
  mime: '图片类型',
  data: '图片数据',
  source: '来源',
  contactName: '联系人',
  contactPhone: '联系电话',
  resolution: '办理结果',
  nextRoute: '下一步去向',
  comment: '评价',
  rating: '满意度',
  note: '说明',
  ratingWindowHours: '评价可修改时限',
  ratedFrom: '回访开始日期',
  ratedTo: '回访结束日期',
  status: '状态',
  overdue: '是否超期',
  limits: '各级时限',
  grid: '网格时限',
  community: '社区时限',
  street: '街道时限',
  district: '区级时限',
  version: '规则版本',
  effectiveFrom: '生效日期',
  active: '是否启用',
});

const tags = ['service-requests'];
const dataRequest = z.object({ data: requestSchema });

export const serviceRequestsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto } = app.deps;
  const decrypt = (enc: string) => crypto.decrypt(enc);
  const present = (row: RequestRow) => presentRequest(row, localDate(clock.now()), decrypt);
  const ctxOf = (
    actor: Actor,
    trx: RequestContext['trx'],
    audit: RequestContext['audit'],
  ): RequestContext => ({
    trx,
    audit,
    now: clock.now(),
    by: { userId: actor.user.id, name: actor.user.displayName },
  });
  const detail = async (actor: Actor, row: RequestRow) => ({
    ...present(row),
    events: presentEvents(await findRequestEvents(db, row.id)),
    abilities: abilitiesOf(requestActions, actor, asOf(row, clock.now())),
  });

  // ---- configuration: categories and the per-level clock -------------------------------------
  mountGet(
    app,
    '/service-request-categories',
    {
      access: 'authenticated',
      tags,
      query: z.object({ includeInactive: z.enum(['true', 'false']).optional() }),
      response: z.object({ data: z.array(categorySchema) }),
    },
    async ({ query }) => ({ data: await findCategories(db, query.includeInactive === 'true') }),
  );

  mountWrite(
    app,
    'POST',
    '/service-request-categories',
    {
      access: 'service_requests.configure',
      tags,
      body: createCategoryBody,
      response: { 201: z.object({ data: categorySchema }) },
    },
    async ({ body, request, reply }) => {
      const row = await runAction(request, async (trx, audit) => {
        const created = await trx
          .insertInto('serviceRequestCategories')
          .values({
            code: body.code,
            name: body.name,
            description: body.description ?? null,
            sortOrder: body.sortOrder ?? 100,
          })
          .returning(['id', 'code', 'name', 'description', 'sortOrder', 'active'])
          .executeTakeFirstOrThrow();
        await audit({ action: 'service_requests.configure', objectType: 'category', objectId: created.id });
        return created;
      });
      return reply.status(201).send({ data: row });
    },
  );

  mountWrite(
    app,
    'PATCH',
    '/service-request-categories/:id',
    {
      access: 'service_requests.configure',
      tags,
      params: idParam,
      body: updateCategoryBody,
      response: { 200: z.object({ data: categorySchema }) },
    },
    async ({ params, body, request }) => {
      const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      if (Object.keys(changes).length === 0) throw new AppError(400, 'EMPTY_UPDATE', '没有要修改的内容');
      const row = await runAction(request, async (trx, audit) => {
        const updated = await trx
          .updateTable('serviceRequestCategories')
          .set(changes)
          .where('id', '=', params.id)
          .returning(['id', 'code', 'name', 'description', 'sortOrder', 'active'])
          .executeTakeFirst();
        if (!updated) throw new NotFoundError('诉求分类不存在');
        await audit({
          action: 'service_requests.configure',
          objectType: 'category',
          objectId: updated.id,
          detail: { changed: Object.keys(changes) },
        });
        return updated;
      });
      return { data: row };
    },
  );

  mountGet(
    app,
    '/service-requests/rules/current',
    { access: 'authenticated', tags, response: z.object({ data: ruleSchema }) },
    async () => {
      const rule = await getRuleOn(db, localDate(clock.now()));
      return { data: rule };
    },
  );

  mountWrite(
    app,
    'POST',
    '/service-requests/rules',
    {
      access: 'service_requests.configure',
      tags,
      body: createRuleBody,
      response: { 201: z.object({ data: ruleSchema }) },
    },
    async ({ actor, body, request, reply }) => {
      await runAction(request, (trx, audit) => createRule(ctxOf(actor, trx, audit), body));
      const { version, effectiveFrom, source, limits, ratingWindowHours = 24 } = body;
      return reply.status(201).send({ data: { version, effectiveFrom, source, limits, ratingWindowHours } });
    },
  );

  // ---- requests --------------------------------------------------------------------------------
  mountWrite(
    app,
    'POST',
    '/orgs/:id/service-requests',
    {
      access: 'service_requests.submit',
      tags,
      params: idParam,
      body: submitRequestBody,
      response: { 201: dataRequest },
    },
    async ({ actor, params, body: input, request, reply }) => {
      const granted = await loadOrgFor(db, actor, params.id, 'service_requests.submit');
      // A building (楼栋长's scope) is handled by its grid: the request is placed there.
      const org =
        granted.level === 'building' && granted.parentId !== null
          ? ((await loadOrg(db, granted.parentId)) ?? granted)
          : granted;
      // Officials (who can read the desk) enter on a resident's behalf; everyone else is a resident.
      const official = actor.can('service_requests.read', org.path);
      const { source, ...body } = input;
      if (!official && source) throw new ValidationError({ source: '居民提交的诉求来源只能是居民本人' });
      if (official && !body.contactName) {
        throw new ValidationError({ contactName: '代居民登记诉求时请填写联系人' });
      }
      const row = await runAction(request, (trx, audit) =>
        submitRequest(
          ctxOf(actor, trx, audit),
          {
            org,
            source: official
              ? (source ?? (actor.roles.includes('grid_worker') ? 'grid_worker' : 'service_desk'))
              : 'resident',
            residentUserId: official ? null : actor.user.id,
          },
          official ? body : { ...body, contactName: body.contactName ?? actor.user.displayName },
          (phone) => ({ enc: crypto.encrypt(phone), hash: crypto.blindIndex(phone) }),
        ),
      );
      noStore(reply);
      return reply.status(201).send({ data: present(row) });
    },
  );

  mountGet(
    app,
    '/service-requests',
    { access: 'authenticated', tags, query: listRequestsQuery, response: requestListResponse },
    async ({ actor, query, reply }) => {
      const { orgId } = query;
      const within = orgId ? (await loadOrgFor(db, actor, orgId, 'service_requests.read')).path : undefined;
      const { rows, total } = await findRequests(db, actor, query, localDate(clock.now()), within);
      noStore(reply);
      return {
        data: rows.map(present),
        page: pageInfoOf(query, total),
      };
    },
  );

  app.get(
    '/service-requests/ledger.xlsx',
    {
      config: { access: 'service_requests.read' },
      schema: {
        tags,
        querystring: listRequestsQuery,
        response: { 200: z.any().describe('诉求台账（.xlsx：诉求台账、办理过程两张表）') },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { orgId } = request.query;
      const org = orgId ? await loadOrgFor(db, actor, orgId, 'service_requests.read') : undefined;
      const today = localDate(clock.now());
      const { buffer, count } = await buildRequestLedger(db, actor, request.query, today, org?.path);
      return replyAuditedXlsx(request, reply, {
        name: `${org?.name ?? '民情诉求'}-诉求台账-${today}.xlsx`,
        buffer,
        audit: {
          action: 'service_requests.export',
          objectType: 'service_request',
          orgPath: org?.path ?? actor.paths('service_requests.read')[0] ?? null,
          detail: { rows: count, filters: { ...request.query, page: undefined, pageSize: undefined } },
        },
      });
    },
  );

  mountGet(
    app,
    '/service-requests/stats',
    { access: 'service_requests.stats', tags, query: statsQuery, response: statsResponse },
    async ({ actor, query }) => {
      const { from, to } = query;
      if (to < from) throw new ValidationError({ to: '结束日期不能早于开始日期' });
      const roots = actor.paths('service_requests.stats');
      const rootId = query.orgId ?? pathLeafId(roots[0] ?? '');
      const org = await loadOrgFor(db, actor, rootId, 'service_requests.stats');
      const stats = await requestStats(db, org.path, from, to, localDate(clock.now()));
      return { data: { org: { id: org.id, name: org.name }, from, to, ...stats } };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/service-requests/escalate-overdue',
    { access: 'service_requests.escalate', tags, params: idParam, response: { 200: sweepResponse } },
    async ({ actor, params, request }) => {
      const org = await loadOrgFor(db, actor, params.id, 'service_requests.escalate');
      const result = await runAction(request, (trx, audit) =>
        escalateOverdue(
          { ...ctxOf(actor, trx, audit), by: { userId: actor.user.id, name: '系统（超期自动上报）' } },
          org.path,
        ),
      );
      return { data: result };
    },
  );

  mountGet(
    app,
    '/service-requests/:id',
    { access: 'authenticated', tags, params: idParam, response: z.object({ data: requestDetailSchema }) },
    async ({ actor, params, reply }) => {
      const row = await getVisibleRequest(db, actor, params.id);
      noStore(reply);
      return { data: await detail(actor, row) };
    },
  );

  mountGet(
    app,
    '/service-requests/:id/history',
    {
      access: 'authenticated',
      tags,
      params: idParam,
      response: z.object({ data: z.array(requestEventSchema) }),
    },
    async ({ actor, params }) => {
      const row = await getVisibleRequest(db, actor, params.id);
      return { data: presentEvents(await findRequestEvents(db, row.id)) };
    },
  );

  app.get(
    '/service-requests/:id/photo',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        params: idParam,
        // The image bytes themselves (sent as a Buffer, not serialized).
        response: { 200: z.any().describe('图片（image/jpeg、image/png 或 image/webp）') },
      },
    },
    async (request, reply) => {
      const row = await getVisibleRequest(db, actorOf(request), request.params.id);
      const photo = await getPhoto(db, row.id);
      if (!photo) throw new NotFoundError('该诉求没有照片');
      noStore(reply);
      return reply.type(photo.mime).send(photo.content);
    },
  );

  // ---- the workflow: every state change is one entry of the action table ----------------------
  mountActions(app, requestActions);

  // ---- the resident's notifications -------------------------------------------------------------
  mountGet(
    app,
    '/service-request-notifications',
    {
      access: 'authenticated',
      tags,
      response: z.object({ data: z.array(notificationSchema), unread: z.number() }),
    },
    async ({ actor, reply }) => {
      const rows = await findNotifications(db, actor.user.id);
      noStore(reply);
      return {
        data: rows.map((n) => ({
          ...n,
          id: Number(n.id),
          createdAt: n.createdAt.toISOString(),
          readAt: n.readAt?.toISOString() ?? null,
        })),
        unread: rows.filter((n) => n.readAt === null).length,
      };
    },
  );

  mountWrite(
    app,
    'POST',
    '/service-request-notifications/read',
    {
      access: 'authenticated',
      tags,
      body: z.object({ ids: z.array(z.number().int().positive()).max(200).optional() }).strict(),
      response: { 200: okBody },
    },
    async ({ actor, body, request }) => {
      await runAction(request, async (trx, audit) => {
        let q = trx
          .updateTable('serviceRequestNotifications')
          .set({ readAt: clock.now() })
          .where('userId', '=', actor.user.id)
          .where('readAt', 'is', null);
        if (body.ids) q = q.where('id', 'in', body.ids);
        await q.execute();
        await audit({ action: 'service_requests.read_notifications', objectType: 'notification' });
      });
      return { ok: true as const };
    },
  );
};
