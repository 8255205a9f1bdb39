import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, authorize } from '../actor.ts';
import type { Trx } from '../db.ts';
import { ValidationError } from '../errors.ts';
import { type AuditFn, actorOf, noStore, runAction } from '../http.ts';
import { metrics } from '../metrics.ts';
import type { Permission } from '../permissions.ts';
import { idParam } from '../validation.ts';
import {
  createImportJob,
  getOwnImportJob,
  type ImportJob,
  type ImportKind,
  type ImportPreview,
  type ImportResult,
  progressWriter,
  runPreview,
} from './jobs.ts';
import { checkedUpload, registerUploadParsers } from './uploads.ts';

/**
 * The HTTP side of every spreadsheet import (members, organizations), mounted from one spec per
 * kind: template download, upload → job → preview, the job's progress, and the commit in one
 * action (validate → load → authorize → service → present). The platform names no module: the
 * kind hands in how to load its target, preview and commit.
 */
export const rowErrorSchema = z.object({
  row: z.number(),
  column: z.string(),
  code: z.string(),
  message: z.string(),
  sheet: z.string().optional(),
});
const warningSchema = z.object({
  code: z.string(),
  message: z.string(),
  sheet: z.string().optional(),
  column: z.string().optional(),
});
const skippedSchema = z.object({ row: z.number(), reason: z.string(), sheet: z.string().optional() });
const resultSchema = z.object({
  importId: z.number(),
  imported: z.number(),
  updated: z.number().optional(),
  alreadyImported: z.boolean(),
});

/** The preview every kind shares, extended with its own sample and fields. */
export function previewSchemaOf<T extends z.ZodRawShape>(sample: z.ZodTypeAny, extra: T) {
  return z.object({
    total: z.number(),
    ok: z.number(),
    fatal: z.string().nullable(),
    errors: z.array(rowErrorSchema),
    warnings: z.array(warningSchema),
    skipped: z.array(skippedSchema),
    alreadyImported: z.object({ importId: z.number(), at: z.string(), rowCount: z.number() }).nullable(),
    sample: z.array(sample),
    ...extra,
  });
}

export interface ImportTargetRow {
  id: number;
  path: string;
  code: string;
  name: string;
  status: string;
}

export interface ImportRouteSpec<S, Q extends z.ZodRawShape> {
  kind: ImportKind;
  tag: string;
  permission: Permission;
  /** e.g. `member-imports`: `/orgs/:id/<base>`, `/<base>/template`, `/<base>/jobs/:jobId`. */
  base: string;
  /** The template's file name without extension (党员导入模板). */
  templateName: string;
  template(format: 'xlsx' | 'csv'): Promise<Buffer | string>;
  preview: z.ZodTypeAny;
  /** Extra upload options (the member import's mode). */
  query: Q;
  /**
   * `background`: answer 202 at once and let the client poll the job (large member files);
   * otherwise the preview is awaited (organization files are small).
   */
  background: boolean;
  loadTarget(actor: Actor, id: number): Promise<ImportTargetRow>;
  /** A refusal before the upload is read (an organization closed), as a field error. */
  refuse?(target: ImportTargetRow): string | null;
  runPreview(args: {
    actor: Actor;
    job: ImportJob;
    target: ImportTargetRow;
    bytes: Uint8Array;
    now: Date;
    options: z.infer<z.ZodObject<Q>>;
    onProgress: (phase: string, done: number, total: number) => void;
  }): Promise<ImportPreview<S>>;
  commit(
    trx: Trx,
    job: ImportJob<S>,
    target: ImportTargetRow,
    ctx: { actor: Actor; now: Date; audit: AuditFn },
  ): Promise<ImportResult>;
}

const fileResponse = z.any().describe('.xlsx 或 .csv 文件');

export function importRoutes<S, Q extends z.ZodRawShape>(spec: ImportRouteSpec<S, Q>): FastifyPluginAsyncZod {
  const jobSchema = z.object({
    id: z.string(),
    status: z.enum(['parsing', 'ready', 'failed', 'committed']),
    phase: z.string(),
    done: z.number(),
    total: z.number(),
    error: z.string().nullable(),
    preview: spec.preview.nullable(),
    result: resultSchema.nullable(),
  });
  const present = (job: ImportJob<S>) => ({
    id: job.id,
    status: job.status,
    phase: job.phase,
    done: job.done,
    total: job.total,
    error: job.error,
    preview: job.preview ? { ...job.preview, errors: job.preview.errors.slice(0, 1000) } : null,
    result: job.result,
  });
  return async (app) => {
    const { db, clock } = (app as FastifyInstance).deps;
    registerUploadParsers(app);
    const ownJob = (request: FastifyRequest, jobId: string) =>
      getOwnImportJob<S>(db, spec.kind, jobId, actorOf(request).user.id, clock.now());

    app.get(
      `/${spec.base}/template`,
      {
        config: { access: spec.permission },
        schema: {
          tags: [spec.tag],
          querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
          response: { 200: fileResponse },
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        reply
          .header(
            'content-type',
            format === 'xlsx'
              ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
              : 'text/csv; charset=utf-8',
          )
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`${spec.templateName}.${format}`)}`,
          );
        return spec.template(format);
      },
    );

    app.post(
      `/orgs/:id/${spec.base}`,
      {
        config: { access: spec.permission },
        schema: {
          tags: [spec.tag],
          params: idParam,
          querystring: z.object({ filename: z.string().max(200).optional(), ...spec.query }),
          response: { 200: z.object({ data: jobSchema }), 202: z.object({ data: jobSchema }) },
        },
      },
      async (request, reply) => {
        noStore(reply);
        const actor = actorOf(request);
        const target = await spec.loadTarget(actor, request.params.id);
        authorize(actor, spec.permission, target.path);
        const refusal = spec.refuse?.(target);
        if (refusal) throw new ValidationError({ id: refusal });
        const bytes = await checkedUpload(request.body);
        const now = clock.now();
        const { filename, ...options } = request.query as { filename?: string } & z.infer<z.ZodObject<Q>>;
        const job = await createImportJob(db, {
          kind: spec.kind,
          orgId: target.id,
          ownerId: actor.user.id,
          bytes,
          filename: filename ?? null,
          now,
        });
        const running = runPreview(
          db,
          job,
          () => clock.now(),
          () =>
            spec.runPreview({
              actor,
              job,
              target,
              bytes,
              now,
              options: options as z.infer<z.ZodObject<Q>>,
              onProgress: progressWriter(db, job.id, () => clock.now()),
            }),
        );
        if (!spec.background) return reply.status(200).send({ data: present(await running) });
        // The preview goes on after the answer; its progress and outcome are in the job row.
        running.catch((error: unknown) => request.log.error(error, `${spec.kind} import preview`));
        return reply.status(202).send({ data: present(job as ImportJob<S>) });
      },
    );

    app.get(
      `/${spec.base}/jobs/:jobId`,
      {
        config: { access: spec.permission },
        schema: {
          tags: [spec.tag],
          params: z.object({ jobId: z.string().max(64) }),
          response: { 200: z.object({ data: jobSchema }) },
        },
      },
      async (request, reply) => {
        noStore(reply);
        return { data: present(await ownJob(request, request.params.jobId)) };
      },
    );

    app.post(
      `/${spec.base}/jobs/:jobId/commit`,
      {
        config: { access: spec.permission },
        schema: {
          tags: [spec.tag],
          params: z.object({ jobId: z.string().max(64) }),
          response: { 200: z.object({ data: jobSchema }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const job = await ownJob(request, request.params.jobId);
        if (job.status !== 'ready' || !job.preview)
          throw new ValidationError({ file: '文件尚未解析完成或已经提交' });
        // The grant may have changed since the upload.
        const target = await spec.loadTarget(actor, job.orgId);
        authorize(actor, spec.permission, target.path);
        const result = await runAction(request, (trx, audit) =>
          spec.commit(trx, job, target, { actor, now: clock.now(), audit }),
        );
        if (!result.alreadyImported)
          metrics.countImportRows(spec.base, result.imported + (result.updated ?? 0));
        return { data: present({ ...job, status: 'committed', phase: 'done', result }) };
      },
    );
  };
}
