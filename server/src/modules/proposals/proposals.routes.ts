import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { ConflictError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { loadVisibleOrg, visibleOrgPath } from '../../platform/org-scope.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import { mountGet } from '../../platform/reads.ts';
import { idParam } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
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

  mountGet(
    app,
    '/proposals',
    {
      access: 'authenticated',
      tags,
      query: listProposalsQuery.extend(orgQuery.shape),
      response: proposalListResponse,
    },
    async ({ actor, query, reply }) => {
      noStore(reply);
      const orgPath = await visibleOrgPath(db, actor, query.orgId);
      const { rows, total } = await findProposals(db, actor, query, orgPath);
      return {
        data: rows.map((r) => presentProposal(actor, r)),
        page: pageInfoOf(query, total),
      };
    },
  );

  mountGet(
    app,
    '/proposals/stats',
    { access: 'proposals.read', tags, query: orgQuery, response: z.object({ data: proposalStatsSchema }) },
    async ({ actor, query }) => {
      const orgPath = await visibleOrgPath(db, actor, query.orgId);
      return { data: await proposalStats(db, actor, orgPath) };
    },
  );

  mountGet(
    app,
    '/proposals/:id',
    { access: 'authenticated', tags, params: idParam, response: detailResponse },
    async ({ params, request, reply }) => {
      noStore(reply);
      return { data: await proposalDetail(request, params.id) };
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

  mountGet(
    app,
    '/orgs/:id/proposal-rule',
    { access: 'authenticated', tags, params: idParam, response: z.object({ data: ruleSchema.nullable() }) },
    async ({ actor, params }) => {
      const { path } = await loadVisibleOrg(db, actor, params.id);
      const rule = await effectiveRule(db, path, localDate(clock.now()));
      return { data: rule ?? null };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/proposal-rules',
    {
      access: 'proposals.configure',
      tags,
      params: idParam,
      body: ruleBody,
      response: { 201: z.object({ data: ruleSchema }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const row = await runAction(request, (trx, audit) =>
        addRule({ trx, audit, actor, now: clock.now() }, params.id, body),
      );
      return reply.status(201).send({ data: row });
    },
  );
};
