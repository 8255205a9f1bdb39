import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { abilitiesOf, mountActions, performAction } from '../../platform/actions.ts';
import { authorize } from '../../platform/actor.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { loadOrg, loadOrgFor, loadVisibleOrg, orgNotFound } from '../../platform/org-scope.ts';
import { pagedResponse, pageInfoOf } from '../../platform/paging.ts';
import { mountGet } from '../../platform/reads.ts';
import {
  addLedgerSheet,
  escapeFormula,
  replyAuditedXlsx,
  workbookBuffer,
} from '../../platform/spreadsheet.ts';
import { readUpload } from '../../platform/uploads.ts';
import { idParam, isoDate } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { overdueConversions } from '../members/index.ts';
import { catalogueById, catalogueFor, listCatalogues, profileOf } from './catalogue.ts';
import { computeCompliance, obligationContext, obligationsFor } from './compliance.ts';
import { meetingsWorkbook, supervisionWorkbook } from './ledgers.ts';
import {
  leaveActions,
  leaveOf,
  meetingActions,
  presentLeave,
  presentMeetingById,
} from './org-life.actions.ts';
import {
  assignProfileBody,
  calendarQuery,
  calendarResponse,
  catalogueQuery,
  catalogueSchema,
  compliancePagedQuery,
  complianceQuery,
  complianceResponse,
  complianceSummaryResponse,
  conversionsResponse,
  createCatalogueBody,
  digestResponse,
  listMeetingsQuery,
  meetingDetail,
  meetingSummary,
  myOrgLifeResponse,
  planMeetingBody,
  recordMeetingBody,
  rosterResponse,
  supervisionResponse,
  updateMeetingBody,
} from './org-life.contract.ts';
import {
  listMeetings,
  meetingFor,
  myMeetings,
  readableMeeting,
  summariesOf,
  viewOf,
} from './org-life.queries.ts';
import { assignProfile, expectedAttendees, planMeeting, publishCatalogue } from './org-life.service.ts';
import { chinaDate, type Period } from './periods.ts';
import { membersOfUser } from './roster.ts';
import { computeComplianceSummary } from './summary.ts';

const tags = ['org-life'];
const idData = z.object({ data: z.object({ id: z.number() }) });

/** Attachments: photos and documents of a record, checked by their first bytes, not by their name. */
const ATTACHMENT_TYPES: { mime: string; ext: string; magic: number[] }[] = [
  { mime: 'image/jpeg', ext: '.jpg', magic: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', ext: '.png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { mime: 'application/pdf', ext: '.pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: '.docx',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
];
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Optional paging of a computed list: without `limit` everything, and no page object. */
function pageOf<T>(rows: T[], q: { limit?: number; offset: number }) {
  if (q.limit === undefined) return { items: rows, page: undefined };
  const items = rows.slice(q.offset, q.offset + q.limit);
  const next = q.offset + q.limit;
  return {
    items,
    page: {
      offset: q.offset,
      limit: q.limit,
      total: rows.length,
      nextOffset: next < rows.length ? next : null,
    },
  };
}

export const orgLifeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, config } = app.deps;
  const today = () => chinaDate(clock.now());

  // ---- catalogue ----------------------------------------------------------------------------
  mountGet(
    app,
    '/org-life/catalogue',
    { access: 'authenticated', tags, query: catalogueQuery, response: z.object({ data: catalogueSchema }) },
    async ({ actor, query }) => {
      const org = await loadVisibleOrg(db, actor, query.orgId);
      return { data: await catalogueFor(db, await profileOf(db, org.path), query.date ?? today()) };
    },
  );

  mountGet(
    app,
    '/org-life/catalogues',
    { access: 'org_life.read', tags, response: z.object({ data: z.array(catalogueSchema) }) },
    async () => ({ data: await listCatalogues(db) }),
  );

  mountWrite(
    app,
    'POST',
    '/org-life/catalogues',
    { access: 'org_life.configure', tags, body: createCatalogueBody, response: { 201: idData } },
    async ({ actor, body, request, reply }) => {
      const id = await runAction(request, (trx, audit) =>
        publishCatalogue({ trx, audit, actor, now: clock.now() }, body),
      );
      return reply.status(201).send({ data: { id } });
    },
  );

  mountWrite(
    app,
    'PUT',
    '/orgs/:id/org-life-profile',
    {
      access: 'org_life.configure',
      tags,
      params: idParam,
      body: assignProfileBody,
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
    async ({ actor, params, body, request }) => {
      await runAction(request, (trx, audit) =>
        assignProfile({ trx, audit, actor, now: clock.now() }, params.id, body.profile),
      );
      return { ok: true as const };
    },
  );

  // ---- compliance, supervision, calendar, digest --------------------------------------------
  mountGet(
    app,
    '/org-life/compliance',
    { access: 'org_life.supervise', tags, query: compliancePagedQuery, response: complianceResponse },
    async ({ actor, query }) => {
      const q = query;
      const org = await loadOrgFor(db, actor, q.orgId, 'org_life.supervise');
      const rows = (await computeCompliance(db, org.path, q.period, today())).filter(
        (r) => (!q.status || r.status === q.status) && (!q.type || r.type === q.type),
      );
      const { items, page } = pageOf(rows, q);
      return {
        data: items.map((r) => ({
          orgId: r.orgId,
          type: r.type,
          status: r.status,
          lastHeldAt: r.lastHeldAt,
          reason: r.reason,
        })),
        ...(page ? { page } : {}),
      };
    },
  );

  mountGet(
    app,
    '/org-life/compliance/summary',
    { access: 'org_life.supervise', tags, query: complianceQuery, response: complianceSummaryResponse },
    async ({ actor, query }) => {
      const org = await loadOrgFor(db, actor, query.orgId, 'org_life.supervise');
      const summary = await computeComplianceSummary(db, org, query.period, today());
      // Breadcrumb: the organizations on the path that the caller supervises.
      const ancestors = org.path.split('/').filter(Boolean).map(Number);
      const trail = await db
        .selectFrom('orgs')
        .select(['id', 'name', 'path'])
        .where('id', 'in', ancestors)
        .orderBy('depth')
        .execute();
      return {
        data: {
          ...summary,
          trail: trail
            .filter((o) => actor.can('org_life.supervise', o.path))
            .map((o) => ({ orgId: o.id, orgName: o.name })),
        },
      };
    },
  );

  mountGet(
    app,
    '/org-life/supervision',
    { access: 'org_life.supervise', tags, query: compliancePagedQuery, response: supervisionResponse },
    async ({ actor, query }) => {
      const org = await loadOrgFor(db, actor, query.orgId, 'org_life.supervise');
      const rows = await computeCompliance(db, org.path, query.period, today());
      const types = new Map<string, string>();
      const byOrg = new Map<number, { orgId: number; orgName: string; cells: typeof rows }>();
      for (const r of rows) {
        types.set(r.type, r.typeName);
        const entry = byOrg.get(r.orgId) ?? { orgId: r.orgId, orgName: r.orgName, cells: [] };
        entry.cells.push(r);
        byOrg.set(r.orgId, entry);
      }
      const list = [...byOrg.values()].map((e) => {
        const okCount = e.cells.filter((c) => c.status === 'ok').length;
        const overdue = e.cells.filter((c) => c.status === 'overdue').length;
        return {
          orgId: e.orgId,
          orgName: e.orgName,
          okCount,
          overdue,
          total: e.cells.length,
          rate: e.cells.length ? Math.round((okCount / e.cells.length) * 1000) / 10 : 0,
          cells: e.cells.map((c) => ({
            type: c.type,
            status: c.status,
            lastHeldAt: c.lastHeldAt,
            reason: c.reason,
          })),
        };
      });
      // Ranking: highest share on time first, fewest overdue next (ties share a rank).
      const sorted = [...list].sort((a, b) => b.rate - a.rate || a.overdue - b.overdue);
      const ranked = sorted.map((row, i) => {
        const prev = sorted[i - 1];
        const rank = prev && prev.rate === row.rate && prev.overdue === row.overdue ? -1 : i + 1;
        return { row, rank };
      });
      let last = 1;
      const out = ranked.map(({ row, rank }) => {
        if (rank !== -1) last = rank;
        const { overdue: _o, ...rest } = row;
        return { ...rest, rank: last };
      });
      const q = query;
      const shown = out.filter(
        (r) =>
          (!q.status || r.cells.some((c) => c.status === q.status)) &&
          (!q.type || r.cells.some((c) => c.type === q.type && (!q.status || c.status === q.status))),
      );
      const { items, page } = pageOf(shown, q);
      return {
        ...(page ? { page } : {}),
        data: {
          period: q.period,
          types: [...types].map(([code, name]) => ({ code, name })),
          rows: items,
        },
      };
    },
  );

  mountGet(
    app,
    '/org-life/supervision/conversions',
    {
      access: 'org_life.supervise',
      tags,
      query: z.object({ orgId: z.coerce.number().int().positive() }),
      response: conversionsResponse,
    },
    async ({ actor, query, reply }) => {
      noStore(reply);
      const org = await loadOrgFor(db, actor, query.orgId, 'org_life.supervise');
      const rows = await overdueConversions(db, org.path, today());
      return { data: rows.slice(0, 200), total: rows.length };
    },
  );

  app.get(
    '/org-life/supervision/ledger.xlsx',
    {
      config: { access: 'org_life.supervise' },
      schema: { tags, querystring: complianceQuery, response: { 200: z.unknown() } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { orgId, period } = request.query;
      const org = await loadOrgFor(db, actor, orgId, 'org_life.supervise');
      const rows = await computeCompliance(db, org.path, period, today());
      const conversions = await overdueConversions(db, org.path, today(), 20_000);
      const buffer = await supervisionWorkbook(org.name, period, rows, conversions);
      return replyAuditedXlsx(request, reply, {
        name: `${org.name}-${period}组织生活督导台账.xlsx`,
        buffer,
        audit: {
          action: 'org_life.export',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: { ledger: 'supervision', period, rows: rows.length, conversions: conversions.length },
        },
      });
    },
  );

  async function calendarOf(orgId: number, date: string) {
    const org = await loadOrg(db, orgId);
    if (!org) throw orgNotFound();
    const catalogue = await catalogueFor(db, await profileOf(db, org.path), date);
    const counts = await db
      .selectFrom('orgLifeHeldCounts')
      .select(['typeCode', 'frequency', 'periodStart', 'heldCount'])
      .where('orgId', '=', org.id)
      .execute();
    const last = await db
      .selectFrom('orgLifeLastHeld')
      .select(['typeCode', 'lastHeldOn'])
      .where('orgId', '=', org.id)
      .execute();
    const items = obligationsFor(
      catalogue,
      org.kind,
      date,
      (t, p: Period) =>
        counts.find((c) => c.typeCode === t.code && c.frequency === t.frequency && c.periodStart === p.start)
          ?.heldCount ?? 0,
      (t) => last.find((l) => l.typeCode === t.code)?.lastHeldOn ?? null,
      await obligationContext(db, org, date),
    );
    return {
      org,
      items: items.map((i) => ({
        type: i.type.code,
        typeName: i.type.name,
        frequency: i.type.frequency,
        periodStart: i.period.start,
        periodEnd: i.period.end,
        periodLabel: i.period.label,
        required: i.type.timesPerPeriod,
        heldCount: i.heldCount,
        lastHeldAt: i.lastHeldAt,
        status: i.status,
        reason: i.reason,
      })),
    };
  }

  mountGet(
    app,
    '/orgs/:id/org-life/calendar',
    { access: 'org_life.read', tags, params: idParam, query: calendarQuery, response: calendarResponse },
    async ({ actor, params, query }) => {
      const org = await loadOrgFor(db, actor, params.id, 'org_life.read');
      const date = query.date ?? today();
      const { items } = await calendarOf(org.id, date);
      return { data: { orgId: org.id, orgName: org.name, date, items } };
    },
  );

  mountGet(
    app,
    '/org-life/digest',
    { access: 'org_life.record', tags, response: digestResponse },
    async ({ actor }) => {
      const roots = actor.paths('org_life.record');
      const branches = roots.length
        ? await db
            .selectFrom('orgs')
            .select(['id', 'name'])
            .where('status', '=', 'active')
            .where('kind', 'in', ['branch', 'general_branch'])
            .where((eb) => eb.or(roots.map((p) => eb('path', 'like', `${p}%`))))
            .orderBy('path')
            .limit(50)
            .execute()
        : [];
      const date = today();
      const data = [];
      for (const b of branches) {
        const { items } = await calendarOf(b.id, date);
        const urgent = items.filter((i) => i.status === 'overdue' || i.status === 'due_soon');
        data.push({
          orgId: b.id,
          orgName: b.name,
          overdue: urgent.filter((i) => i.status === 'overdue').length,
          dueSoon: urgent.filter((i) => i.status === 'due_soon').length,
          items: urgent.map((i) => ({
            type: i.type,
            typeName: i.typeName,
            status: i.status,
            reason: i.reason,
          })),
        });
      }
      return { data };
    },
  );

  // ---- meetings -----------------------------------------------------------------------------
  mountGet(
    app,
    '/org-life/meetings',
    { access: 'authenticated', tags, query: listMeetingsQuery, response: pagedResponse(meetingSummary) },
    async ({ actor, query }) => {
      const org = await loadVisibleOrg(db, actor, query.orgId);
      let own: number[] | null = null;
      if (!actor.can('org_life.read', org.path)) {
        if (!actor.hasPermission('org_life.read_own')) authorize(actor, 'org_life.read', org.path);
        own = (await membersOfUser(db, actor.user.id)).map((m) => m.id);
      }
      const { rows, total } = await listMeetings(db, actor, org.path, query, own);
      return { data: await summariesOf(db, rows), page: pageInfoOf(query, total) };
    },
  );

  app.get(
    '/org-life/meetings.xlsx',
    {
      config: { access: 'org_life.read' },
      schema: {
        tags,
        querystring: listMeetingsQuery.omit({ page: true, pageSize: true }),
        response: { 200: z.unknown() },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'org_life.read');
      const q = { ...request.query, page: 1, pageSize: 20_000 };
      const { rows } = await listMeetings(db, actor, org.path, q, null);
      const buffer = await meetingsWorkbook(await summariesOf(db, rows));
      return replyAuditedXlsx(request, reply, {
        name: `${org.name}-组织生活活动.xlsx`,
        buffer,
        audit: {
          action: 'org_life.export',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: { ledger: 'meetings', rows: rows.length, type: q.type ?? null, status: q.status ?? null },
        },
      });
    },
  );

  mountGet(
    app,
    '/org-life/mine',
    { access: 'org_life.read_own', tags, response: myOrgLifeResponse },
    async ({ actor, reply }) => {
      noStore(reply);
      const mine = await membersOfUser(db, actor.user.id);
      const { upcoming, past } = await myMeetings(
        db,
        mine.map((m) => ({ id: m.id, path: m.path })),
        today(),
      );
      const upcomingData = [];
      for (const [i, s] of (await summariesOf(db, upcoming)).entries()) {
        const view = await viewOf(db, actor, upcoming[i]);
        upcomingData.push({
          ...s,
          place: upcoming[i].place,
          myLeave: view.myLeave ? presentLeave(actor, leaveOf(view, view.myLeave)) : null,
          abilities: { requestLeave: abilitiesOf(meetingActions, actor, view).requestLeave },
        });
      }
      const pastData = (await summariesOf(db, past)).map((s, i) => ({
        ...s,
        myStatus: past[i].myStatus,
        myReason: past[i].myReason,
        minutesReadable: past[i].status === 'signed',
      }));
      const orgNames = await db
        .selectFrom('orgs')
        .select(['id', 'name'])
        .where('id', 'in', mine.length ? mine.map((m) => m.orgId) : [0])
        .execute();
      return {
        data: {
          members: mine.map((m) => ({
            memberId: m.id,
            name: m.name,
            orgName: orgNames.find((o) => o.id === m.orgId)?.name ?? '',
          })),
          upcoming: upcomingData,
          past: pastData,
        },
      };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/meetings',
    { access: 'org_life.plan', tags, params: idParam, body: planMeetingBody, response: { 201: idData } },
    async ({ actor, params, body, request, reply }) => {
      const id = await runAction(request, (trx, audit) =>
        planMeeting({ trx, audit, actor, now: clock.now() }, params.id, body),
      );
      return reply.status(201).send({ data: { id } });
    },
  );

  const detailResponse = { 200: z.object({ data: meetingDetail }) };

  app.get(
    '/org-life/meetings/:id',
    { config: { access: 'authenticated' }, schema: { tags, params: idParam, response: detailResponse } },
    async (request, reply) => {
      noStore(reply);
      return { data: await presentMeetingById(request, request.params.id) };
    },
  );

  mountGet(
    app,
    '/org-life/meetings/:id/roster',
    {
      access: 'org_life.record',
      tags,
      params: idParam,
      query: z.object({ date: isoDate.optional() }),
      response: rosterResponse,
    },
    async ({ actor, params, query, reply }) => {
      noStore(reply);
      const m = await meetingFor(db, actor, params.id, 'org_life.record');
      const date = query.date ?? m.heldOn ?? m.plannedOn;
      const { expected } = await db.transaction().execute((trx) => expectedAttendees(trx, m, date));
      return { data: { date, expected } };
    },
  );

  mountActions(app, meetingActions);
  mountActions(app, leaveActions);
  // The plan's edit and the record keep their PATCH and PUT routes (the same actions as above).
  const legacy = (method: 'patch' | 'put', url: string, name: 'edit' | 'record', body: z.ZodType) =>
    app[method](
      url,
      {
        config: { access: meetingActions.actions[name].permission },
        schema: { tags, params: idParam, body, response: detailResponse },
      },
      async (request) => {
        const params = request.params as { id: number };
        const id = (await performAction(request, meetingActions, name, params, request.body)) as number;
        return { data: await presentMeetingById(request, id) };
      },
    );
  legacy('patch', '/org-life/meetings/:id', 'edit', updateMeetingBody);
  legacy('put', '/org-life/meetings/:id/record', 'record', recordMeetingBody);

  // ---- attachments --------------------------------------------------------------------------
  mountWrite(
    app,
    'POST',
    '/org-life/meetings/:id/attachments',
    {
      access: 'org_life.record',
      tags,
      params: idParam,
      response: {
        201: z.object({
          data: z.object({
            id: z.number(),
            fileName: z.string(),
            mimeType: z.string(),
            sizeBytes: z.number(),
          }),
        }),
      },
    },
    async ({ actor, params, request, reply }) => {
      const m = await meetingFor(db, actor, params.id, 'org_life.record');
      if (m.status === 'signed' || m.status === 'cancelled') {
        throw new ValidationError({ file: '记录已签发锁定或已取消，不能再上传附件' });
      }
      const file = await readUpload(request, MAX_ATTACHMENT_BYTES);
      const { buffer } = file;
      const kind = ATTACHMENT_TYPES.find((t) => t.magic.every((b, i) => buffer[i] === b));
      if (!kind) throw new ValidationError({ file: '只能上传 JPG、PNG 图片和 PDF、DOCX 文档' });
      const sha256 = createHash('sha256').update(buffer).digest('hex');
      const dir = path.join(config.dataDir, 'uploads', 'org-life');
      fs.mkdirSync(dir, { recursive: true });
      const storageKey = `${randomUUID()}${kind.ext}`;
      fs.writeFileSync(path.join(dir, storageKey), buffer, { mode: 0o600 });
      const fileName = path.basename(file.filename || `附件${kind.ext}`).slice(0, 200);
      const row = await runAction(request, async (trx, audit) => {
        const r = await trx
          .insertInto('orgLifeAttachments')
          .values({
            meetingId: m.id,
            fileName,
            mimeType: kind.mime,
            sizeBytes: buffer.length,
            sha256,
            storageKey,
            uploadedBy: actor.user.id,
            uploadedAt: clock.now(),
          })
          .returning(['id', 'fileName', 'mimeType', 'sizeBytes'])
          .executeTakeFirstOrThrow();
        await audit({
          action: 'org_life.attach',
          objectType: 'org_life_meeting',
          objectId: m.id,
          orgPath: m.orgPath,
          detail: { attachmentId: r.id, sha256 },
        });
        return r;
      });
      return reply.status(201).send({ data: row });
    },
  );

  app.get(
    '/org-life/attachments/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParam, response: { 200: z.unknown() } },
    },
    async (request, reply) => {
      const att = await db
        .selectFrom('orgLifeAttachments')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!att) throw new NotFoundError('附件不存在或无权访问');
      await readableMeeting(db, actorOf(request), att.meetingId);
      const file = path.join(config.dataDir, 'uploads', 'org-life', path.basename(att.storageKey));
      if (!fs.existsSync(file)) throw new NotFoundError('附件文件已丢失');
      noStore(reply);
      reply.header('content-type', att.mimeType);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(att.fileName)}`);
      return reply.send(fs.createReadStream(file));
    },
  );

  // ---- yearly ledger (.xlsx) ----------------------------------------------------------------
  app.get(
    '/orgs/:id/org-life/ledger.xlsx',
    {
      config: { access: 'org_life.read' },
      schema: {
        tags,
        params: idParam,
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: z.unknown() },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.params.id, 'org_life.read');
      const year = request.query.year;
      const rows = await db
        .selectFrom('orgLifeMeetings as m')
        .innerJoin('orgs as o', 'o.id', 'm.orgId')
        .select([
          'm.id',
          'o.name as orgName',
          'm.catalogueId',
          'm.typeCode',
          'm.topic',
          'm.heldOn',
          'm.place',
          'm.hostName',
          'm.recorderName',
          'm.expectedCount',
          'm.presentCount',
          'm.absentCount',
          'm.leaveCount',
          'm.inspectionStatus',
        ])
        .where('o.path', 'like', `${org.path}%`)
        .where('m.status', '=', 'signed')
        .where('m.heldOn', '>=', `${year}-01-01`)
        .where('m.heldOn', '<=', `${year}-12-31`)
        .orderBy('o.path')
        .orderBy('m.heldOn')
        .limit(20_000)
        .execute();
      const typeNames = new Map<string, string>();
      for (const id of new Set(rows.map((r) => r.catalogueId))) {
        for (const t of (await catalogueById(db, id)).types) typeNames.set(`${id}|${t.code}`, t.name);
      }
      const wb = new ExcelJS.Workbook();
      const ws = addLedgerSheet(wb, `${year}年组织生活台账`, [
        { header: '组织', key: 'org', width: 28 },
        { header: '类型', key: 'type', width: 14 },
        { header: '召开日期', key: 'date', width: 12 },
        { header: '议题', key: 'topic', width: 40 },
        { header: '地点', key: 'place', width: 18 },
        { header: '主持人', key: 'host', width: 10 },
        { header: '记录人', key: 'recorder', width: 10 },
        { header: '应到', key: 'expected', width: 6 },
        { header: '实到', key: 'present', width: 6 },
        { header: '缺席', key: 'absent', width: 6 },
        { header: '请假', key: 'leave', width: 6 },
        { header: '检查', key: 'inspection', width: 8 },
      ]);
      const INSPECTION = { none: '未检查', accepted: '通过', returned: '退回' } as const;
      for (const r of rows) {
        ws.addRow({
          org: escapeFormula(r.orgName),
          type: typeNames.get(`${r.catalogueId}|${r.typeCode}`) ?? r.typeCode,
          date: r.heldOn,
          topic: escapeFormula(r.topic),
          place: escapeFormula(r.place ?? ''),
          host: escapeFormula(r.hostName),
          recorder: escapeFormula(r.recorderName),
          expected: r.expectedCount,
          present: r.presentCount,
          absent: r.absentCount,
          leave: r.leaveCount,
          inspection: INSPECTION[r.inspectionStatus],
        });
      }
      const buffer = await workbookBuffer(wb);
      return replyAuditedXlsx(request, reply, {
        name: `${org.name}-${year}年组织生活台账.xlsx`,
        buffer,
        audit: {
          action: 'org_life.export',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: { year, rows: rows.length },
        },
      });
    },
  );
};
