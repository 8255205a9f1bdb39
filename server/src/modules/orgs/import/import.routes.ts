import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importRoutes, previewSchemaOf } from '../../../platform/imports/routes.ts';
import { today } from '../../members/index.ts';
import { getVisibleOrg } from '../orgs.queries.ts';
import { commitOrgImport, previewOrgImport } from './import.service.ts';
import { orgTemplateCsv, orgTemplateXlsx } from './template.ts';

const orgPreview = previewSchemaOf(
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
  {},
);

/** Organization imports: the preview is awaited before answering (organization files are small). */
export const orgImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  await app.register(
    importRoutes({
      kind: 'orgs',
      tag: 'orgs',
      permission: 'orgs.create',
      base: 'org-imports',
      templateName: '组织导入模板',
      template: async (format) => (format === 'xlsx' ? orgTemplateXlsx() : orgTemplateCsv()),
      preview: orgPreview,
      query: {},
      background: false,
      loadTarget: (actor, id) => getVisibleOrg(db, actor, id),
      refuse: (org) => (org.status !== 'active' ? '组织已撤销，不能导入下级组织' : null),
      runPreview: ({ actor, job, target, bytes, now }) =>
        previewOrgImport(db, actor, job, target, bytes, today(now)),
      commit: (trx, job, target, ctx) =>
        commitOrgImport(trx, job, target, { actor: ctx.actor, now: ctx.now, audit: ctx.audit }),
    }),
  );
};
