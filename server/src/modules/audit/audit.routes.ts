import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { csvLine } from '../../platform/spreadsheet.ts';
import { writeAuditAnchor } from './audit.anchor.ts';
import { auditListResponse, auditQuery, verifyResponse } from './audit.contract.ts';
import { auditRowsInScope, verifyAuditChain } from './audit.service.ts';

const tags = ['audit'];
const COLUMNS = [
  'id',
  'at',
  'userId',
  'username',
  'action',
  'objectType',
  'objectId',
  'outcome',
  'ip',
  'requestId',
  'detail',
  'hash',
] as const;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/audit',
    {
      config: { access: 'audit.read' },
      schema: { tags, querystring: auditQuery, response: { 200: auditListResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const { page, pageSize, ...filters } = request.query;
      const base = auditRowsInScope(db, actorOf(request), filters);
      const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await base
        .select(COLUMNS)
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return {
        data: rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() })),
        page: { page, pageSize, total: Number(n) },
      };
    },
  );

  app.get(
    '/audit/export',
    {
      config: { access: 'audit.export' },
      schema: {
        tags,
        querystring: auditQuery.omit({ page: true, pageSize: true }),
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const rows = await auditRowsInScope(db, actorOf(request), request.query)
        .select(COLUMNS)
        .orderBy('id')
        .limit(100_000)
        .execute();
      await runAction(request, (_trx, audit) =>
        audit({
          action: 'audit.export',
          objectType: 'audit_log',
          detail: { rows: rows.length, filters: request.query },
        }),
      );
      const header = [
        '编号',
        '时间',
        '用户编号',
        '用户名',
        '操作',
        '对象类型',
        '对象编号',
        '结果',
        'IP',
        '请求编号',
        '详情',
        '哈希',
      ];
      const body = rows.map((r) =>
        csvLine([
          String(r.id),
          r.at.toISOString(),
          String(r.userId ?? ''),
          r.username ?? '',
          r.action,
          r.objectType ?? '',
          r.objectId ?? '',
          r.outcome,
          r.ip ?? '',
          r.requestId ?? '',
          JSON.stringify(r.detail),
          r.hash,
        ]),
      );
      noStore(reply);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="audit-log.csv"`);
      return `\uFEFF${[csvLine(header), ...body].join('\r\n')}\r\n`;
    },
  );

  app.get(
    '/audit/verify',
    { config: { access: 'audit.verify' }, schema: { tags, response: { 200: verifyResponse } } },
    async () => {
      const { auditKey: key, config, clock } = app.deps;
      const report = await verifyAuditChain(db, { key, anchorFile: config.auditAnchorFile });
      // A verified head becomes a checkpoint outside the database.
      if (report.ok) await writeAuditAnchor(db, key, config.auditAnchorFile, clock.now());
      return { data: report };
    },
  );
};
