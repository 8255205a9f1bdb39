import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../../platform/actor.ts';
import { ValidationError } from '../../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../../platform/http.ts';
import {
  createImportJob,
  getOwnImportJob,
  type ImportJob,
  runPreview,
} from '../../../platform/imports/jobs.ts';
import { checkedUpload, registerUploadParsers } from '../../../platform/imports/uploads.ts';
import { idParam } from '../../../platform/validation.ts';
import { today } from '../../members/index.ts';
import { getVisibleOrg } from '../orgs.queries.ts';
import { commitOrgImport, type OrgSample, previewOrgImport } from './import.service.ts';
import { orgTemplateCsv, orgTemplateXlsx } from './template.ts';

const fileResponse = z.any().describe('.xlsx 或 .csv 文件');
const rowError = z.object({ row: z.number(), column: z.string(), code: z.string(), message: z.string() });
const orgJobSchema = z.object({
  id: z.string(),
  status: z.enum(['parsing', 'ready', 'failed', 'committed']),
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
  /** The preview is awaited before answering: organization files are small. */
  const present = (job: ImportJob<OrgSample>) => ({
    id: job.id,
    status: job.status,
    preview: {
      ...(job.preview ?? {
        total: 0,
        ok: 0,
        fatal: job.error,
        errors: [],
        alreadyImported: null,
        sample: [],
      }),
      errors: (job.preview?.errors ?? []).slice(0, 1000),
    },
    result: job.result,
  });

  registerUploadParsers(app);

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
      const actor = actorOf(request);
      const org = await getVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'orgs.create', org.path);
      if (org.status !== 'active') throw new ValidationError({ id: '组织已撤销，不能导入下级组织' });
      const bytes = await checkedUpload(request.body);
      const now = clock.now();
      const job = await createImportJob(db, {
        kind: 'orgs',
        orgId: org.id,
        ownerId: actor.user.id,
        bytes,
        filename: request.query.filename ?? null,
        now,
      });
      const done = await runPreview(
        db,
        job,
        () => clock.now(),
        () => previewOrgImport(db, actor, job, org, bytes, today(now)),
      );
      return { data: present(done) };
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
      const job = await getOwnImportJob<OrgSample>(
        db,
        'orgs',
        request.params.jobId,
        actor.user.id,
        clock.now(),
      );
      if (job.status !== 'ready') throw new ValidationError({ file: '该文件已经提交' });
      // The grant may have changed since the upload.
      const org = await getVisibleOrg(db, actor, job.orgId);
      authorize(actor, 'orgs.create', org.path);
      const result = await runAction(request, (trx, audit) =>
        commitOrgImport(trx, job, org, { actor, now: clock.now(), audit }),
      );
      return { data: present({ ...job, status: 'committed', result }) };
    },
  );
};
