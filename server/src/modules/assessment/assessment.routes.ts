import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { authorize } from '../../platform/actor.ts';
import { ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadVisibleOrg, visibleOrgPath } from '../../platform/org-scope.ts';
import { addLedgerRows, replyAuditedXlsx, workbookBuffer } from '../../platform/spreadsheet.ts';
import { idParam } from '../../platform/validation.ts';
import { debriefingAbilities, debriefingActions, schemeActions, scoreActions } from './assessment.actions.ts';
import {
  ASSESSMENT_LABELS,
  boardRow,
  type DimensionRules,
  debriefingBody,
  debriefingListRow,
  debriefingSchema,
  debriefingsQuery,
  goalWeightsQuery,
  publishStarsBody,
  rewardBody,
  schemeBody,
  schemeSchema,
  schemesQuery,
  scoreDetailSchema,
  scoresQuery,
  scoresResponse,
  starsQuery,
  starsResponse,
} from './assessment.contract.ts';
import {
  createDebriefing,
  findDebriefings,
  getDebriefing,
  getVisibleDebriefing,
  presentDebriefing,
} from './assessment.debriefing.ts';
import { presentScheme, presentScoreDetail } from './assessment.presenter.ts';
import {
  findSchemes,
  findScores,
  findStars,
  getScheme,
  getVisibleScheme,
  getVisibleScore,
  goalWeightRows,
  indicatorScoresOf,
  schemeCovering,
} from './assessment.queries.ts';
import { createScheme, publishStars, recordReward } from './assessment.service.ts';

const tags = ['assessment'];
const fieldLabels = ASSESSMENT_LABELS;

export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  mountActions(app, schemeActions);
  mountActions(app, scoreActions);
  mountActions(app, debriefingActions);

  /** The organization of `?orgId` in the caller's scope (404 outside) where the caller may read assessments. */
  const readableOrg = async (actor: ReturnType<typeof actorOf>, orgId: number) => {
    const org = await loadVisibleOrg(db, actor, orgId);
    authorize(actor, 'assessment.read', org.path);
    return org;
  };

  app.post(
    '/orgs/:id/assessment/schemes',
    {
      config: { fieldLabels, access: 'assessment.manage' },
      schema: {
        tags,
        params: idParam,
        body: schemeBody,
        response: { 201: z.object({ data: schemeSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'assessment.manage', org.path);
      const id = await runAction(request, (trx, audit) =>
        createScheme({ trx, audit, now: clock.now(), actor }, org, request.body),
      );
      const scheme = await getScheme(db, id);
      if (!scheme) throw new Error('scheme vanished');
      return reply.status(201).send({ data: presentScheme(scheme, actor) });
    },
  );

  app.get(
    '/assessment/schemes',
    {
      config: { fieldLabels, access: 'assessment.read' },
      schema: {
        tags,
        querystring: schemesQuery,
        response: { 200: z.object({ data: z.array(schemeSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const path = await visibleOrgPath(db, actor, request.query.orgId);
      const rows = await findSchemes(db, actor, path, request.query.year);
      return { data: rows.map((r) => presentScheme(r, actor)) };
    },
  );

  app.get(
    '/assessment/schemes/:id',
    {
      config: { fieldLabels, access: 'assessment.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: schemeSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      return { data: presentScheme(await getVisibleScheme(db, actor, request.params.id), actor) };
    },
  );

  // The stable contract: the organization's and its subtree's scores for the year; 404 outside scope.
  app.get(
    '/assessment/scores',
    {
      config: { fieldLabels, access: 'assessment.read' },
      schema: { tags, querystring: scoresQuery, response: { 200: scoresResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await readableOrg(actor, request.query.orgId);
      const rows = await findScores(db, org.path, request.query.year);
      const indicators = await indicatorScoresOf(
        db,
        rows.map((r) => r.scoreId),
        false,
      );
      const byScore = new Map<number, typeof indicators>();
      for (const i of indicators) byScore.set(i.scoreId, [...(byScore.get(i.scoreId) ?? []), i]);
      return {
        data: rows.map((r) => ({
          orgId: r.orgId,
          total: r.total,
          grade: r.grade,
          rank: r.rank,
          stars: r.starsPublished ? r.stars : null,
          indicators: (byScore.get(r.scoreId) ?? []).map((i) => ({
            code: i.code,
            name: i.name,
            weight: i.weight,
            points: i.points,
            explanation: i.explanation,
          })),
        })),
      };
    },
  );

  app.get(
    '/assessment/board',
    {
      config: { fieldLabels, access: 'assessment.read' },
      schema: { tags, querystring: scoresQuery, response: { 200: z.object({ data: z.array(boardRow) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await readableOrg(actor, request.query.orgId);
      return { data: await findScores(db, org.path, request.query.year) };
    },
  );

  app.get(
    '/assessment/scores/:id',
    {
      config: { fieldLabels, access: 'assessment.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: scoreDetailSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await getVisibleScore(db, actor, request.params.id);
      return { data: await presentScoreDetail(db, row, actor) };
    },
  );

  // 三级联述职联评: sessions held by the caller's organizations (and below), a session's reports and ratings.
  app.get(
    '/assessment/debriefings',
    {
      config: { fieldLabels, access: 'assessment.read' },
      schema: {
        tags,
        querystring: debriefingsQuery,
        response: { 200: z.object({ data: z.array(debriefingListRow) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await readableOrg(actor, request.query.orgId);
      return { data: await findDebriefings(db, org.path, request.query.year) };
    },
  );

  app.get(
    '/assessment/debriefings/:id',
    {
      config: { fieldLabels, access: 'assessment.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: debriefingSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await getVisibleDebriefing(db, actor, request.params.id);
      return { data: await presentDebriefing(db, row, actor, debriefingAbilities(actor, row)) };
    },
  );

  app.post(
    '/orgs/:id/assessment/debriefings',
    {
      config: { fieldLabels, access: 'assessment.review' },
      schema: {
        tags,
        params: idParam,
        body: debriefingBody,
        response: { 201: z.object({ data: debriefingSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'assessment.review', org.path);
      const id = await runAction(request, (trx, audit) =>
        createDebriefing({ trx, audit, now: clock.now(), actor }, org, request.body),
      );
      const row = await getDebriefing(db, id);
      if (!row) throw new Error('debriefing vanished');
      return reply
        .status(201)
        .send({ data: await presentDebriefing(db, row, actor, debriefingAbilities(actor, row)) });
    },
  );

  // 党建工作在年度目标中的权重: exported for the overall assessment (audited download).
  app.get(
    '/orgs/:id/assessment/goal-weights.xlsx',
    {
      config: { fieldLabels, access: 'assessment.manage' },
      schema: {
        tags,
        params: idParam,
        querystring: goalWeightsQuery,
        response: { 200: z.any().describe('党建工作在年度目标中的权重（.xlsx）') },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'assessment.manage', org.path);
      const schemeId = await schemeCovering(db, org.path, request.query.year);
      const scheme = schemeId ? await getScheme(db, schemeId) : undefined;
      const weights = (scheme?.dimensions as DimensionRules | undefined)?.goalWeights;
      if (!scheme || !weights) {
        throw new ValidationError({ year: '该年度没有已发布并配置党建工作权重的考核方案' });
      }
      const rows = await goalWeightRows(db, org.path, scheme.id);
      const wb = new ExcelJS.Workbook();
      const kindName = { street: '街道', partyDepartment: '党委部门' } as const;
      addLedgerRows(
        wb,
        '党建工作权重',
        [
          { header: '单位', width: 28, value: (r: (typeof rows)[number]) => r.orgName },
          { header: '类型', width: 10, value: (r) => kindName[r.unitKind] },
          { header: '党建工作权重(%)', width: 16, value: (r) => weights[r.unitKind] },
          { header: '党建考核得分(所属组织平均)', width: 26, value: (r) => r.score },
          { header: '参与平均的组织数', width: 16, value: (r) => r.scored },
          {
            header: '计入年度目标得分',
            width: 18,
            value: (r) => (r.score === null ? '数据缺失' : Math.round(r.score * weights[r.unitKind]) / 100),
          },
          {
            header: '依据',
            width: 60,
            value: () => `${weights.source}；${scheme.title}（v${scheme.version}）`,
          },
        ],
        rows,
      );
      return replyAuditedXlsx(request, reply, {
        name: `${org.name}-${request.query.year}年度党建工作权重.xlsx`,
        buffer: await workbookBuffer(wb),
        audit: {
          action: 'assessment.goal_weights_exported',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: { year: request.query.year, schemeId: scheme.id, rows: rows.length },
        },
      });
    },
  );

  app.get(
    '/assessment/stars',
    {
      config: { fieldLabels, access: 'assessment.read' },
      schema: { tags, querystring: starsQuery, response: { 200: starsResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await readableOrg(actor, request.query.orgId);
      return { data: await findStars(db, org.path, request.query.year) };
    },
  );

  app.post(
    '/orgs/:id/assessment/stars/publish',
    {
      config: { fieldLabels, access: 'assessment.review' },
      schema: {
        tags,
        params: idParam,
        body: publishStarsBody,
        response: { 200: z.object({ data: z.object({ published: z.number() }) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'assessment.review', org.path);
      const published = await runAction(request, (trx, audit) =>
        publishStars({ trx, audit, now: clock.now(), actor }, org, request.body.year),
      );
      return { data: { published } };
    },
  );

  app.post(
    '/orgs/:id/assessment/rewards',
    {
      config: { fieldLabels, access: 'assessment.manage' },
      schema: {
        tags,
        params: idParam,
        body: rewardBody,
        response: { 201: z.object({ data: z.object({ id: z.number() }) }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'assessment.manage', org.path);
      const id = await runAction(request, (trx, audit) =>
        recordReward({ trx, audit, now: clock.now(), actor }, org, request.body),
      );
      return reply.status(201).send({ data: { id } });
    },
  );
};
