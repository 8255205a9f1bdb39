import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { authorize } from '../../platform/actor.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor, loadVisibleOrg } from '../../platform/org-scope.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import { evidenceMime, readUpload, sendStoredFile } from '../../platform/uploads.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import { itemActions, listActions } from './responsibility.actions.ts';
import { breakthroughRoutes } from './responsibility.breakthroughs.ts';
import {
  createListBody,
  itemsQuery,
  itemsResponse,
  kindSchema,
  listDetailSchema,
  listSchema,
  listsQuery,
  listsResponse,
  progressSchema,
  RESPONSIBILITY_LABELS,
  takeBody,
  takeResponse,
} from './responsibility.contract.ts';
import { presentItem, presentList } from './responsibility.presenter.ts';
import {
  findKinds,
  findListItems,
  findOrgLists,
  findProgress,
  findSignatures,
  findSubtreeItems,
  getList,
  getVisibleItem,
  getVisibleList,
} from './responsibility.queries.ts';
import { reportRoutes } from './responsibility.reports.ts';
import { attachToProgress, createList, takeFromAbove } from './responsibility.service.ts';

const tags = ['responsibility'];

export const responsibilityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const today = () => localDate(clock.now());
  mountActions(app, listActions);
  mountActions(app, itemActions);
  await breakthroughRoutes(app, {});
  await reportRoutes(app, {});

  app.get(
    '/responsibility/kinds',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.read' },
      schema: { tags, response: { 200: z.object({ data: z.array(kindSchema) }) } },
    },
    async () => ({ data: await findKinds(db) }),
  );

  // The stable contract: an organization's lists for a year, each with its items and signature.
  app.get(
    '/responsibility/lists',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.read' },
      schema: { tags, querystring: listsQuery, response: { 200: listsResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.query.orgId);
      authorize(actor, 'responsibility.read', org.path);
      const lists = await findOrgLists(db, org.id, request.query.year);
      const items = await findListItems(
        db,
        lists.map((l) => l.id),
        today(),
      );
      return {
        data: lists.map((l) =>
          presentList(
            l,
            items.filter((i) => i.listId === l.id),
            today(),
            actor,
          ),
        ),
      };
    },
  );

  app.get(
    '/responsibility/lists/:id',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: listDetailSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const list = await getVisibleList(db, actor, request.params.id);
      const items = await findListItems(db, [list.id], today());
      const signatures = await findSignatures(db, list.id);
      return {
        data: {
          ...presentList(list, items, today(), actor),
          signatures: signatures.map((s) => ({ ...s, signedAt: s.signedAt.toISOString() })),
        },
      };
    },
  );

  app.post(
    '/orgs/:id/responsibility/lists',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.manage' },
      schema: {
        tags,
        params: idParam,
        body: createListBody,
        response: { 201: z.object({ data: listSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'responsibility.manage');
        return createList(trx, audit, org, request.body, clock.now());
      });
      const list = await getList(db, id);
      if (!list) throw new NotFoundError();
      return reply.status(201).send({ data: presentList(list, [], today(), actor) });
    },
  );

  app.post(
    '/orgs/:id/responsibility/take',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.manage' },
      schema: { tags, params: idParam, body: takeBody, response: { 200: takeResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const data = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'responsibility.manage');
        return takeFromAbove(trx, audit, org, request.body.year, request.body.signDueOn, clock.now());
      });
      return { data };
    },
  );

  // The level above sees every item below it, late ones first.
  app.get(
    '/responsibility/items',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.read' },
      schema: { tags, querystring: itemsQuery, response: { 200: itemsResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.query.orgId);
      authorize(actor, 'responsibility.read', org.path);
      const { rows, total } = await findSubtreeItems(db, org.path, request.query, today());
      return { data: rows.map((r) => presentItem(r, actor)), page: pageInfoOf(request.query, total) };
    },
  );

  app.get(
    '/responsibility/items/:id/progress',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: z.array(progressSchema) }) } },
    },
    async (request) => {
      const item = await getVisibleItem(db, actorOf(request), request.params.id, today());
      const reports = await findProgress(db, item.id);
      return {
        data: reports.map((r) => ({
          id: r.id,
          text: r.text,
          figures: r.figures,
          progress: r.progress,
          reportedBy: r.reportedByName,
          reportedAt: r.reportedAt.toISOString(),
          attachments: r.attachments.map((a) => ({ id: a.id, filename: a.filename })),
        })),
      };
    },
  );

  /** Loads a progress report's item in the caller's scope (404 outside it). */
  const progressItem = async (actor: ReturnType<typeof actorOf>, progressId: number) => {
    const report = await db
      .selectFrom('responsibilityProgress')
      .select(['id', 'itemId'])
      .where('id', '=', progressId)
      .executeTakeFirst();
    if (!report) throw new NotFoundError('进展报告不存在或无权访问');
    return getVisibleItem(db, actor, report.itemId, today());
  };

  app.post(
    '/responsibility/progress/:id/attachments',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.report' },
      schema: {
        tags,
        params: idParam,
        response: { 201: z.object({ data: z.object({ id: z.number(), filename: z.string() }) }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const item = await progressItem(actor, request.params.id);
      authorize(actor, 'responsibility.report', item.ownerPath);
      const upload = await readUpload(request);
      const mime = evidenceMime(upload.buffer);
      const id = await runAction(request, (trx, audit) =>
        attachToProgress(trx, audit, request.params.id, item.ownerPath, { ...upload, mime }, clock.now()),
      );
      return reply.status(201).send({ data: { id, filename: upload.filename } });
    },
  );

  app.get(
    '/responsibility/attachments/:id',
    {
      config: { fieldLabels: RESPONSIBILITY_LABELS, access: 'responsibility.read' },
      // The file's bytes themselves (sent as a Buffer, not serialized).
      schema: { tags, params: idParam, response: { 200: z.any().describe('进展附件（照片或 PDF）') } },
    },
    async (request, reply) => {
      const file = await db
        .selectFrom('responsibilityAttachments')
        .select(['progressId', 'filename', 'mime', 'content'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!file) throw new NotFoundError('附件不存在或无权访问');
      await progressItem(actorOf(request), file.progressId);
      return sendStoredFile(reply, file);
    },
  );
};
