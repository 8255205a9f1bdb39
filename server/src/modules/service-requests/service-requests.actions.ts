import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { stepsOf } from '../../platform/action-steps.ts';
import { type ActionContext, defineActions, noBody } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  confirmBody,
  correctRatingBody,
  escalateBody,
  handOffBody,
  reopenBody,
  requestSchema,
  resolutionBody,
} from './service-requests.contract.ts';
import { presentRequest } from './service-requests.presenter.ts';
import { promoteRequest, promotionAvailable } from './service-requests.promote.ts';
import { getVisibleRequest, lockVisibleRequest, type RequestRow } from './service-requests.queries.ts';
import {
  completeRequest,
  confirmRequest,
  correctRating,
  escalateRequest,
  type RequestContext,
  reopenRequest,
  resolveOnSpot,
  transferRequest,
  visitEditable,
} from './service-requests.service.ts';

/** A request as the action table sees it: with the instant it was loaded (a rating's window is timed). */
export type ActionRow = RequestRow & { asOf: Date };

/** The row with its load time, for `abilitiesOf` outside an action (the route's clock). */
export const asOf = (row: RequestRow, now: Date): ActionRow => ({ ...row, asOf: now });

/** The service's context for a signed-in caller. */
export function requestContext({ trx, audit, now, actor }: ActionContext): RequestContext {
  return { trx, audit, now, by: { userId: actor.user.id, name: actor.user.displayName } };
}

/** Whether the caller may confirm or reopen: the resident who raised it, or desk staff calling back. */
function actsForResident(actor: Actor, row: RequestRow): boolean {
  if (row.residentUserId !== null) return row.residentUserId === actor.user.id;
  return actor.can('service_requests.handle', row.handlingPath);
}
const residentSide = (actor: Actor, row: RequestRow) =>
  actsForResident(actor, row) ? null : '只有提出诉求的居民可以确认或申请重新办理';

const open = (row: RequestRow) => (row.status === 'open' ? null : '诉求已办结，不能再办理');
const handling = (row: RequestRow) => row.handlingPath;

const prefix = '/service-requests/:id/';
const step = stepsOf<ActionRow, RequestRow>({ path: prefix });
/** The handling side's steps: `service_requests.handle` on the level that handles the request. */
const handled = stepsOf<ActionRow, RequestRow>({
  path: prefix,
  permission: 'service_requests.handle',
  scope: handling,
});
/** The resident's own steps (the satisfaction visit). */
const byResident = stepsOf<ActionRow, RequestRow>({
  path: prefix,
  permission: 'authenticated',
  allowed: residentSide,
});

function present(row: RequestRow, request: FastifyRequest) {
  const { clock, crypto } = request.server.deps;
  return { data: presentRequest(row, localDate(clock.now()), (enc) => crypto.decrypt(enc)) };
}

/**
 * A resident request's workflow (民情诉求): open at a level → (当场解决 | 登记转办 | 上报 | 办结) →
 * resolved → (确认 → closed | 重新办理 → open). Acting needs the permission on the handling level.
 */
export const requestActions = defineActions({
  tags: ['service-requests'],
  objectType: 'service_request',
  load: async (db, actor, params, { lock, now }) =>
    asOf(
      await (lock ? lockVisibleRequest : getVisibleRequest)(db, actor, Number(params.id)),
      now ?? new Date(),
    ),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: present,
  response: z.object({ data: requestSchema }),
  actions: {
    resolveOnSpot: handled({
      title: '当场解决',
      path: 'resolve-on-spot',
      when: (row) =>
        open(row) ??
        (row.disposition !== null || row.handlingLevel !== row.originLevel
          ? { field: 'resolution', reason: '诉求已登记转办，请按办结处理' }
          : null),
      body: resolutionBody,
      run: (ctx, row, b) => resolveOnSpot(requestContext(ctx), row, b.resolution),
      audit: 'service_requests.resolved_on_spot',
    }),
    transfer: handled({
      title: '登记转办',
      path: 'transfer',
      when: open,
      body: handOffBody,
      run: (ctx, row, b) => transferRequest(requestContext(ctx), row, b.reason, b.nextRoute),
      audit: 'service_requests.transferred',
    }),
    escalate: step({
      title: '上报',
      path: 'escalate',
      permission: 'service_requests.escalate',
      scope: handling,
      when: (row) =>
        open(row) ??
        (row.handlingLevel === 'district'
          ? { field: 'note', reason: '已到最高一级（区），不能再上报' }
          : null),
      body: escalateBody,
      run: (ctx, row, b) => escalateRequest(requestContext(ctx), row, { reason: b.note }),
      audit: 'service_requests.escalated',
    }),
    complete: handled({
      title: '办结',
      path: 'complete',
      when: open,
      body: resolutionBody,
      run: (ctx, row, b) => completeRequest(requestContext(ctx), row, b.resolution),
      audit: 'service_requests.completed',
    }),
    confirm: byResident({
      title: '满意度回访',
      path: 'confirm',
      when: (row) => (row.status === 'resolved' ? null : '诉求尚未办结，不能评价'),
      body: confirmBody,
      run: (ctx, row, b) => confirmRequest(requestContext(ctx), row, b.rating, b.comment ?? null),
      audit: 'service_requests.confirmed',
    }),
    reopen: byResident({
      title: '问题没有解决',
      path: 'reopen',
      when: (row) =>
        row.status === 'resolved' || visitEditable(row, row.asOf)
          ? null
          : '只有已办结、评价尚未确定的诉求可以重新办理',
      body: reopenBody,
      run: (ctx, row, b) => reopenRequest(requestContext(ctx), row, b.reason, b.rating),
      audit: 'service_requests.reopened',
    }),
    correctRating: byResident({
      title: '修改评价',
      path: 'rating',
      when: (row) =>
        visitEditable(row, row.asOf) ? null : { field: 'rating', reason: '评价已确定，不能再修改' },
      body: correctRatingBody,
      run: (ctx, row, b) => correctRating(requestContext(ctx), row, b.rating, b.comment ?? null),
      audit: 'service_requests.rating_corrected',
    }),
    promote: handled({
      title: '转为居民提案',
      path: 'promote',
      allowed: (actor, row) =>
        promotionAvailable && actor.can('proposals.enter', row.orgPath) ? null : '没有登记居民提案的权限',
      when: (row) => (row.proposalId === null ? null : { field: 'requestId', reason: '该诉求已转为提案' }),
      conflictStatus: 409,
      body: noBody,
      run: (ctx, row) => promoteRequest(requestContext(ctx), row, ctx.actor),
      audit: 'service_requests.promoted',
    }),
  },
});
