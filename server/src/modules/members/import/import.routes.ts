import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ForbiddenError } from '../../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../../platform/http.ts';
import { importRoutes, previewSchemaOf } from '../../../platform/imports/routes.ts';
import { getVisibleOrg } from '../../orgs/index.ts';
import { guardExactLookup } from '../lookups.ts';
import { exportBody } from '../members.contract.ts';
import { today } from '../members.service.ts';
import { getRule } from '../rules.ts';
import { memberLedgerFile, templateCsv, templateXlsx } from './export.ts';
import { commitMemberImport, preloadMemberParser, previewMemberImport } from './import.service.ts';

/** A spreadsheet file (Buffers are sent as they are, never serialized). */
const fileResponse = z.any().describe('.xlsx 或 .csv 文件');

const memberPreview = previewSchemaOf(
  z.object({
    row: z.number(),
    sheet: z.string().optional(),
    name: z.string(),
    idNumber: z.string(),
    orgId: z.number(),
    orgName: z.string(),
    status: z.string(),
    category: z.string(),
  }),
  {
    mode: z.enum(['add', 'update']),
    added: z.number(),
    unchanged: z.number(),
    changes: z.array(
      z.object({
        row: z.number(),
        sheet: z.string().optional(),
        memberId: z.number(),
        name: z.string(),
        updatedAt: z.string(),
        fields: z.array(
          z.object({ field: z.string(), column: z.string(), old: z.string().nullable(), new: z.string() }),
        ),
      }),
    ),
  },
);

export const memberImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto, config } = app.deps;
  // The long-lived parse workers start once the app listens (not competing with start-up);
  // tests start them on their first import.
  if (config.nodeEnv !== 'test')
    app.addHook('onListen', async () => {
      preloadMemberParser().catch((error: unknown) => app.log.warn(error, 'parse worker'));
    });

  await app.register(
    importRoutes({
      kind: 'members',
      tag: 'members',
      permission: 'members.import',
      base: 'member-imports',
      templateName: '党员导入模板',
      template: async (format) => {
        const rule = await getRule(db, 'members.categories', null, today(clock.now()));
        return format === 'xlsx' ? templateXlsx(rule.value.map((c) => c.label)) : templateCsv();
      },
      preview: memberPreview,
      // "add": every row is a new person; "update": add new people and update changed ones.
      query: { mode: z.enum(['add', 'update']).default('add') },
      background: true,
      loadTarget: (actor, id) => getVisibleOrg(db, actor, id),
      runPreview: ({ job, target, bytes, now, options, onProgress }) =>
        previewMemberImport(db, crypto, job, target, bytes, today(now), { mode: options.mode, onProgress }),
      commit: (trx, job, target, ctx) =>
        commitMemberImport(trx, job, target, { actorId: ctx.actor.user.id, now: ctx.now, audit: ctx.audit }),
    }),
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
