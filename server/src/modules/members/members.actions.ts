import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { stepsOf } from '../../platform/action-steps.ts';
import { abilitiesOf, defineActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { actorOf } from '../../platform/http.ts';
import { decideTransferBody, type TransferDto, transferSchema } from './members.contract.ts';
import { today } from './members.service.ts';
import { decideTransfer, loadTransfer, type TransferRow, type TransferState } from './transfers.ts';

const pending = (t: TransferState) => (t.status === 'pending' ? null : { reason: '该转接已经办结' });
/** The receiving side decides; a transfer outside the system has none (it completed at once). */
const receiving = (t: TransferState) => t.toPath ?? t.fromPath;

const step = stepsOf<TransferState, number>({ path: '/member-transfers/:id/' });
const receiver = stepsOf<TransferState, number>({
  path: '/member-transfers/:id/',
  permission: 'members.transfer',
  scope: receiving,
  hiddenOutside: true,
});

/**
 * 组织关系转接 (domain-rules §7): transferred out (pending) → the receiving organization accepts
 * (the member moves) or refuses with a reason; the sending organization may cancel while pending.
 * Records carry `abilities` from this table.
 */
export const transferActions = defineActions({
  tags: ['members'],
  objectType: 'member_transfer',
  load: async (db, actor, params, { lock, now }) => ({
    ...(await loadTransfer(db, actor, Number(params.id), lock)),
    today: today(now ?? new Date()),
  }),
  id: (t) => t.id,
  scope: (t) => t.fromPath,
  reply: async (id: number, request: FastifyRequest): Promise<unknown> => {
    const { db, clock } = request.server.deps;
    const actor = actorOf(request);
    return { data: presentTransfer(actor, clock.now(), await loadTransfer(db, actor, id)) };
  },
  response: z.object({ data: transferSchema }),
  actions: {
    accept: receiver({
      title: '接收组织关系',
      path: 'accept',
      when: (t) =>
        pending(t) ?? (t.validUntil < t.today ? { reason: '介绍信已过有效期，请转出方重新开具' } : null),
      // Sent without a body by older clients.
      body: z.object({}).strict().optional(),
      run: (ctx, t) => decideTransfer(ctx, t, 'accepted', null),
      audit: 'members.transfer_accepted',
    }),
    refuse: receiver({
      title: '退回组织关系',
      path: 'refuse',
      when: pending,
      body: decideTransferBody,
      run: (ctx, t, b) => decideTransfer(ctx, t, 'refused', b.reason),
      audit: 'members.transfer_refused',
    }),
    cancel: step({
      title: '撤回转接',
      path: 'cancel',
      permission: 'members.transfer',
      when: pending,
      body: decideTransferBody,
      run: (ctx, t, b) => decideTransfer(ctx, t, 'cancelled', b.reason),
      audit: 'members.transfer_cancelled',
    }),
  },
});

/** A transfer as the caller sees it, with what the caller may do with it. */
export const presentTransfer = (actor: Actor, now: Date, r: TransferRow): TransferDto => ({
  id: r.id,
  memberId: r.memberId,
  memberName: r.memberName,
  fromOrgId: r.fromOrgId,
  fromOrgName: r.fromOrgName,
  toOrgId: r.toOrgId,
  toOrgName: r.toOrgName,
  outsideOrgName: r.outsideOrgName,
  status: r.status,
  reason: r.reason,
  duesPaidUntil: r.duesPaidUntil,
  letterNo: r.letterNo,
  validUntil: r.validUntil,
  decisionReason: r.decisionReason,
  requestedAt: r.requestedAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
  abilities: abilitiesOf(transferActions, actor, { ...r, today: today(now) }),
});
