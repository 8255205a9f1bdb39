import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../../platform/actor.ts';
import { ForbiddenError, ValidationError } from '../../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../../platform/http.ts';
import {
  createImportJob,
  getOwnImportJob,
  type ImportJob,
  progressWriter,
  runPreview,
} from '../../../platform/imports/jobs.ts';
import { checkedUpload, registerUploadParsers } from '../../../platform/imports/uploads.ts';
import { idParam } from '../../../platform/validation.ts';
import { getVisibleOrg } from '../../orgs/index.ts';
import { guardExactLookup } from '../lookups.ts';
import { exportBody } from '../members.contract.ts';
import { today } from '../members.service.ts';
import { getRule } from '../rules.ts';
import { memberLedgerFile, templateCsv, templateXlsx } from './export.ts';
import { commitMemberImport, preloadMemberParser, previewMemberImport } from './import.service.ts';
import type { MemberSample } from './parse.ts';

/** A spreadsheet file (Buffers are sent as they are, never serialized). */
const fileResponse = z.any().describe('.xlsx 或 .csv 文件');

const rowError = z.object({ row: z.number(), column: z.string(), code: z.string(), message: z.string() });
const jobSchema = z.object({
  id: z.string(),
  status: z.enum(['parsing', 'ready', 'failed', 'committed']),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  error: z.string().nullable(),
  preview: z
    .object({
      total: z.number(),
      ok: z.number(),
      fatal: z.string().nullable(),
      errors: z.array(rowError),
      alreadyImported: z.object({ importId: z.number(), at: z.string(), rowCount: z.number() }).nullable(),
      sample: z.array(
        z.object({
          row: z.number(),
          name: z.string(),
          idNumber: z.string(),
          orgId: z.number(),
          status: z.string(),
          category: z.string(),
        }),
      ),
    })
    .nullable(),
  result: z.object({ importId: z.number(), imported: z.number(), alreadyImported: z.boolean() }).nullable(),
});

export const memberImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto, config } = app.deps;
  // The long-lived parse workers start once the app listens (not competing with start-up);
  // tests start them on their first import.
  if (config.nodeEnv !== 'test')
    app.addHook('onListen', async () => {
      preloadMemberParser().catch((error: unknown) => app.log.warn(error, 'parse worker'));
    });
  const present = (job: ImportJob<MemberSample>) => ({
    id: job.id,
    status: job.status,
    phase: job.phase,
    done: job.done,
    total: job.total,
    error: job.error,
    preview: job.preview ? { ...job.preview, errors: job.preview.errors.slice(0, 1000) } : null,
    result: job.result,
  });

  registerUploadParsers(app);

  app.get(
    '/member-imports/template',
    {
      config: { access: 'members.import' },
      schema: {
        tags: ['members'],
        querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
        response: { 200: fileResponse },
      },
    },
    async (request, reply) => {
      const rule = await getRule(db, 'members.categories', null, today(clock.now()));
      const xlsx = request.query.format === 'xlsx';
      reply
        .header(
          'content-type',
          xlsx
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        )
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`党员导入模板.${request.query.format}`)}`,
        );
      return xlsx ? templateXlsx(rule.value.map((c) => c.label)) : templateCsv();
    },
  );

  app.post(
    '/orgs/:id/member-imports',
    {
      config: { access: 'members.import' },
      schema: {
        tags: ['members'],
        params: idParam,
        querystring: z.object({ filename: z.string().max(200).optional() }),
        response: { 202: z.object({ data: jobSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await getVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'members.import', org.path);
      const bytes = await checkedUpload(request.body);
      const now = clock.now();
      const job = await createImportJob(db, {
        kind: 'members',
        orgId: org.id,
        ownerId: actor.user.id,
        bytes,
        filename: request.query.filename ?? null,
        now,
      });
      // The preview goes on after the answer; its progress and outcome are in the job row.
      const progress = progressWriter(db, job.id, () => clock.now());
      runPreview(
        db,
        job,
        () => clock.now(),
        () => previewMemberImport(db, crypto, job, org, bytes, today(now), { onProgress: progress }),
      ).catch((error: unknown) => request.log.error(error, 'member import preview'));
      return reply.status(202).send({ data: present(job as ImportJob<MemberSample>) });
    },
  );

  app.get(
    '/member-imports/jobs/:jobId',
    {
      config: { access: 'members.import' },
      schema: {
        tags: ['members'],
        params: z.object({ jobId: z.string().max(64) }),
        response: { 200: z.object({ data: jobSchema }) },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      return {
        data: present(
          await getOwnImportJob<MemberSample>(
            db,
            'members',
            request.params.jobId,
            actor.user.id,
            clock.now(),
          ),
        ),
      };
    },
  );

  app.post(
    '/member-imports/jobs/:jobId/commit',
    {
      config: { access: 'members.import' },
      schema: {
        tags: ['members'],
        params: z.object({ jobId: z.string().max(64) }),
        response: { 200: z.object({ data: jobSchema }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const job = await getOwnImportJob<MemberSample>(
        db,
        'members',
        request.params.jobId,
        actor.user.id,
        clock.now(),
      );
      if (job.status !== 'ready' || !job.preview)
        throw new ValidationError({ file: '文件尚未解析完成或已经提交' });
      // The grant may have changed since the upload.
      const org = await getVisibleOrg(db, actor, job.orgId);
      authorize(actor, 'members.import', org.path);
      const result = await runAction(request, (trx, audit) =>
        commitMemberImport(trx, job, org, { actorId: actor.user.id, now: clock.now(), audit }),
      );
      return { data: present({ ...job, status: 'committed', phase: 'done', result }) };
    },
  );

  app.post(
    '/members/export',
    {
      config: { access: 'members.export' },
      schema: { tags: ['members'], body: exportBody, response: { 200: fileResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      const { unmasked, reason: _reason, format, ...filters } = request.body;
      // Unmasked exports go through a request that another person approves (PIPL-06).
      if (unmasked)
        throw new ForbiddenError(
          '不打码导出须先提交导出申请，经另一名有审批权限的人员批准后由申请人下载',
          'APPROVAL_REQUIRED',
        );
      const scopeOrg = filters.orgId ? await getVisibleOrg(db, actor, filters.orgId) : null;
      await guardExactLookup(request, reply, filters.q, scopeOrg?.path ?? null, 'export');
      const now = clock.now();
      const out = await memberLedgerFile(db, crypto, { actor, filters, format, unmasked: false, now });
      await runAction(request, (_trx, audit) =>
        audit({
          action: 'members.export',
          objectType: 'member_list',
          orgPath: out.orgPath ?? actor.user.homeOrgPath,
          detail: { rows: out.rows, format, unmasked: false },
        }),
      );
      reply
        .header('content-type', out.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(out.filename)}`);
      return out.file;
    },
  );
};
