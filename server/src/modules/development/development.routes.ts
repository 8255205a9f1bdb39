import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { authorize } from '../../platform/actor.ts';
import { chinaDate } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { evidenceMime, readUpload, sendStoredFile } from '../../platform/uploads.ts';
import { idParam } from '../../platform/validation.ts';
import {
  encryptedColumns,
  ID_PROBLEM_MESSAGES,
  idNumberFacts,
  idNumberProblem,
  normalizeIdNumber,
} from '../members/index.ts';
import { developmentActions, loadCase } from './development.actions.ts';
import {
  applyBody,
  DEVELOPMENT_STEPS,
  developmentCaseResponse,
  developmentDetailResponse,
  developmentFileResponse,
  developmentListQuery,
  developmentListResponse,
  developmentRulesQuery,
  developmentRulesResponse,
  developmentSummaryResponse,
  newRuleVersionBody,
  newRuleVersionResponse,
  RULE_KEYS,
  stepOf,
} from './development.contract.ts';
import {
  caseFiles,
  caseHistory,
  listCases,
  presentCase,
  presentCaseById,
  summarize,
} from './development.queries.ts';
import { addRuleVersion, loadRuleBook, ruleText } from './development.rules.ts';
import { recordApplication } from './development.service.ts';
import { applicationAgeProblem } from './development.timing.ts';

const tags = ['development'];

export const developmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto } = app.deps;

  // The rules page: the version in force for a place (its profile), every version, the 25 steps.
  app.get(
    '/development-rules',
    {
      config: { access: 'development.read' },
      schema: { tags, querystring: developmentRulesQuery, response: { 200: developmentRulesResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const today = chinaDate(clock.now());
      const org = request.query.orgId
        ? await loadOrgFor(db, actor, request.query.orgId, 'development.read')
        : null;
      const book = await loadRuleBook(db);
      const profile = org ? await book.profileFor(org.path) : 'default';
      const { version, effectiveFrom, ...rules } = await book.forPath(org?.path ?? '/', today);
      const inForce = new Set(
        [...new Set(book.versions.map((v) => v.profile))].map(
          (p) => book.versions.filter((v) => v.profile === p && v.effectiveFrom <= today).at(-1)?.id,
        ),
      );
      return {
        data: {
          profile,
          version,
          effectiveFrom,
          rules: RULE_KEYS.map((key) => ({
            key,
            value: rules[key].value,
            enforcement: rules[key].enforcement,
            text: ruleText(rules[key]),
          })),
          versions: [...book.versions].reverse().map((v) => ({
            id: v.id,
            profile: v.profile,
            version: v.version,
            effectiveFrom: v.effectiveFrom,
            source: v.source,
            inForce: inForce.has(v.id),
          })),
          steps: [...DEVELOPMENT_STEPS],
          abilities: { addVersion: actor.hasPermission('development.configure') },
        },
      };
    },
  );

  // A new version of the rules for a place profile from a date (today or later): the numbers that
  // change, with the document they come from; the others are carried over.
  app.post(
    '/development-rules',
    {
      config: { access: 'development.configure' },
      schema: { tags, body: newRuleVersionBody, response: { 201: newRuleVersionResponse } },
    },
    async (request, reply) => {
      const data = await runAction(request, async (trx, audit) => {
        const created = await addRuleVersion(trx, request.body, {
          today: chinaDate(clock.now()),
          actorId: actorOf(request).user.id,
        });
        await audit({
          action: 'development.rules_added',
          objectType: 'development_rules',
          objectId: created.id,
          detail: { profile: request.body.profile, version: created.version, values: request.body.values },
        });
        return created;
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/orgs/:id/development',
    {
      config: { access: 'development.read' },
      schema: {
        tags,
        params: idParam,
        querystring: developmentListQuery,
        response: { 200: developmentListResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.params.id, 'development.read');
      return { data: await listCases(db, actor, org, clock.now(), request.query) };
    },
  );

  app.get(
    '/orgs/:id/development/summary',
    {
      config: { access: 'development.read' },
      schema: { tags, params: idParam, response: { 200: developmentSummaryResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.params.id, 'development.read');
      return { data: await summarize(db, actor, org, clock.now()) };
    },
  );

  app.post(
    '/orgs/:id/development',
    {
      config: { access: 'development.manage' },
      schema: { tags, params: idParam, body: applyBody, response: { 201: developmentCaseResponse } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const idNumber = normalizeIdNumber(body.idNumber);
      const problem = idNumberProblem(idNumber, clock.now());
      if (problem) throw new ValidationError({ idNumber: ID_PROBLEM_MESSAGES[problem] });
      const facts = idNumberFacts(idNumber);
      if (body.appliedOn > clock.now().toISOString().slice(0, 10)) {
        throw new ValidationError({ appliedOn: '申请日期不能晚于今天' });
      }
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'development.manage');
        if (org.kind !== 'branch') throw new ValidationError({ orgId: '入党申请由党支部受理' });
        // the age rule of the branch's place profile, in force on the day of the application
        const rules = await (await loadRuleBook(trx)).forPath(org.path, body.appliedOn);
        const tooYoung = applicationAgeProblem(facts.birthDate, body.appliedOn, rules);
        if (tooYoung) throw new ValidationError({ appliedOn: tooYoung });
        const hash = crypto.blindIndex(idNumber);
        const member = await trx
          .selectFrom('members')
          .select('id')
          .where('idNumberHash', '=', hash)
          .executeTakeFirst();
        if (member) throw new ConflictError('此人已在党员名册中', { idNumber: '此人已在党员名册中' });
        const open = await trx
          .selectFrom('developmentCases')
          .select('id')
          .where('idNumberHash', '=', hash)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (open)
          throw new ConflictError('此人已有进行中的发展记录', { idNumber: '此人已有进行中的发展记录' });
        const cols = encryptedColumns(crypto, { idNumber, phone: null, address: null });
        const now = clock.now();
        const { id } = await trx
          .insertInto('developmentCases')
          .values({
            orgId: org.id,
            name: body.name,
            gender: facts.gender,
            birthDate: facts.birthDate,
            idNumberEnc: cols.idNumberEnc,
            idNumberHash: cols.idNumberHash,
            idNumberMasked: cols.idNumberMasked,
            appliedOn: body.appliedOn,
            step: 2,
            stepSince: body.appliedOn,
            activistOn: null,
            lastAssessmentOn: null,
            targetOn: null,
            publicityFrom: null,
            trainingDays: null,
            assemblyOn: null,
            approvedOn: null,
            probationEndsOn: null,
            relativeFlag: body.relativeOfCadre,
            relativeClearedReason: null,
            memberId: null,
            createdAt: now,
            updatedAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordApplication(trx, id, body.appliedOn, actor.user.id, now);
        await audit({
          action: 'development.apply',
          objectType: 'development_case',
          objectId: id,
          orgPath: org.path,
        });
        return id;
      });
      return reply.status(201).send({ data: await presentCaseById(request, id) });
    },
  );

  app.get(
    '/development/:id',
    {
      config: { access: 'development.read' },
      schema: { tags, params: idParam, response: { 200: developmentDetailResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await loadCase(db, actor, request.params.id, { lock: false, now: clock.now() });
      return {
        data: {
          ...presentCase(actor, row),
          history: await caseHistory(db, row.id),
          files: await caseFiles(db, row.id),
        },
      };
    },
  );

  // The record of the current step as a file (a photo or PDF of the signed document), uploaded by
  // whoever does the step: the branch (development.manage) or the level above (development.approve).
  app.post(
    '/development/:id/files',
    {
      config: { access: 'development.read' },
      schema: {
        tags,
        params: idParam,
        consumes: ['multipart/form-data'],
        response: { 201: developmentFileResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await loadCase(db, actor, request.params.id, { lock: false, now: clock.now() });
      const upper = stepOf(Math.min(row.step, 25))?.by === 'upper';
      authorize(
        actor,
        upper ? 'development.approve' : 'development.manage',
        upper ? row.parentPath : row.orgPath,
      );
      if (row.status !== 'active')
        throw new ValidationError({ file: '该发展对象已办结或终止，不能再上传材料' });
      const upload = await readUpload(request);
      const mime = evidenceMime(upload.buffer);
      const file = await runAction(request, async (trx, audit) => {
        const created = await trx
          .insertInto('developmentFiles')
          .values({
            caseId: row.id,
            step: row.step,
            filename: upload.filename.slice(0, 200),
            mime,
            size: upload.buffer.length,
            content: upload.buffer,
            uploadedBy: actor.user.id,
            createdAt: clock.now(),
          })
          .returning(['id', 'step', 'filename', 'mime', 'size', 'createdAt'])
          .executeTakeFirstOrThrow();
        await audit({
          action: 'development.file_added',
          objectType: 'development_case',
          objectId: row.id,
          orgPath: row.orgPath,
          detail: { fileId: created.id, step: row.step, filename: created.filename },
        });
        return created;
      });
      return reply.status(201).send({ data: { ...file, createdAt: file.createdAt.toISOString() } });
    },
  );

  app.get(
    '/development/:id/files/:fileId',
    {
      config: { access: 'development.read' },
      schema: {
        tags,
        params: z.object({
          id: z.coerce.number().int().positive(),
          fileId: z.coerce.number().int().positive(),
        }),
        response: { 200: z.any().describe('材料文件') },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await loadCase(db, actor, request.params.id, { lock: false, now: clock.now() });
      const file = await db
        .selectFrom('developmentFiles')
        .select(['filename', 'mime', 'content'])
        .where('id', '=', request.params.fileId)
        .where('caseId', '=', row.id)
        .executeTakeFirst();
      if (!file) throw new NotFoundError('材料不存在或无权访问');
      return sendStoredFile(reply, file);
    },
  );

  mountActions(app, developmentActions);
};
