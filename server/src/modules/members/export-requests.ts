import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, authorize } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { noStore, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { mountGet } from '../../platform/reads.ts';
import { pathWithin } from '../../platform/scope.ts';
import { idParam } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { memberLedgerFile } from './import/export.ts';
import { guardExactLookup } from './lookups.ts';
import {
  decideExportBody,
  type ExportRequestDto,
  exportRequestBody,
  exportRequestSchema,
  type MemberFilters,
} from './members.contract.ts';
import { countQuery, filteredMembers } from './members.queries.ts';
import { today } from './members.service.ts';

/**
 * Unmasked member exports (PIPL-06): a request with a reason for one organization's subtree; a
 * different person holding `members.approve_export` on that organization grants or refuses it;
 * once granted, the requester alone downloads the file, once, before it expires
 * (`JICENG_EXPORT_DOWNLOAD_HOURS`). The file is made at download time from the filters frozen in
 * the request, so no unmasked file is ever stored. Every step is audited.
 */
const tags = ['members'];
const fileResponse = z.any().describe('.xlsx 或 .csv 文件');

function selectRequests(db: Executor) {
  return db
    .selectFrom('memberExportRequests as r')
    .innerJoin('orgs as o', 'o.id', 'r.orgId')
    .innerJoin('users as u', 'u.id', 'r.requestedBy')
    .leftJoin('users as d', 'd.id', 'r.decidedBy')
    .select([
      'r.id',
      'r.orgId',
      'o.name as orgName',
      'o.path as orgPath',
      'r.requestedBy',
      'u.displayName as requesterName',
      'r.requestedAt',
      'r.reason',
      'r.filters',
      'r.format',
      'r.rowCount',
      'r.status',
      'd.displayName as deciderName',
      'r.decidedAt',
      'r.decisionComment',
      'r.expiresAt',
      'r.downloadedAt',
    ]);
}
type RequestRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirst']>>>;

function isExpired(row: RequestRow, now: Date): boolean {
  return (
    row.status === 'expired' || (row.status === 'approved' && row.expiresAt !== null && row.expiresAt <= now)
  );
}

function present(row: RequestRow, actor: Actor, now: Date): ExportRequestDto {
  const expired = isExpired(row, now);
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    requestedBy: row.requestedBy,
    requesterName: row.requesterName,
    requestedAt: row.requestedAt.toISOString(),
    reason: row.reason,
    format: row.format,
    rowCount: row.rowCount,
    status: expired ? 'expired' : row.status,
    deciderName: row.deciderName,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionComment: row.decisionComment,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    downloadedAt: row.downloadedAt?.toISOString() ?? null,
    abilities: {
      decide:
        row.status === 'pending' &&
        row.requestedBy !== actor.user.id &&
        actor.can('members.approve_export', row.orgPath),
      download: row.status === 'approved' && !expired && row.requestedBy === actor.user.id,
    },
  };
}

/** A request the caller may know of: their own, or one they may decide (its organization in scope). */
async function getKnownRequest(db: Executor, actor: Actor, id: number, forUpdate = false) {
  let q = selectRequests(db).where('r.id', '=', id);
  if (forUpdate) q = q.forUpdate('r');
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError('导出申请不存在或无权访问');
  if (row.requestedBy === actor.user.id || actor.sees(row.orgPath)) return row;
  throw new NotFoundError('导出申请不存在或无权访问');
}

export const exportRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto, config } = app.deps;
  const dataSchema = z.object({ data: exportRequestSchema });

  mountWrite(
    app,
    'POST',
    '/members/export-requests',
    {
      access: 'members.export_unmasked',
      tags,
      fieldLabels: { reason: '申请理由' },
      body: exportRequestBody,
      response: { 201: dataSchema },
    },
    async ({ actor, body, request, reply }) => {
      const { reason, format, ...filters } = body;
      const org = await loadOrgFor(db, actor, filters.orgId, 'members.export_unmasked');
      await guardExactLookup(request, reply, filters.q, org.path, 'export_request');
      const now = clock.now();
      const rowCount = await countQuery(
        await filteredMembers(db, { actor, crypto, today: today(now) }, filters as MemberFilters),
      );
      const id = await runAction(request, async (trx, audit) => {
        const { id } = await trx
          .insertInto('memberExportRequests')
          .values({
            orgId: org.id,
            requestedBy: actor.user.id,
            requestedAt: now,
            reason,
            filters: JSON.stringify(filters),
            format,
            rowCount,
            status: 'pending',
            decidedBy: null,
            decidedAt: null,
            decisionComment: null,
            expiresAt: null,
            downloadedAt: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit({
          action: 'members.export_request',
          objectType: 'member_export_request',
          objectId: id,
          orgPath: org.path,
          detail: { rows: rowCount, format, reason },
        });
        return id;
      });
      const row = await getKnownRequest(db, actor, id);
      return reply.status(201).send({ data: present(row, actor, now) });
    },
  );

  mountGet(
    app,
    '/members/export-requests',
    {
      access: 'authenticated',
      tags,
      query: z.object({ view: z.enum(['mine', 'to_decide']).default('mine') }),
      response: z.object({ data: z.array(exportRequestSchema) }),
    },
    async ({ actor, query }) => {
      const now = clock.now();
      let q = selectRequests(db).orderBy('r.id', 'desc').limit(200);
      if (query.view === 'mine') q = q.where('r.requestedBy', '=', actor.user.id);
      else
        q = q
          .where((eb) => pathWithin(eb, 'o.path', actor.paths('members.approve_export')))
          .where('r.requestedBy', '!=', actor.user.id);
      const rows = await q.execute();
      return { data: rows.map((r) => present(r, actor, now)) };
    },
  );

  const decide = (verdict: 'approve' | 'reject') =>
    mountWrite(
      app,
      'POST',
      `/members/export-requests/:id/${verdict}`,
      {
        access: 'members.approve_export',
        tags,
        fieldLabels: { comment: '审批意见' },
        params: idParam,
        body: decideExportBody,
        response: { 200: dataSchema },
      },
      async ({ actor, params, body, request }) => {
        const now = clock.now();
        await runAction(request, async (trx, audit) => {
          const row = await getKnownRequest(trx, actor, params.id, true);
          authorize(actor, 'members.approve_export', row.orgPath);
          if (row.requestedBy === actor.user.id)
            throw new ForbiddenError(
              '不能审批本人提交的导出申请，须由另一名有审批权限的人员审批',
              'SELF_APPROVAL',
            );
          if (row.status !== 'pending') throw new ConflictError('该导出申请已经处理');
          const approved = verdict === 'approve';
          const expiresAt = approved
            ? new Date(now.getTime() + config.personalData.exportDownloadHours * 3_600_000)
            : null;
          await trx
            .updateTable('memberExportRequests')
            .set({
              status: approved ? 'approved' : 'rejected',
              decidedBy: actor.user.id,
              decidedAt: now,
              decisionComment: body.comment,
              expiresAt,
            })
            .where('id', '=', row.id)
            .execute();
          await audit({
            action: approved ? 'members.export_approve' : 'members.export_reject',
            objectType: 'member_export_request',
            objectId: row.id,
            orgPath: row.orgPath,
            detail: {
              requestedBy: row.requestedBy,
              rows: row.rowCount,
              comment: body.comment,
              expiresAt: expiresAt?.toISOString() ?? null,
            },
          });
        });
        return { data: present(await getKnownRequest(db, actor, params.id), actor, now) };
      },
    );
  decide('approve');
  decide('reject');

  mountWrite(
    app,
    'POST',
    '/members/export-requests/:id/download',
    { access: 'members.export_unmasked', tags, params: idParam, response: { 200: fileResponse } },
    async ({ actor, params, request, reply }) => {
      noStore(reply);
      const now = clock.now();
      const outcome = await runAction(request, async (trx, audit) => {
        const row = await getKnownRequest(trx, actor, params.id, true);
        // Only the requester downloads: for anyone else the file does not exist.
        if (row.requestedBy !== actor.user.id) throw new NotFoundError('导出申请不存在或无权访问');
        if (row.status === 'pending') throw new ConflictError('导出申请尚未审批');
        if (row.status === 'rejected') throw new ConflictError('导出申请已被驳回');
        // A download refused because the file is gone is audited as denied, with why.
        const refuse = (reason: 'already_downloaded' | 'expired') =>
          audit({
            action: 'members.export_download',
            objectType: 'member_export_request',
            objectId: row.id,
            orgPath: row.orgPath,
            outcome: 'denied',
            detail: { reason },
          });
        if (row.status === 'downloaded') {
          await refuse('already_downloaded');
          return { gone: '该导出文件已下载过，只能下载一次；如仍需要，请重新申请' } as const;
        }
        if (isExpired(row, now)) {
          if (row.status !== 'expired') {
            await trx
              .updateTable('memberExportRequests')
              .set({ status: 'expired' })
              .where('id', '=', row.id)
              .execute();
            await audit({
              action: 'members.export_expire',
              objectType: 'member_export_request',
              objectId: row.id,
              orgPath: row.orgPath,
              detail: { expiresAt: row.expiresAt?.toISOString() ?? null },
            });
          } else {
            await refuse('expired');
          }
          return { gone: '该导出文件已超过下载期限，请重新申请' } as const;
        }
        // The requester must still hold the permission on the organization.
        authorize(actor, 'members.export_unmasked', row.orgPath);
        const filters = { ...(row.filters as MemberFilters), orgId: row.orgId };
        const out = await memberLedgerFile(trx, crypto, {
          actor,
          filters,
          format: row.format,
          unmasked: true,
          now,
          note: `申请单号: ${row.id} 审批人: ${row.deciderName ?? ''}`,
        });
        await trx
          .updateTable('memberExportRequests')
          .set({ status: 'downloaded', downloadedAt: now })
          .where('id', '=', row.id)
          .execute();
        await audit({
          action: 'members.export_download',
          objectType: 'member_export_request',
          objectId: row.id,
          orgPath: row.orgPath,
          detail: { rows: out.rows, format: row.format, unmasked: true },
        });
        return { out } as const;
      });
      if (!outcome.out) throw new AppError(410, 'GONE', outcome.gone ?? '导出文件已失效');
      reply
        .header('content-type', outcome.out.contentType)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`未打码-${outcome.out.filename}`)}`,
        );
      return outcome.out.file;
    },
  );
};
