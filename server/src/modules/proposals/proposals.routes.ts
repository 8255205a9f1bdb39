import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { ConflictError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { loadVisibleOrg, visibleOrgPath } from '../../platform/org-scope.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import { proposalActions, proposalDetail } from './proposals.actions.ts';
import {
  createProposalBody,
  listProposalsQuery,
  proposalDetailSchema,
  proposalListResponse,
  proposalStatsSchema,
  ruleBody,
  ruleSchema,
} from './proposals.contract.ts';
import {
  findSubmission,
  isUniqueViolation,
  recordSubmission,
  replayable,
  submissionHash,
} from './proposals.idempotency.ts';
import { mountProposalsLedger } from './proposals.ledger.ts';
import { presentProposal } from './proposals.presenter.ts';
import { effectiveRule, findProposals, proposalStats } from './proposals.queries.ts';
import { addRule, submitProposal } from './proposals.service.ts';

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

  mountActions(app, proposalActions);

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
      return { data: await proposalDetail(request, request.params.id) };
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
        return reply.status(201).send({ data: await proposalDetail(request, id) });
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
        return reply.status(201).send({ data: await proposalDetail(request, p.id) });
      } catch (error) {
        // A concurrent request with the same key committed first: answer with its proposal.
        if (!key || !isUniqueViolation(error)) throw error;
        const prior = await findSubmission(db, actor.user.id, key, clock.now());
        if (prior) return replay(prior);
        throw new ConflictError('同一幂等键的提交正在处理，请稍后重试');
      }
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
