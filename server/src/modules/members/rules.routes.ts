import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../../platform/actor.ts';
import { runAction } from '../../platform/http.ts';
import { sourceInWords } from '../../platform/provenance.contract.ts';
import { mountGet } from '../../platform/reads.ts';
import { idParam } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { getVisibleOrg } from '../orgs/index.ts';
import { setupAdvice } from './member-checks.contract.ts';
import { today } from './members.service.ts';
import { memberRollupsOf } from './rollups.ts';
import {
  addRuleVersionBody,
  memberRulesResponse,
  RULE_FIELD_LABELS,
  ruleHistoryQuery,
  ruleHistoryResponse,
  ruleVersionResponse,
  setupAdviceResponse,
} from './rules.contract.ts';
import { addRuleVersion, effectiveRules, ruleHistory } from './rules.service.ts';
import { getRule } from './rules.ts';

const tags = ['members'];

/**
 * The member rules of an organization (categories, party birthday, transfer letter, 两新
 * threshold): read by whoever reads its members, new versions by `members.configure`.
 */
export const memberRulesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;

  mountGet(
    app,
    '/orgs/:id/member-rules',
    { access: 'members.read', tags, params: idParam, response: memberRulesResponse },
    async ({ actor, params }) => {
      const org = await getVisibleOrg(db, actor, params.id);
      authorize(actor, 'members.read', org.path);
      const day = today(clock.now());
      return {
        data: {
          org: { id: org.id, name: org.name },
          today: day,
          canManage: actor.can('members.configure', org.path),
          rules: await effectiveRules(db, org, day),
        },
      };
    },
  );

  // Setup advice for the organization page: counts from the subtree rollups, the rule of the place.
  mountGet(
    app,
    '/orgs/:id/setup-advice',
    { access: 'members.read', tags, params: idParam, response: setupAdviceResponse },
    async ({ actor, params }) => {
      const org = await getVisibleOrg(db, actor, params.id);
      authorize(actor, 'members.read', org.path);
      const rule = await getRule(db, 'orgs.setup', org.path, today(clock.now()));
      const rollups = await memberRollupsOf(db, org.id);
      const count = (dim: string, bucket: string) =>
        rollups.find((r) => r.dim === dim && r.bucket === bucket)?.n ?? 0;
      const counts = { full: count('status', 'full'), all: count('all', 'all') };
      return {
        data: {
          org: { id: org.id, name: org.name, kind: org.kind },
          counts,
          rule: {
            version: rule.version,
            effectiveFrom: rule.effectiveFrom,
            source: sourceInWords(rule.source),
            value: rule.value,
          },
          items: setupAdvice(org.kind, counts, rule.value),
        },
      };
    },
  );

  mountGet(
    app,
    '/orgs/:id/member-rules/history',
    { access: 'members.read', tags, params: idParam, query: ruleHistoryQuery, response: ruleHistoryResponse },
    async ({ actor, params, query }) => {
      const org = await getVisibleOrg(db, actor, params.id);
      authorize(actor, 'members.read', org.path);
      return { data: await ruleHistory(db, org, query.key, today(clock.now())) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/member-rules',
    {
      access: 'members.configure',
      tags,
      fieldLabels: RULE_FIELD_LABELS,
      params: idParam,
      body: addRuleVersionBody,
      response: { 201: ruleVersionResponse },
    },
    async ({ actor, params, body, request, reply }) => {
      const data = await runAction(request, async (trx, audit) => {
        const org = await getVisibleOrg(trx, actor, params.id);
        const now = clock.now();
        return addRuleVersion({ trx, audit, actor, now, today: today(now) }, org, body);
      });
      return reply.status(201).send({ data });
    },
  );
};
