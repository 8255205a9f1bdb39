import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { authorize } from '../../platform/actor.ts';
import { ValidationError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { serviceContext } from '../../platform/module-kit.ts';
import { loadOrgFor, loadVisibleOrg } from '../../platform/org-scope.ts';
import { addLedgerSheet, escapeFormula, workbookBuffer } from '../../platform/spreadsheet.ts';
import { idParam } from '../../platform/validation.ts';
import { membersOfUser } from '../members/index.ts';
import { localDate } from '../work-calendar/index.ts';
import { declarationActions, presentDeclaration } from './dues.actions.ts';
import {
  arrearsQuery,
  arrearsResponse,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  calculateQuery,
  calculateResponse,
  DUES_LABELS,
  declarationBody,
  declarationSchema,
  declarationsQuery,
  ledgerQuery,
  ledgerResponse,
  mineResponse,
  movementBody,
  movementSchema,
  movementsQuery,
  paymentBody,
  paymentResult,
  reasonBody,
  ruleSchema,
  summaryResponse,
} from './dues.contract.ts';
import {
  arrearsOf,
  arrearsSummary,
  declarationRow,
  declarationsIn,
  ledgerOf,
  movementsIn,
} from './dues.queries.ts';
import { duesRuleFor, monthlyDue, toCents, toYuan } from './dues.rules.ts';
import { declareBase, recordMovement, recordPayment, recordReason } from './dues.service.ts';

const tags = ['dues'];
const config = (access: Parameters<typeof authorize>[1] | 'authenticated') => ({
  access,
  fieldLabels: DUES_LABELS,
});
const created = z.object({ data: z.object({ id: z.number() }) });
/** Rows of a ledger workbook at most (a street's members); a district exports street by street. */
const LEDGER_EXPORT_MAX_ROWS = 10_000;

export const duesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const today = () => localDate(clock.now());
  mountActions(app, declarationActions);

  // The stable calculator contract: the amount, the rate applied to the whole base, the rule.
  app.get(
    '/dues/calculate',
    {
      config: config('authenticated'),
      schema: { tags, querystring: calculateQuery, response: { 200: calculateResponse } },
    },
    async (request) => {
      const q = request.query;
      const path = q.orgId === undefined ? null : (await loadVisibleOrg(db, actorOf(request), q.orgId)).path;
      const on = q.on ?? today();
      const rule = await duesRuleFor(db, path, on);
      if (!rule) throw new ValidationError({ on: '该日期尚无党费标准' }, '该日期尚无党费标准');
      const { cents, rate } = monthlyDue(rule.schedule, q.category, toCents(q.base));
      return { data: { amount: toYuan(cents), rate, rule: { version: rule.version, source: rule.source } } };
    },
  );

  app.get(
    '/dues/rules',
    {
      config: config('dues.read'),
      schema: { tags, response: { 200: z.object({ data: z.array(ruleSchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await db.selectFrom('duesRules').selectAll().orderBy('effectiveFrom', 'desc').execute();
      const visible = [];
      for (const r of rows) {
        if (r.orgId !== null) {
          const org = await db.selectFrom('orgs').select('path').where('id', '=', r.orgId).executeTakeFirst();
          if (!org || !actor.sees(org.path)) continue;
        }
        visible.push({
          id: r.id,
          orgId: r.orgId,
          version: r.version,
          effectiveFrom: r.effectiveFrom,
          source: r.source,
          schedule: r.schedule as Record<string, unknown>,
        });
      }
      return { data: visible };
    },
  );

  app.get(
    '/dues/declarations',
    {
      config: config('dues.read'),
      schema: {
        tags,
        querystring: declarationsQuery,
        response: { 200: z.object({ data: z.array(declarationSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.query.orgId, 'dues.read');
      const rows = await declarationsIn(db, org.path, request.query.year);
      return { data: rows.map((r) => presentDeclaration(r, actor)) };
    },
  );

  app.post(
    '/orgs/:id/dues/declarations',
    {
      config: config('dues.record'),
      schema: {
        tags,
        params: idParam,
        body: declarationBody,
        response: { 201: z.object({ data: declarationSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'dues.record', org.path);
      const id = await runAction(request, (trx, audit) =>
        declareBase(serviceContext(request)(trx, audit), org, request.body),
      );
      const row = await declarationRow(db, id);
      return reply.status(201).send({ data: presentDeclaration(row as NonNullable<typeof row>, actor) });
    },
  );

  // An organization's monthly ledger for a year (a page of its members; totals over all of them).
  app.get(
    '/orgs/:id/dues/ledger',
    {
      config: config('dues.read'),
      schema: { tags, params: idParam, querystring: ledgerQuery, response: { 200: ledgerResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const org = await loadOrgFor(db, actorOf(request), request.params.id, 'dues.read');
      const { page, ...data } = await ledgerOf(db, org, request.query.year, today(), request.query);
      return { data: { ...data, orgId: org.id }, page };
    },
  );

  // The ledger as a workbook (audited: names and amounts leave the system).
  app.get(
    '/orgs/:id/dues/ledger.xlsx',
    {
      config: config('dues.read'),
      schema: { tags, params: idParam, querystring: ledgerQuery, response: { 200: z.unknown() } },
    },
    async (request, reply) => {
      const org = await loadOrgFor(db, actorOf(request), request.params.id, 'dues.read');
      const ledger = await ledgerOf(db, org, request.query.year, today(), {
        page: 1,
        pageSize: LEDGER_EXPORT_MAX_ROWS,
      });
      if (ledger.page.total > LEDGER_EXPORT_MAX_ROWS) {
        throw new ValidationError(
          { orgId: `本组织下有 ${ledger.page.total} 名党员，请按街道或社区分别导出党费台账` },
          '党费台账一次最多导出 10000 名党员，请按街道或社区分别导出',
        );
      }
      const wb = new ExcelJS.Workbook();
      const sheet = addLedgerSheet(wb, '党费台账', [
        { header: '姓名', key: 'name', width: 12 },
        { header: '类别', key: 'category', width: 14 },
        { header: '月交纳额', key: 'monthly', width: 10 },
        ...(ledger.rows[0]?.months.map((m) => ({ header: m.month, key: m.month, width: 16 })) ?? []),
        { header: '合计', key: 'total', width: 10 },
      ]);
      for (const r of ledger.rows) {
        const cells: Record<string, string | number | null> = {
          name: escapeFormula(r.name),
          category: r.category ? CATEGORY_LABELS[r.category] : '未核定',
          monthly: r.monthly,
          total: r.paidTotal,
        };
        for (const m of r.months) {
          cells[m.month] =
            m.paid === null
              ? m.status === 'unpaid'
                ? '未交'
                : ''
              : `${m.paid.toFixed(2)} ${m.paidOn ?? ''} ${m.channel ? CHANNEL_LABELS[m.channel] : ''} ${escapeFormula(m.receiptNo ?? '')}`.trim();
        }
        sheet.addRow(cells);
      }
      const buffer = await workbookBuffer(wb);
      await runAction(request, (_trx, audit) =>
        audit({
          action: 'dues.export',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: { ledger: 'dues', year: request.query.year, rows: ledger.rows.length },
        }),
      );
      noStore(reply);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`${org.name}-${request.query.year}年党费台账.xlsx`)}`,
      );
      return reply.send(buffer);
    },
  );

  app.post(
    '/orgs/:id/dues/payments',
    {
      config: config('dues.record'),
      schema: { tags, params: idParam, body: paymentBody, response: { 201: paymentResult } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'dues.record', org.path);
      const out = await runAction(request, (trx, audit) =>
        recordPayment(serviceContext(request)(trx, audit), org, request.body),
      );
      return reply.status(201).send({ data: out });
    },
  );

  // The stable arrears contract (404 outside the caller's scope).
  app.get(
    '/dues/arrears',
    {
      config: config('dues.read'),
      schema: { tags, querystring: arrearsQuery, response: { 200: arrearsResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const org = await loadOrgFor(db, actorOf(request), request.query.orgId, 'dues.read');
      const { page, pageSize } = request.query;
      const paging = page || pageSize ? { page: page ?? 1, pageSize: pageSize ?? 100 } : undefined;
      const names = request.query.names === '1';
      const { items, total } = await arrearsOf(db, { orgPath: org.path }, today(), paging, names);
      return { data: items, ...(paging ? { page: { ...paging, total } } : {}) };
    },
  );

  // The dues figures of a subtree per child organization (the district's supervision read).
  app.get(
    '/dues/summary',
    {
      config: config('dues.read'),
      schema: { tags, querystring: arrearsQuery.pick({ orgId: true }), response: { 200: summaryResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const org = await loadOrgFor(db, actorOf(request), request.query.orgId, 'dues.read');
      const rows = await arrearsSummary(db, org, today());
      const sum = (k: 'members' | 'owing' | 'flagged' | 'monthsUnpaid' | 'paidLastMonth') =>
        rows.reduce((s, r) => s + r[k], 0);
      return {
        data: {
          orgId: org.id,
          members: sum('members'),
          owing: sum('owing'),
          flagged: sum('flagged'),
          monthsUnpaid: sum('monthsUnpaid'),
          paidLastMonth: sum('paidLastMonth'),
          children: rows.filter((r) => r.orgId !== org.id || r.members > 0),
        },
      };
    },
  );

  app.post(
    '/orgs/:id/dues/reasons',
    {
      config: config('dues.record'),
      schema: { tags, params: idParam, body: reasonBody, response: { 201: created } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'dues.record', org.path);
      const id = await runAction(request, (trx, audit) =>
        recordReason(serviceContext(request)(trx, audit), org, request.body),
      );
      return reply.status(201).send({ data: { id } });
    },
  );

  app.get(
    '/dues/movements',
    {
      config: config('dues.read'),
      schema: {
        tags,
        querystring: movementsQuery,
        response: { 200: z.object({ data: z.array(movementSchema) }) },
      },
    },
    async (request) => {
      const org = await loadOrgFor(db, actorOf(request), request.query.orgId, 'dues.read');
      return { data: await movementsIn(db, org.path, request.query.year) };
    },
  );

  app.post(
    '/orgs/:id/dues/movements',
    {
      config: config('dues.record'),
      schema: { tags, params: idParam, body: movementBody, response: { 201: created } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'dues.record', org.path);
      const id = await runAction(request, (trx, audit) =>
        recordMovement(serviceContext(request)(trx, audit), org, request.body),
      );
      return reply.status(201).send({ data: { id } });
    },
  );

  // A member's own dues: the base in force, this year's months, months unpaid.
  app.get(
    '/dues/mine',
    { config: config('dues.read_own'), schema: { tags, response: { 200: mineResponse } } },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      const mine = await membersOfUser(db, actor.user.id);
      const ids = mine.map((m) => m.id);
      const members = (
        await db
          .selectFrom('members as m')
          .innerJoin('orgs as o', 'o.id', 'm.orgId')
          .select(['m.id', 'm.name', 'm.orgId', 'o.path as orgPath', 'm.joinedOn', 'o.name as orgName'])
          .where('m.id', 'in', ids.length ? ids : [0])
          .execute()
      ).filter(Boolean);
      const now = today();
      const year = Number(now.slice(0, 4));
      const [ledger, arrears] = await Promise.all([
        ledgerOf(db, { id: null, memberIds: ids }, year, now, { page: 1, pageSize: 50 }),
        arrearsOf(db, { memberIds: ids }, now),
      ]);
      const data = [];
      for (const m of members) {
        const all = await db
          .selectFrom('duesDeclarations as d')
          .innerJoin('members as mm', 'mm.id', 'd.memberId')
          .selectAll('d')
          .select('mm.name as memberName')
          .where('d.memberId', '=', m.id)
          .orderBy('d.year', 'desc')
          .orderBy('d.fromMonth', 'desc')
          .orderBy('d.id', 'desc')
          .executeTakeFirst();
        const rule = await duesRuleFor(db, m.orgPath, now);
        data.push({
          memberId: m.id,
          name: m.name,
          orgName: m.orgName,
          declaration: all ? presentDeclaration(all) : null,
          rule: rule ? { version: rule.version, source: rule.source } : null,
          months: ledger.rows.find((r) => r.memberId === m.id)?.months ?? [],
          monthsUnpaid: arrears.items.find((x) => x.memberId === m.id)?.monthsUnpaid ?? 0,
        });
      }
      return { data };
    },
  );
};
