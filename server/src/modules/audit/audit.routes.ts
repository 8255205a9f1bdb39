import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chinaDateTime } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { noStore, runAction } from '../../platform/http.ts';
import { inPage, pageInfoOf } from '../../platform/paging.ts';
import { ROLE_LABELS, type Role } from '../../platform/permissions.ts';
import { mountGet } from '../../platform/reads.ts';
import { pathIds } from '../../platform/scope.ts';
import { csvLine } from '../../platform/spreadsheet.ts';
import { writeAuditAnchor } from './audit.anchor.ts';
import { auditListResponse, auditQuery, verifyResponse } from './audit.contract.ts';
import { actionName, nameAuditRows } from './audit.names.ts';
import { auditRowsInScope, verifyAuditChain } from './audit.service.ts';

const tags = ['audit'];
const COLUMNS = [
  'id',
  'at',
  'userId',
  'username',
  'roles',
  'action',
  'objectType',
  'objectId',
  'orgPath',
  'outcome',
  'ip',
  'userAgent',
  'requestId',
  'detail',
  'hash',
] as const;

const roleCodes = (roles: string | null) => (roles ? roles.split(',') : []);

/** Names of the organizations the rows belong to (the last id of each path), in one query. */
async function scopeNames(db: Db, rows: { orgPath: string | null }[]): Promise<Map<string, string>> {
  const paths = [...new Set(rows.map((r) => r.orgPath).filter((p): p is string => Boolean(p)))];
  const idOf = new Map(paths.map((p) => [p, pathIds(p).at(-1)]));
  const ids = [...new Set([...idOf.values()].filter((id): id is number => id !== undefined))];
  if (ids.length === 0) return new Map();
  const orgs = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return new Map(paths.flatMap((p) => (names.has(idOf.get(p)!) ? [[p, names.get(idOf.get(p)!)!]] : [])));
}

const OUTCOME_NAMES = { success: '成功', failure: '失败', denied: '拒绝' } as const;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, registry } = app.deps;

  mountGet(
    app,
    '/audit',
    { access: 'audit.read', tags, query: auditQuery, response: auditListResponse },
    async ({ actor, query, reply }) => {
      noStore(reply);
      const { page, pageSize, ...filters } = query;
      const base = auditRowsInScope(db, actor, filters);
      const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await base
        .select(COLUMNS)
        .orderBy('id', 'desc')
        .$call(inPage({ page, pageSize }))
        .execute();
      const scopes = await scopeNames(db, rows);
      const named = await nameAuditRows(db, registry, rows);
      return {
        data: rows.map((r) => ({
          ...r,
          id: Number(r.id),
          at: r.at.toISOString(),
          atChina: chinaDateTime(r.at),
          actionName: actionName(registry, r.action),
          userName: named.userName(r.userId),
          objectName: named.objectName(r),
          roles: roleCodes(r.roles),
          scope: scopes.get(r.orgPath ?? '') ?? null,
        })),
        page: pageInfoOf({ page, pageSize }, n),
      };
    },
  );

  mountGet(
    app,
    '/audit/export',
    {
      access: 'audit.export',
      tags,
      query: auditQuery.omit({ page: true, pageSize: true }),
      response: z.string(),
    },
    async ({ actor, query, request, reply }) => {
      const rows = await auditRowsInScope(db, actor, query)
        .select(COLUMNS)
        .orderBy('id')
        .limit(100_000)
        .execute();
      await runAction(request, (_trx, audit) =>
        audit({
          action: 'audit.export',
          objectType: 'audit_log',
          detail: { rows: rows.length, filters: query },
        }),
      );
      const scopes = await scopeNames(db, rows);
      const named = await nameAuditRows(db, registry, rows);
      // Names, Chinese action names and China time first; the stored codes last, for tools.
      const header = [
        '编号',
        '时间（北京时间）',
        '用户',
        '角色',
        '操作',
        '对象',
        '范围',
        '结果',
        'IP',
        '用户代理',
        '请求编号',
        '详情',
        '用户名',
        '操作代码',
        '对象类型',
        '对象编号',
        '哈希',
      ];
      const body = rows.map((r) =>
        csvLine([
          String(r.id),
          chinaDateTime(r.at),
          named.userName(r.userId) ?? r.username ?? '（未登录）',
          roleCodes(r.roles)
            .map((code) => ROLE_LABELS[code as Role]?.['zh-CN'] ?? code)
            .join('、'),
          actionName(registry, r.action) ?? r.action,
          named.objectName(r) ?? '',
          [scopes.get(r.orgPath ?? ''), r.orgPath].filter(Boolean).join(' '),
          OUTCOME_NAMES[r.outcome],
          r.ip ?? '',
          r.userAgent ?? '',
          r.requestId ?? '',
          JSON.stringify(r.detail),
          r.username ?? '',
          r.action,
          r.objectType ?? '',
          r.objectId ?? '',
          r.hash,
        ]),
      );
      noStore(reply);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="audit-log.csv"`);
      return `\uFEFF${[csvLine(header), ...body].join('\r\n')}\r\n`;
    },
  );

  mountGet(app, '/audit/verify', { access: 'audit.verify', tags, response: verifyResponse }, async () => {
    const { auditKey: key, config, clock } = app.deps;
    const report = await verifyAuditChain(db, { key, anchorFile: config.auditAnchorFile });
    // A verified head becomes a checkpoint outside the database.
    if (report.ok) await writeAuditAnchor(db, key, config.auditAnchorFile, clock.now());
    return { data: report };
  });
};
