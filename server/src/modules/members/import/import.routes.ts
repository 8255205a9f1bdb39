import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../../platform/actor.ts';
import { randomToken } from '../../../platform/crypto.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../../platform/http.ts';
import { idParam } from '../../../platform/validation.ts';
import { getVisibleOrg } from '../../orgs/orgs.queries.ts';
import { exportBody } from '../members.contract.ts';
import { filteredMembers } from '../members.queries.ts';
import { today } from '../members.service.ts';
import { getRule } from '../rules.ts';
import { ledgerRows, templateCsv, templateXlsx, toCsv, toXlsx } from './export.ts';
import { commitMemberImport, type PreparedImport, prepareMemberImport } from './import.service.ts';
import { DEFAULT_LIMITS } from './parse.ts';

/** Import previews live in memory for a while, bound to the user who uploaded the file. */
interface ImportJob {
  id: string;
  userId: number;
  orgPath: string;
  status: 'parsing' | 'ready' | 'failed' | 'committing' | 'committed';
  phase: string;
  done: number;
  total: number;
  prepared: PreparedImport | null;
  error: string | null;
  result: { importId: number; imported: number; alreadyImported: boolean } | null;
  createdAt: number;
}

/** A spreadsheet file (Buffers are sent as they are, never serialized). */
const fileResponse = z.any().describe('.xlsx 或 .csv 文件');
const JOB_TTL_MS = 30 * 60_000;
const MAX_EXPORT_ROWS = 200_000;

const rowError = z.object({ row: z.number(), column: z.string(), code: z.string(), message: z.string() });
const jobSchema = z.object({
  id: z.string(),
  status: z.enum(['parsing', 'ready', 'failed', 'committing', 'committed']),
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
  const { db, clock, crypto } = app.deps;
  const jobs = new Map<string, ImportJob>();
  const sweep = () => {
    const now = Date.now();
    for (const [id, job] of jobs)
      if (now - job.createdAt > JOB_TTL_MS && job.status !== 'committing') jobs.delete(id);
  };
  const present = (job: ImportJob) => ({
    id: job.id,
    status: job.status,
    phase: job.phase,
    done: job.done,
    total: job.total,
    error: job.error,
    preview: job.prepared
      ? {
          total: job.prepared.total,
          ok: job.prepared.rows.length,
          fatal: job.prepared.fatal,
          errors: job.prepared.errors.slice(0, 1000),
          alreadyImported: job.prepared.alreadyImported,
          sample: job.prepared.rows.slice(0, 20).map((r) => ({
            row: r.row,
            name: r.name,
            idNumber: `${r.idNumber.slice(0, 3)}${'*'.repeat(11)}${r.idNumber.slice(-4)}`,
            orgId: r.orgId,
            status: r.status,
            category: r.category,
          })),
        }
      : null,
    result: job.result,
  });
  const jobOf = (request: Parameters<typeof actorOf>[0], id: string) => {
    const job = jobs.get(id);
    const actor = actorOf(request);
    if (!job || job.userId !== actor.user.id) throw new NotFoundError('导入任务不存在或已过期');
    return job;
  };

  // Uploads are the raw file bytes (no multipart), bounded by the import size limit.
  for (const type of [
    'application/octet-stream',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ]) {
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: DEFAULT_LIMITS.maxBytes },
      (_req, body, done) => done(null, body),
    );
  }

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
      sweep();
      const actor = actorOf(request);
      const org = await getVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'members.import', org.path);
      const bytes = request.body as unknown;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0)
        throw new ValidationError({ file: '请上传 .xlsx 或 .csv 文件' });
      const job: ImportJob = {
        id: randomToken(16),
        userId: actor.user.id,
        orgPath: org.path,
        status: 'parsing',
        phase: 'parse',
        done: 0,
        total: 0,
        prepared: null,
        error: null,
        result: null,
        createdAt: Date.now(),
      };
      jobs.set(job.id, job);
      prepareMemberImport(
        db,
        crypto,
        org,
        { bytes, filename: request.query.filename ?? null },
        today(clock.now()),
        {
          onProgress: (phase, done, total) => Object.assign(job, { phase, done, total }),
        },
      ).then(
        (prepared) => Object.assign(job, { prepared, status: 'ready' }),
        (error: unknown) =>
          Object.assign(job, {
            status: 'failed',
            error: error instanceof Error ? error.message : '解析失败',
          }),
      );
      return reply.status(202).send({ data: present(job) });
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
      return { data: present(jobOf(request, request.params.jobId)) };
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
      const job = jobOf(request, request.params.jobId);
      const actor = actorOf(request);
      if (job.status !== 'ready' || !job.prepared)
        throw new ValidationError({ file: '文件尚未解析完成或已经提交' });
      // The grant may have changed since the upload.
      const org = await getVisibleOrg(db, actor, job.prepared.target.id);
      authorize(actor, 'members.import', org.path);
      job.status = 'committing';
      job.phase = 'write';
      try {
        const prepared = job.prepared;
        job.result = await runAction(request, (trx, audit) =>
          commitMemberImport(trx, crypto, prepared, {
            actorId: actor.user.id,
            now: clock.now(),
            audit,
            onProgress: (done, total) => Object.assign(job, { done, total }),
          }),
        );
        job.status = 'committed';
      } catch (error) {
        job.status = 'ready';
        throw error;
      }
      return { data: present(job) };
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
      const body = request.body;
      const now = clock.now();
      const day = today(now);
      const scopeOrg = body.orgId ? await getVisibleOrg(db, actor, body.orgId) : null;
      if (body.unmasked) {
        if (!body.reason) throw new ValidationError({ reason: '不打码导出须说明理由' });
        const paths = scopeOrg ? [scopeOrg.path] : actor.paths('members.read');
        if (!paths.every((p) => actor.can('members.export_unmasked', p))) {
          throw new ForbiddenError('没有导出未打码名册的权限');
        }
      }
      const birthday = await getRule(db, 'members.party_birthday', scopeOrg?.path ?? null, day);
      const categories = await getRule(db, 'members.categories', scopeOrg?.path ?? null, day);
      const q = await filteredMembers(db, { actor, crypto, today: day, birthday: birthday.value }, body);
      const rows = await q
        .orderBy('o.path')
        .orderBy('m.id')
        .limit(MAX_EXPORT_ROWS + 1)
        .execute();
      if (rows.length > MAX_EXPORT_ROWS)
        throw new ValidationError({ orgId: `导出人数超过 ${MAX_EXPORT_ROWS}，请缩小范围` });
      const watermark = `导出人: ${actor.user.displayName}（${actor.user.username}） 导出时间: ${now.toISOString()} ${body.unmasked ? '未打码，严禁外传' : '已打码'}`;
      const cells = ledgerRows(rows, {
        unmasked: body.unmasked,
        crypto,
        today: day,
        categoryLabels: Object.fromEntries(categories.value.map((c) => [c.code, c.label])),
      });
      await runAction(request, (_trx, audit) =>
        audit({
          action: body.unmasked ? 'members.export_unmasked' : 'members.export',
          objectType: 'member_list',
          orgPath: scopeOrg?.path ?? actor.user.homeOrgPath,
          detail: {
            rows: rows.length,
            format: body.format,
            unmasked: body.unmasked,
            reason: body.reason ?? null,
          },
        }),
      );
      const title = `${scopeOrg?.name ?? '党员'}党员名册`;
      const file = body.format === 'xlsx' ? await toXlsx(cells, title, watermark) : toCsv(cells, watermark);
      reply
        .header(
          'content-type',
          body.format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        )
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${body.format}`)}`,
        );
      return file;
    },
  );
};
