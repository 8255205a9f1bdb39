import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { type Actor, authorize } from '../../platform/actor.ts';
import { chinaDate } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor, loadVisibleOrg } from '../../platform/org-scope.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import { ROLES, roleHas } from '../../platform/permissions.ts';
import { evidenceMime, readUpload, sendStoredFile } from '../../platform/uploads.ts';
import { idParam } from '../../platform/validation.ts';
import { campaignActions, itemActions } from './rectification.actions.ts';
import { bulletinRoutes } from './rectification.bulletin.ts';
import {
  campaignDetailSchema,
  campaignSchema,
  campaignsQuery,
  campaignsResponse,
  evidenceSchema,
  figuresSchema,
  inspectorsQuery,
  inspectorsResponse,
  itemDetailSchema,
  itemsQuery,
  itemsResponse,
  launchBody,
  RECTIFICATION_LABELS,
  sweepResponse,
} from './rectification.contract.ts';
import { gapRoutes } from './rectification.gaps.ts';
import { interviewRoutes } from './rectification.interviews.ts';
import { presentCampaign, presentItem } from './rectification.presenter.ts';
import {
  findCampaigns,
  findEvidence,
  findFindingOf,
  findItemEvents,
  findItems,
  findTargets,
  getCampaign,
  getVisibleCampaign,
  getVisibleItem,
  rectificationFigures,
} from './rectification.queries.ts';
import { addEvidence, launchCampaign, sweepItems } from './rectification.service.ts';
import { visitRoutes } from './rectification.visits.ts';

const tags = ['rectification'];
const INSPECTING_ROLES = ROLES.filter((r) => roleHas(r, 'rectification.inspect'));
const fieldLabels = RECTIFICATION_LABELS;
const evidenceAnswer = z.object({ data: evidenceSchema });

export const rectificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const today = () => chinaDate(clock.now());
  mountActions(app, campaignActions);
  mountActions(app, itemActions);
  await interviewRoutes(app, {});
  await bulletinRoutes(app, {});
  await visitRoutes(app, {});
  await gapRoutes(app, {});

  // ---- rectification items ------------------------------------------------------------------
  // The stable contract: the items of an organization's subtree, overdue first; 404 outside scope.
  app.get(
    '/rectification/items',
    {
      config: { fieldLabels, access: 'rectification.read' },
      schema: { tags, querystring: itemsQuery, response: { 200: itemsResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.query.orgId);
      authorize(actor, 'rectification.read', org.path);
      const { rows, total } = await findItems(db, org.path, request.query, today());
      return { data: rows.map((r) => presentItem(r, actor)), total, page: pageInfoOf(request.query, total) };
    },
  );

  app.get(
    '/rectification/items/:id',
    {
      config: { fieldLabels, access: 'rectification.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: itemDetailSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const item = await getVisibleItem(db, actor, request.params.id, today());
      const finding = item.sourceKind === 'inspection' ? await findFindingOf(db, item.id) : undefined;
      return {
        data: {
          ...presentItem(item, actor),
          events: (await findItemEvents(db, item.id)).map((e) => ({ ...e, at: e.at.toISOString() })),
          evidence: await findEvidence(db, { itemId: item.id }),
          finding: finding
            ? {
                description: finding.description,
                evidence: await findEvidence(db, { findingId: finding.id }),
              }
            : null,
        },
      };
    },
  );

  // Evidence of the rectification (photos, PDF), by the organization that rectifies, before it submits.
  app.post(
    '/rectification/items/:id/evidence',
    {
      config: { fieldLabels, access: 'rectification.rectify' },
      schema: { tags, params: idParam, response: { 201: evidenceAnswer } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const item = await getVisibleItem(db, actor, request.params.id, today());
      authorize(actor, 'rectification.rectify', item.orgPath);
      if (item.status !== 'open' && item.status !== 'returned') {
        throw new ValidationError({ status: '整改事项已提交或已办结，不能再上传佐证' });
      }
      const upload = await readUpload(request);
      const mime = evidenceMime(upload.buffer);
      const id = await runAction(request, async (trx, audit) => {
        const created = await addEvidence(
          trx,
          { itemId: item.id },
          { ...upload, mime },
          actor.user.id,
          clock.now(),
        );
        await audit({
          action: 'rectification.evidence_added',
          objectType: 'rectification_item',
          objectId: item.id,
          orgPath: item.orgPath,
          detail: { evidenceId: created, filename: upload.filename },
        });
        return created;
      });
      return reply.status(201).send({ data: { id, filename: upload.filename, mime } });
    },
  );

  // A finding's evidence (the inspector's photos), while the campaign is open.
  app.post(
    '/inspection-findings/:id/evidence',
    {
      config: { fieldLabels, access: 'rectification.inspect' },
      schema: { tags, params: idParam, response: { 201: evidenceAnswer } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const finding = await db
        .selectFrom('inspectionFindings')
        .select(['id', 'campaignId', 'orgPath'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!finding) throw new NotFoundError('问题记录不存在或无权访问');
      const campaign = await getVisibleCampaign(db, actor, finding.campaignId, today());
      if (
        !campaign.inspectorIds.includes(actor.user.id) &&
        !actor.can('rectification.launch', campaign.orgPath)
      ) {
        authorize(actor, 'rectification.launch', campaign.orgPath);
      }
      if (campaign.status !== 'open') throw new ValidationError({ status: '检查已结束，不能再上传' });
      const upload = await readUpload(request);
      const mime = evidenceMime(upload.buffer);
      const id = await runAction(request, async (trx, audit) => {
        const created = await addEvidence(
          trx,
          { findingId: finding.id },
          { ...upload, mime },
          actor.user.id,
          clock.now(),
        );
        await audit({
          action: 'rectification.finding_evidence_added',
          objectType: 'inspection_campaign',
          objectId: campaign.id,
          orgPath: finding.orgPath,
          detail: { findingId: finding.id, evidenceId: created },
        });
        return created;
      });
      return reply.status(201).send({ data: { id, filename: upload.filename, mime } });
    },
  );

  /** Whether the caller sees the record an evidence file belongs to. */
  const evidenceVisible = async (actor: Actor, file: { itemId: number | null; findingId: number | null }) => {
    if (file.itemId !== null) return getVisibleItem(db, actor, file.itemId, today());
    const finding = await db
      .selectFrom('inspectionFindings')
      .select(['campaignId', 'orgPath'])
      .where('id', '=', file.findingId ?? 0)
      .executeTakeFirstOrThrow();
    if (!actor.can('rectification.read', finding.orgPath)) throw new NotFoundError('文件不存在或无权访问');
    return finding;
  };

  app.get(
    '/rectification/evidence/:id',
    {
      config: { access: 'rectification.read' },
      // The file's bytes themselves (sent as a Buffer, not serialized).
      schema: { tags, params: idParam, response: { 200: z.any().describe('佐证文件（照片或 PDF）') } },
    },
    async (request, reply) => {
      const file = await db
        .selectFrom('rectificationEvidence')
        .select(['itemId', 'findingId', 'filename', 'mime', 'content'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!file) throw new NotFoundError('文件不存在或无权访问');
      await evidenceVisible(actorOf(request), file);
      return sendStoredFile(reply, file);
    },
  );

  app.get(
    '/rectification/figures',
    {
      config: { fieldLabels, access: 'rectification.read' },
      schema: {
        tags,
        querystring: z.object({ orgId: z.coerce.number().int().positive() }),
        response: { 200: z.object({ data: figuresSchema }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.query.orgId);
      authorize(actor, 'rectification.read', org.path);
      const day = today();
      return { data: await rectificationFigures(db, org.path, Number(day.slice(0, 4)), day) };
    },
  );

  // Reminders before the deadline and escalation of overdue items, for a subtree (the daily job).
  app.post(
    '/orgs/:id/rectification/sweep',
    {
      config: { fieldLabels, access: 'rectification.launch' },
      schema: { tags, params: idParam, body: z.object({}).strict(), response: { 200: sweepResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const data = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'rectification.launch');
        const result = await sweepItems(trx, org.path, clock.now());
        await audit({
          action: 'rectification.swept',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: result,
        });
        return result;
      });
      return { data };
    },
  );

  // ---- inspection campaigns -----------------------------------------------------------------
  // The inspector picker: active staff who may inspect, whose home organization is this one or below (the rule
  // `launchCampaign` enforces), searched by name.
  app.get(
    '/orgs/:id/rectification/inspectors',
    {
      config: { fieldLabels, access: 'rectification.launch' },
      schema: { tags, params: idParam, querystring: inspectorsQuery, response: { 200: inspectorsResponse } },
    },
    async (request) => {
      const org = await loadOrgFor(db, actorOf(request), request.params.id, 'rectification.launch');
      let query = db
        .selectFrom('users as u')
        .innerJoin('orgs as h', 'h.id', 'u.homeOrgId')
        .select(['u.id', 'u.displayName', 'h.name as orgName'])
        .where('h.path', 'like', `${org.path}%`)
        .where('u.disabledAt', 'is', null)
        // staff who may inspect (not residents, members or the system's administrators)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('roleGrants as g')
              .select('g.userId')
              .whereRef('g.userId', '=', 'u.id')
              .where('g.role', 'in', INSPECTING_ROLES)
              .where('g.revokedAt', 'is', null),
          ),
        );
      const q = request.query.q;
      if (q) query = query.where('u.displayName', 'like', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      return { data: await query.orderBy('h.path').orderBy('u.displayName').limit(20).execute() };
    },
  );

  app.get(
    '/inspections',
    {
      config: { fieldLabels, access: 'rectification.read' },
      schema: { tags, querystring: campaignsQuery, response: { 200: campaignsResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.query.orgId);
      authorize(actor, 'rectification.read', org.path);
      const { rows, total } = await findCampaigns(db, org.path, request.query, today());
      return { data: rows.map((r) => presentCampaign(r, actor)), page: pageInfoOf(request.query, total) };
    },
  );

  app.get(
    '/inspections/:id',
    {
      config: { fieldLabels, access: 'rectification.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: campaignDetailSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const campaign = await getVisibleCampaign(db, actor, request.params.id, today());
      const targets = await findTargets(db, campaign.id);
      return {
        data: {
          ...presentCampaign(campaign, actor),
          targetOrgs: targets.map((t) => ({ ...t, findings: Number(t.findings) })),
        },
      };
    },
  );

  app.post(
    '/orgs/:id/inspections',
    {
      config: { fieldLabels, access: 'rectification.launch' },
      schema: {
        tags,
        params: idParam,
        body: launchBody,
        response: { 201: z.object({ data: campaignSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'rectification.launch');
        return launchCampaign(trx, audit, org, request.body, actor, clock.now());
      });
      const campaign = await getCampaign(db, id, today());
      if (!campaign) throw new NotFoundError();
      return reply.status(201).send({ data: presentCampaign(campaign, actor) });
    },
  );
};
