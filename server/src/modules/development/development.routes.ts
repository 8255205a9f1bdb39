import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
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
  developmentListQuery,
  developmentListResponse,
  developmentSummaryResponse,
} from './development.contract.ts';
import { caseHistory, listCases, presentCase, presentCaseById, summarize } from './development.queries.ts';
import { developmentRulesOn, ruleText } from './development.rules.ts';
import { recordApplication } from './development.service.ts';
import { applicationAgeProblem } from './development.timing.ts';

const tags = ['development'];

const rulesResponse = z.object({
  data: z.object({
    version: z.string(),
    effectiveFrom: z.string(),
    rules: z.array(
      z.object({
        key: z.string(),
        value: z.number(),
        enforcement: z.enum(['warn', 'block']),
        text: z.string(),
      }),
    ),
    steps: z.array(
      z.object({
        no: z.number(),
        stage: z.number(),
        title: z.string(),
        by: z.string(),
        actor: z.string(),
        record: z.string(),
      }),
    ),
  }),
});

export const developmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto } = app.deps;

  app.get(
    '/development-rules',
    { config: { access: 'development.read' }, schema: { tags, response: { 200: rulesResponse } } },
    async () => {
      const { version, effectiveFrom, ...rules } = developmentRulesOn(clock.now().toISOString().slice(0, 10));
      return {
        data: {
          version,
          effectiveFrom,
          rules: Object.entries(rules).map(([key, r]) => ({
            key,
            value: r.value,
            enforcement: r.enforcement,
            text: ruleText(r),
          })),
          steps: [...DEVELOPMENT_STEPS],
        },
      };
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
      const rules = developmentRulesOn(body.appliedOn);
      const tooYoung = applicationAgeProblem(facts.birthDate, body.appliedOn, rules);
      if (tooYoung) throw new ValidationError({ appliedOn: tooYoung });
      if (body.appliedOn > clock.now().toISOString().slice(0, 10)) {
        throw new ValidationError({ appliedOn: '申请日期不能晚于今天' });
      }
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'development.manage');
        if (org.kind !== 'branch') throw new ValidationError({ orgId: '入党申请由党支部受理' });
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
      return { data: { ...presentCase(actor, row), history: await caseHistory(db, row.id) } };
    },
  );

  mountActions(app, developmentActions);
};
