import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import { ConflictError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { loadVisibleOrg, visibleOrgPath } from '../../platform/org-scope.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  commentBody,
  createProposalBody,
  decideBody,
  declineBody,
  disclosureBody,
  emptyBody,
  feedbackBody,
  listProposalsQuery,
  meetingBody,
  proposalDetailSchema,
  proposalListResponse,
  proposalStatsSchema,
  returnBody,
  ruleBody,
  ruleSchema,
  taskBody,
  taskProgressBody,
} from './proposals.contract.ts';
import {
  findSubmission,
  isUniqueViolation,
  recordSubmission,
  replayable,
  submissionHash,
} from './proposals.idempotency.ts';
import { mountProposalsLedger } from './proposals.ledger.ts';
import { presentDetail, presentProposal } from './proposals.presenter.ts';
import {
  effectiveRule,
  findProposals,
  getVisibleProposal,
  hasSupported,
  loadDetailParts,
  proposalStats,
} from './proposals.queries.ts';
import {
  type ActionContext,
  acceptProposal,
  addRule,
  addTask,
  commentProposal,
  decideProposal,
  declineProposal,
  discloseProposal,
  giveFeedback,
  recordMeeting,
  returnProposal,
  submitForDecision,
  submitProposal,
  supportProposal,
  updateTaskProgress,
} from './proposals.service.ts';

const tags = ['proposals'];
const detailResponse = z.object({ data: proposalDetailSchema });
const orgQuery = z.object({ orgId: z.coerce.number().int().positive().optional() });
/** Optional `Idempotency-Key` (REL-04); the web form always sends one. Other headers pass through. */
const submissionHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
});

export const proposalsRoutes: FastifyPluginAsyncZod = async (app) => {
  mountProposalsLedger(app);
  const { db, clock } = app.deps;

  async function detail(actor: Actor, id: number) {
    const p = await getVisibleProposal(db, actor, id);
    const proposer = p.proposerUserId
      ? await db
          .selectFrom('users')
          .select('displayName')
          .where('id', '=', p.proposerUserId)
          .executeTakeFirst()
      : undefined;
    const parts = await loadDetailParts(db, p.id);
    const supported = await hasSupported(db, p.id, actor.user.id);
    return presentDetail(
      actor,
      { ...p, proposerDisplayName: proposer?.displayName ?? null },
      parts,
      supported,
      localDate(clock.now()),
    );
  }

  /** Run a state-changing action, then answer with the fresh detail. */
  function act(fn: (ctx: ActionContext, id: number, body: never) => Promise<unknown>) {
    return async (request: { params: { id: number }; body: unknown } & Parameters<typeof actorOf>[0]) => {
      const actor = actorOf(request);
      await runAction(request, (trx, audit) =>
        fn({ trx, audit, actor, now: clock.now() }, request.params.id, request.body as never),
      );
      return { data: await detail(actor, request.params.id) };
    };
  }

  app.get(
    '/proposals',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        querystring: listProposalsQuery.extend(orgQuery.shape),
        response: { 200: proposalListResponse },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      const orgPath = await visibleOrgPath(db, actor, request.query.orgId);
      const { rows, total } = await findProposals(db, actor, request.query, orgPath);
      return {
        data: rows.map((r) => presentProposal(actor, r)),
        page: pageInfoOf(request.query, total),
      };
    },
  );

  app.get(
    '/proposals/stats',
    {
      config: { access: 'proposals.read' },
      schema: { tags, querystring: orgQuery, response: { 200: z.object({ data: proposalStatsSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const orgPath = await visibleOrgPath(db, actor, request.query.orgId);
      return { data: await proposalStats(db, actor, orgPath) };
    },
  );

  app.get(
    '/proposals/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParam, response: { 200: detailResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      return { data: await detail(actorOf(request), request.params.id) };
    },
  );

  app.post(
    '/orgs/:id/proposals',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        params: idParam,
        headers: submissionHeaders,
        body: createProposalBody,
        response: { 201: detailResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const key = request.headers['idempotency-key'];
      const hash = submissionHash(request.params.id, request.body);
      const replay = async (prior: { proposalId: number; requestHash: string }) => {
        const id = replayable(prior, hash);
        reply.header('idempotent-replayed', 'true');
        return reply.status(201).send({ data: await detail(actor, id) });
      };
      if (key) {
        const prior = await findSubmission(db, actor.user.id, key, clock.now());
        if (prior) return replay(prior);
      }
      try {
        const p = await runAction(request, async (trx, audit) => {
          const now = clock.now();
          const created = await submitProposal({ trx, audit, actor, now }, request.params.id, request.body);
          if (key) {
            await recordSubmission(trx, {
              userId: actor.user.id,
              key,
              requestHash: hash,
              proposalId: created.id,
              now,
            });
          }
          return created;
        });
        return reply.status(201).send({ data: await detail(actor, p.id) });
      } catch (error) {
        // A concurrent request with the same key committed first: answer with its proposal.
        if (!key || !isUniqueViolation(error)) throw error;
        const prior = await findSubmission(db, actor.user.id, key, clock.now());
        if (prior) return replay(prior);
        throw new ConflictError('同一幂等键的提交正在处理，请稍后重试');
      }
    },
  );

  const step = (
    path: string,
    access: 'proposals.manage' | 'authenticated',
    body: z.ZodType,
    fn: (ctx: ActionContext, id: number, body: never) => Promise<unknown>,
  ) =>
    app.post(
      `/proposals/:id/${path}`,
      { config: { access }, schema: { tags, params: idParam, body, response: { 200: detailResponse } } },
      act(fn),
    );

  step('accept', 'proposals.manage', emptyBody, (ctx, id) => acceptProposal(ctx, id));
  step('decline', 'proposals.manage', declineBody, (ctx, id, b: { reason: string }) =>
    declineProposal(ctx, id, b.reason),
  );
  step('support', 'authenticated', emptyBody, (ctx, id) => supportProposal(ctx, id));
  step('comments', 'authenticated', commentBody, (ctx, id, b: { body: string }) =>
    commentProposal(ctx, id, b.body),
  );
  step('meetings', 'proposals.manage', meetingBody, recordMeeting);
  step('submit-for-decision', 'proposals.manage', emptyBody, (ctx, id) => submitForDecision(ctx, id));
  step('decision', 'proposals.manage', decideBody, decideProposal);
  step('tasks', 'proposals.manage', taskBody, addTask);
  step('disclosures', 'proposals.manage', disclosureBody, discloseProposal);
  step('feedback', 'authenticated', feedbackBody, giveFeedback);
  step('return', 'proposals.manage', returnBody, (ctx, id, b: z.infer<typeof returnBody>) =>
    returnProposal(ctx, id, b.toStatus, b.reason),
  );

  app.patch(
    '/proposals/:id/tasks/:taskId',
    {
      config: { access: 'proposals.manage' },
      schema: {
        tags,
        params: idParam.extend({ taskId: z.coerce.number().int().positive() }),
        body: taskProgressBody,
        response: { 200: detailResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await runAction(request, (trx, audit) =>
        updateTaskProgress(
          { trx, audit, actor, now: clock.now() },
          request.params.id,
          request.params.taskId,
          request.body,
        ),
      );
      return { data: await detail(actor, request.params.id) };
    },
  );

  app.get(
    '/orgs/:id/proposal-rule',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: ruleSchema.nullable() }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { path } = await loadVisibleOrg(db, actor, request.params.id);
      const rule = await effectiveRule(db, path, localDate(clock.now()));
      return { data: rule ?? null };
    },
  );

  app.post(
    '/orgs/:id/proposal-rules',
    {
      config: { access: 'proposals.configure' },
      schema: { tags, params: idParam, body: ruleBody, response: { 201: z.object({ data: ruleSchema }) } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await runAction(request, (trx, audit) =>
        addRule({ trx, audit, actor, now: clock.now() }, request.params.id, request.body),
      );
      return reply.status(201).send({ data: row });
    },
  );
};
