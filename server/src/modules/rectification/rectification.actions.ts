import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ActionContext, actionFor, defineActions, noBody } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { chinaDate } from '../../platform/clock.ts';
import {
  campaignSchema,
  commentBody,
  findingBody,
  findingResponse,
  itemSchema,
  RECTIFICATION_LABELS,
  returnBody,
} from './rectification.contract.ts';
import { presentCampaign, presentItem } from './rectification.presenter.ts';
import {
  type CampaignRow,
  getCampaign,
  getItem,
  getVisibleCampaign,
  getVisibleItem,
  type ItemRow,
  lockVisibleCampaign,
  lockVisibleItem,
} from './rectification.queries.ts';
import {
  closeCampaign,
  closeItem,
  recordFinding,
  returnItem,
  submitItem,
  verifyItem,
} from './rectification.service.ts';

/** What a campaign action leaves: the campaign, and the finding it recorded. */
interface CampaignOutcome {
  campaign: CampaignRow;
  finding: { findingId: number; itemId: number } | null;
}
const onCampaign = actionFor<CampaignRow, CampaignOutcome>();
const onItem = actionFor<ItemRow, ItemRow>();

const todayOf = (request: FastifyRequest) => chinaDate(request.server.deps.clock.now());

/** The campaign's inspectors, or whoever may launch campaigns where it was launched. */
function inspectsIt(actor: Actor, row: CampaignRow) {
  return row.inspectorIds.includes(actor.user.id) || actor.can('rectification.launch', row.orgPath)
    ? null
    : '只有本次检查的检查人员可以记录问题';
}

async function replyCampaign(out: CampaignOutcome, request: FastifyRequest) {
  const fresh =
    (await getCampaign(request.server.deps.db, out.campaign.id, todayOf(request))) ?? out.campaign;
  return { data: presentCampaign(fresh, request.actor ?? undefined) };
}

async function replyItem(row: ItemRow, request: FastifyRequest) {
  const fresh = (await getItem(request.server.deps.db, row.id, todayOf(request))) ?? row;
  return { data: presentItem(fresh, request.actor ?? undefined) };
}

/** An inspection campaign (专项检查 / 暗访): record findings while it is open, close it. */
export const campaignActions = defineActions({
  tags: ['rectification'],
  fieldLabels: RECTIFICATION_LABELS,
  objectType: 'inspection_campaign',
  load: (db, actor, params, { lock }) =>
    (lock ? lockVisibleCampaign : getVisibleCampaign)(db, actor, Number(params.id), chinaDate(new Date())),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: replyCampaign,
  response: z.object({ data: campaignSchema }),
  actions: {
    recordFinding: onCampaign({
      title: '记录问题',
      path: '/inspections/:id/findings',
      permission: 'rectification.inspect',
      allowed: inspectsIt,
      when: (row) => (row.status === 'open' ? null : '检查已结束，不能再记录问题'),
      body: findingBody,
      status: 201,
      run: async (ctx: ActionContext, row, b) => ({
        campaign: row,
        finding: await recordFinding(ctx, row, b),
      }),
      reply: async (out, request) => {
        const item = await getItem(request.server.deps.db, out.finding?.itemId ?? 0, todayOf(request));
        if (!item || !out.finding) throw new Error('finding without its item');
        return {
          data: { findingId: out.finding.findingId, item: presentItem(item, request.actor ?? undefined) },
        };
      },
      response: findingResponse,
      audit: 'rectification.finding_recorded',
    }),
    close: onCampaign({
      title: '结束检查',
      path: '/inspections/:id/close',
      permission: 'rectification.launch',
      when: (row) => (row.status === 'open' ? null : '检查已经结束'),
      body: noBody,
      run: async (ctx, row) => ({ campaign: await closeCampaign(ctx, row), finding: null }),
      audit: 'rectification.campaign_closed',
    }),
  },
});

const toRectify = (row: ItemRow) =>
  row.status === 'open' || row.status === 'returned' ? null : '整改事项已提交或已办结';
const waitingCheck = (row: ItemRow) => (row.status === 'submitted' ? null : '整改事项尚未提交，不能审核');

/**
 * A rectification item (限时整改): the owner submits with evidence → the level above verifies or
 * returns it with comments → the issuing organization closes it.
 */
export const itemActions = defineActions({
  tags: ['rectification'],
  fieldLabels: RECTIFICATION_LABELS,
  objectType: 'rectification_item',
  load: (db, actor, params, { lock }) =>
    (lock ? lockVisibleItem : getVisibleItem)(db, actor, Number(params.id), chinaDate(new Date())),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: replyItem,
  response: z.object({ data: itemSchema }),
  actions: {
    submit: onItem({
      title: '提交整改',
      path: '/rectification/items/:id/submit',
      permission: 'rectification.rectify',
      when: (row) =>
        toRectify(row) ??
        (Number(row.evidenceCount) === 0 ? { field: 'evidence', reason: '请先上传整改佐证材料' } : null),
      body: commentBody,
      run: (ctx, row, b) => submitItem(ctx, row, b.comment ?? null),
      audit: 'rectification.submitted',
    }),
    verify: onItem({
      title: '审核通过',
      path: '/rectification/items/:id/verify',
      permission: 'rectification.verify',
      when: waitingCheck,
      body: commentBody,
      run: (ctx, row, b) => verifyItem(ctx, row, b.comment ?? null),
      audit: 'rectification.verified',
    }),
    giveBack: onItem({
      title: '退回整改',
      path: '/rectification/items/:id/return',
      permission: 'rectification.verify',
      when: waitingCheck,
      body: returnBody,
      run: (ctx, row, b) => returnItem(ctx, row, b.comment),
      audit: 'rectification.returned',
    }),
    close: onItem({
      title: '销号',
      path: '/rectification/items/:id/close',
      permission: 'rectification.launch',
      scope: (row) => row.issuerPath,
      when: (row) => (row.status === 'verified' ? null : '整改事项尚未审核通过，不能销号'),
      body: commentBody,
      run: (ctx, row, b) => closeItem(ctx, row, b.comment ?? null),
      audit: 'rectification.closed',
    }),
  },
});
