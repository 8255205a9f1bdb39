import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../../platform/actor.ts';
import { randomToken } from '../../../platform/crypto.ts';
import { NotFoundError, ValidationError } from '../../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../../platform/http.ts';
import { idParam } from '../../../platform/validation.ts';
import { DEFAULT_LIMITS } from '../../members/import/parse.ts';
import { today } from '../../members/members.service.ts';
import { getVisibleOrg } from '../orgs.queries.ts';
import {
  commitOrgImport,
  type OrgCommitResult,
  type PreparedOrgImport,
  prepareOrgImport,
} from './import.service.ts';
import { ORG_KIND_LABELS } from './parse.ts';
import { orgTemplateCsv, orgTemplateXlsx } from './template.ts';

/** Organization import previews live in memory for a while, bound to the user who uploaded. */
interface OrgImportJob {
  id: string;
  userId: number;
  status: 'ready' | 'committing' | 'committed';
  prepared: PreparedOrgImport;
  result: OrgCommitResult | null;
  createdAt: number;
}

const JOB_TTL_MS = 30 * 60_000;
const fileResponse = z.any().describe('.xlsx 或 .csv 文件');
const rowError = z.object({ row: z.number(), column: z.string(), code: z.string(), message: z.string() });
const orgJobSchema = z.object({
  id: z.string(),
  status: z.enum(['ready', 'committing', 'committed']),
  preview: z.object({
    total: z.number(),
    ok: z.number(),
    fatal: z.string().nullable(),
    errors: z.array(rowError),
    alreadyImported: z.object({ importId: z.number(), at: z.string(), rowCount: z.number() }).nullable(),
    sample: z.array(
      z.object({
        row: z.number(),
        code: z.string(),
        name: z.string(),
        parentCode: z.string().nullable(),
        kind: z.string(),
        kindLabel: z.string(),
        level: z.string().nullable(),
        unitType: z.string().nullable(),
        establishedOn: z.string().nullable(),
      }),
    ),
  }),
  result: z.object({ importId: z.number(), imported: z.number(), alreadyImported: z.boolean() }).nullable(),
});

export const orgImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const jobs = new Map<string, OrgImportJob>();
  const sweep = () => {
    const now = Date.now();
    for (const [id, job] of jobs)
      if (now - job.createdAt > JOB_TTL_MS && job.status !== 'committing') jobs.delete(id);
  };
  const present = (job: OrgImportJob) => ({
    id: job.id,
    status: job.status,
    preview: {
      total: job.prepared.total,
      ok: job.prepared.rows.length,
      fatal: job.prepared.fatal,
      errors: job.prepared.errors.slice(0, 1000),
      alreadyImported: job.prepared.alreadyImported,
      sample: job.prepared.rows
        .slice()
        .sort((a, b) => a.row - b.row)
        .slice(0, 50)
        .map((r) => ({
          row: r.row,
          code: r.code,
          name: r.name,
          parentCode: r.parentCode ?? job.prepared.target.code,
          kind: r.kind,
          kindLabel: ORG_KIND_LABELS[r.kind],
          level: r.level,
          unitType: r.unitType,
          establishedOn: r.establishedOn,
        })),
    },
    result: job.result,
  });

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
    '/org-imports/template',
    {
      config: { access: 'orgs.create' },
      schema: {
        tags: ['orgs'],
        querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
        response: { 200: fileResponse },
      },
    },
    async (request, reply) => {
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
          `attachment; filename*=UTF-8''${encodeURIComponent(`组织导入模板.${request.query.format}`)}`,
        );
      return xlsx ? orgTemplateXlsx() : orgTemplateCsv();
    },
  );

  app.post(
    '/orgs/:id/org-imports',
    {
      config: { access: 'orgs.create' },
      schema: {
        tags: ['orgs'],
        params: idParam,
        querystring: z.object({ filename: z.string().max(200).optional() }),
        response: { 200: z.object({ data: orgJobSchema }) },
      },
    },
    async (request, reply) => {
      noStore(reply);
      sweep();
      const actor = actorOf(request);
      const org = await getVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'orgs.create', org.path);
      if (org.status !== 'active') throw new ValidationError({ id: '组织已撤销，不能导入下级组织' });
      const bytes = request.body as unknown;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0)
        throw new ValidationError({ file: '请上传 .xlsx 或 .csv 文件' });
      const prepared = await prepareOrgImport(
        db,
        actor,
        org,
        { bytes, filename: request.query.filename ?? null },
        today(clock.now()),
      );
      const job: OrgImportJob = {
        id: randomToken(16),
        userId: actor.user.id,
        status: 'ready',
        prepared,
        result: null,
        createdAt: Date.now(),
      };
      jobs.set(job.id, job);
      return { data: present(job) };
    },
  );

  app.post(
    '/org-imports/jobs/:jobId/commit',
    {
      config: { access: 'orgs.create' },
      schema: {
        tags: ['orgs'],
        params: z.object({ jobId: z.string().max(64) }),
        response: { 200: z.object({ data: orgJobSchema }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const job = jobs.get(request.params.jobId);
      if (!job || job.userId !== actor.user.id) throw new NotFoundError('导入任务不存在或已过期');
      if (job.status !== 'ready') throw new ValidationError({ file: '该文件已经提交' });
      // The grant may have changed since the upload.
      const org = await getVisibleOrg(db, actor, job.prepared.target.id);
      authorize(actor, 'orgs.create', org.path);
      job.status = 'committing';
      try {
        job.result = await runAction(request, (trx, audit) =>
          commitOrgImport(trx, job.prepared, { actor, now: clock.now(), audit }),
        );
        job.status = 'committed';
      } catch (error) {
        job.status = 'ready';
        throw error;
      }
      return { data: present(job) };
    },
  );
};
