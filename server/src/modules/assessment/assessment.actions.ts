import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { abilitiesOf, actionFor, defineActions, noBody } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import {
  ASSESSMENT_LABELS,
  answerBody,
  appealBody,
  type DebriefingDto,
  debriefingRateBody,
  debriefingReportBody,
  debriefingSchema,
  manualScoreBody,
  recomputeResponse,
  schemeSchema,
  scoreDetailSchema,
  vetoBody,
} from './assessment.contract.ts';
import {
  addReport,
  closeDebriefing,
  type DebriefingRow,
  getDebriefing,
  getVisibleDebriefing,
  presentDebriefing,
  rateReport,
} from './assessment.debriefing.ts';
import { presentScheme, presentScoreDetail } from './assessment.presenter.ts';
import {
  getScheme,
  getScore,
  getVisibleScheme,
  getVisibleScore,
  type SchemeRow,
  type ScoreRow,
} from './assessment.queries.ts';
import {
  answerAppeal,
  fileAppeal,
  publishScheme,
  recomputeScheme,
  scoreManually,
  vetoStars,
} from './assessment.service.ts';

const onScheme = actionFor<SchemeRow, SchemeRow | { scored: number; changed: number; tookMs: number }>();
const onScore = actionFor<ScoreRow, ScoreRow>();

async function replyScheme(_out: unknown, request: FastifyRequest) {
  const id = Number((request.params as { id: number }).id);
  const fresh = await getScheme(request.server.deps.db, id);
  if (!fresh) throw new Error('scheme vanished');
  return { data: presentScheme(fresh, request.actor ?? undefined) };
}

/** A scheme: published once (then frozen), recomputed on demand after late records. */
export const schemeActions = defineActions({
  tags: ['assessment'],
  fieldLabels: ASSESSMENT_LABELS,
  objectType: 'assessment_scheme',
  load: (db, actor, params, { lock }) => getVisibleScheme(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: replyScheme,
  response: z.object({ data: schemeSchema }),
  actions: {
    publish: onScheme({
      title: '发布方案',
      path: '/assessment/schemes/:id/publish',
      permission: 'assessment.manage',
      when: (row) => (row.status === 'draft' ? null : '方案已发布，不能再修改或重复发布'),
      body: noBody,
      run: async (ctx, row) => {
        await publishScheme(ctx, row);
        return row;
      },
      audit: 'assessment.scheme_published',
    }),
    recompute: onScheme({
      title: '重新计算得分',
      path: '/assessment/schemes/:id/recompute',
      permission: 'assessment.manage',
      when: (row) => (row.status === 'published' ? null : '只有已发布的方案可以计算得分'),
      body: noBody,
      run: (ctx, row) => recomputeScheme(ctx, row.id),
      reply: (out) => ({ data: out }),
      response: recomputeResponse,
      audit: 'assessment.scores_recomputed',
    }),
  },
});

async function replyScore(row: ScoreRow, request: FastifyRequest) {
  const { db } = request.server.deps;
  const fresh = (await getScore(db, row.id)) ?? row;
  return { data: await presentScoreDetail(db, fresh, request.actor ?? undefined) };
}

const draftStars = (row: ScoreRow) => (row.starStatus === 'published' ? '星级已发布，不能再调整' : null);

/** A score: manual points by a named reviewer, appeals and their answers, a star veto. */
export const scoreActions = defineActions({
  tags: ['assessment'],
  fieldLabels: ASSESSMENT_LABELS,
  objectType: 'assessment_score',
  load: (db, actor, params, { lock }) => getVisibleScore(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: replyScore,
  response: z.object({ data: scoreDetailSchema }),
  actions: {
    review: onScore({
      title: '评分',
      path: '/assessment/scores/:id/review',
      permission: 'assessment.review',
      allowed: (actor, row) =>
        actor.paths('assessment.review').includes(row.orgPath) ? '不能为本组织评分' : null,
      when: (row) => (row.schemeStatus === 'published' ? null : '方案已被新版本替代'),
      body: manualScoreBody,
      run: scoreManually,
      audit: 'assessment.indicator_scored',
    }),
    appeal: onScore({
      title: '申诉',
      path: '/assessment/scores/:id/appeal',
      permission: 'assessment.appeal',
      when: (row) => (Number(row.openAppeals) > 0 ? '已有申诉待答复' : null),
      body: appealBody,
      status: 201,
      run: fileAppeal,
      audit: 'assessment.appeal_filed',
    }),
    answerAppeal: onScore({
      title: '答复申诉',
      path: '/assessment/scores/:id/answer',
      permission: 'assessment.review',
      allowed: (actor, row) =>
        actor.paths('assessment.review').includes(row.orgPath) ? '不能答复本组织的申诉' : null,
      when: (row) => (Number(row.openAppeals) > 0 ? null : '没有待答复的申诉'),
      body: answerBody,
      run: answerAppeal,
      audit: 'assessment.appeal_answered',
    }),
    veto: onScore({
      title: '否决降星',
      path: '/assessment/scores/:id/veto',
      permission: 'assessment.review',
      allowed: (actor, row) =>
        actor.paths('assessment.review').includes(row.orgPath) ? '不能为本组织降星' : null,
      when: draftStars,
      body: vetoBody,
      run: vetoStars,
      audit: 'assessment.stars_vetoed',
    }),
  },
});

async function replyDebriefing(
  row: DebriefingRow,
  request: FastifyRequest,
): Promise<{ data: DebriefingDto }> {
  const { db } = request.server.deps;
  const fresh = (await getDebriefing(db, row.id)) ?? row;
  const actor = request.actor ?? undefined;
  return {
    data: await presentDebriefing(db, fresh, actor, actor ? debriefingAbilities(actor, fresh) : undefined),
  };
}

const onDebriefing = actionFor<DebriefingRow, DebriefingRow>();
const openSession = (row: DebriefingRow) => (row.status === 'open' ? null : '述职评议会已结束');

/** A debriefing session (述职评议会): reports added, rated on the form, closed into the scores. */
export const debriefingActions = defineActions({
  tags: ['assessment'],
  fieldLabels: ASSESSMENT_LABELS,
  objectType: 'assessment_debriefing',
  load: (db, actor, params, { lock }) => getVisibleDebriefing(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.hostOrgPath,
  reply: replyDebriefing,
  response: z.object({ data: debriefingSchema }),
  actions: {
    addReport: onDebriefing({
      title: '登记述职',
      path: '/assessment/debriefings/:id/reports',
      permission: 'assessment.review',
      when: openSession,
      body: debriefingReportBody,
      status: 201,
      run: addReport,
      audit: 'assessment.debriefing_reported',
    }),
    rate: onDebriefing({
      title: '评议打分',
      path: '/assessment/debriefings/:id/rate',
      permission: 'assessment.review',
      when: openSession,
      body: debriefingRateBody,
      run: rateReport,
      audit: 'assessment.debriefing_rated',
    }),
    close: onDebriefing({
      title: '结束评议',
      path: '/assessment/debriefings/:id/close',
      permission: 'assessment.review',
      when: (row) =>
        row.status !== 'open'
          ? '述职评议会已结束'
          : row.schemeStatus !== 'published'
            ? '考核方案已被新版本替代'
            : null,
      body: noBody,
      run: closeDebriefing,
      audit: 'assessment.debriefing_closed',
    }),
  },
});

export function debriefingAbilities(
  actor: Actor,
  row: DebriefingRow,
): NonNullable<DebriefingDto['abilities']> {
  const a = abilitiesOf(debriefingActions, actor, row);
  return { addReport: a.addReport, rate: a.rate, close: a.close };
}
