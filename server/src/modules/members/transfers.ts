import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ActionContext } from '../../platform/actions.ts';
import { mountActions } from '../../platform/actions.ts';
import { type Actor, authorize } from '../../platform/actor.ts';
import { randomToken } from '../../platform/crypto.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadVisibleOrg } from '../../platform/org-scope.ts';
import { inPage, pageInfoOf } from '../../platform/paging.ts';
import { mountGet } from '../../platform/reads.ts';
import { pathWithin } from '../../platform/scope.ts';
import { idParam, pageInfo } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { ALLIANCE_KINDS, lockOrgTree } from '../orgs/index.ts';
import { presentTransfer, transferActions } from './members.actions.ts';
import { createTransferBody, listTransfersQuery, STATUS_LABELS, transferSchema } from './members.contract.ts';
import { lockMember, type MemberActionContext, today } from './members.service.ts';
import { getRule } from './rules.ts';

/**
 * 组织关系转接 (domain-rules §7): transfer out → the receiving organization accepts or refuses with
 * a reason; until accepted the member stays with (and is managed by) the old organization.
 * Transfers to an organization outside the system complete at once and produce a letter.
 */
function selectTransfers(db: Executor) {
  return db
    .selectFrom('memberTransfers as t')
    .innerJoin('members as m', 'm.id', 't.memberId')
    .innerJoin('orgs as f', 'f.id', 't.fromOrgId')
    .leftJoin('orgs as d', 'd.id', 't.toOrgId')
    .select([
      't.id',
      't.memberId',
      'm.name as memberName',
      'm.idNumberMasked',
      'm.gender',
      't.fromOrgId',
      'f.name as fromOrgName',
      'f.path as fromPath',
      't.toOrgId',
      'd.name as toOrgName',
      'd.path as toPath',
      't.outsideOrgName',
      't.status',
      't.reason',
      't.duesPaidUntil',
      't.letterNo',
      't.validUntil',
      't.decisionReason',
      't.requestedAt',
      't.decidedAt',
    ]);
}
export type TransferRow = Awaited<ReturnType<ReturnType<typeof selectTransfers>['executeTakeFirstOrThrow']>>;

/** A transfer with the day its letter is judged on (the request's day in China). */
export type TransferState = TransferRow & { today: string };

/** A transfer the caller sees from either side (404 otherwise). */
export async function loadTransfer(
  db: Executor,
  actor: Actor,
  id: number,
  lock = false,
): Promise<TransferRow> {
  if (lock) await db.selectFrom('memberTransfers').select('id').where('id', '=', id).forUpdate().execute();
  const row = await selectTransfers(db).where('t.id', '=', id).executeTakeFirst();
  if (!row || !(actor.sees(row.fromPath) || (row.toPath !== null && actor.sees(row.toPath)))) {
    throw new NotFoundError('转接记录不存在或无权访问');
  }
  return row;
}

export async function requestTransfer(
  ctx: MemberActionContext,
  memberId: number,
  body: z.infer<typeof createTransferBody>,
): Promise<number> {
  const member = await lockMember(ctx, memberId);
  authorize(ctx.actor, 'members.transfer', member.orgPath);
  if ((body.toOrgCode ? 1 : 0) + (body.outsideOrgName ? 1 : 0) !== 1) {
    throw new ValidationError({ toOrgCode: '请填写接收党组织编码，或系统外接收单位名称（二选一）' });
  }
  if (member.status !== 'probationary' && member.status !== 'full') {
    throw new ValidationError({ status: `${STATUS_LABELS[member.status]}不能办理组织关系转接` });
  }
  const pending = await ctx.trx
    .selectFrom('memberTransfers')
    .select('id')
    .where('memberId', '=', memberId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (pending) throw new ValidationError({ toOrgCode: '该党员已有待接收的转接，请先撤回' });
  let toOrgId: number | null = null;
  if (body.toOrgCode) {
    // The receiving organization may be anywhere in the system; only its code is needed.
    const to = await ctx.trx
      .selectFrom('orgs')
      .select(['id', 'kind', 'status'])
      .where('code', '=', body.toOrgCode)
      .executeTakeFirst();
    if (to?.status !== 'active' || ALLIANCE_KINDS.includes(to.kind)) {
      throw new ValidationError({ toOrgCode: `党组织编码“${body.toOrgCode}”不存在、已撤销或不能接收党员` });
    }
    if (to.id === member.orgId) throw new ValidationError({ toOrgCode: '接收党组织与当前所在党组织相同' });
    toOrgId = to.id;
  }
  const day = today(ctx.now);
  const rule = await getRule(ctx.trx, 'members.transfer_letter', member.orgPath, day);
  const validUntil = new Date(Date.parse(`${day}T00:00:00Z`) + rule.value.validDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const outside = toOrgId === null;
  const { id } = await ctx.trx
    .insertInto('memberTransfers')
    .values({
      memberId,
      fromOrgId: member.orgId,
      toOrgId,
      outsideOrgName: body.outsideOrgName ?? null,
      status: outside ? 'completed' : 'pending',
      reason: body.reason,
      duesPaidUntil: body.duesPaidUntil ?? null,
      letterNo: `ZJ${day.replace(/-/g, '')}${randomToken(4)
        .replace(/[^A-Za-z0-9]/g, '')
        .toUpperCase()
        .slice(0, 5)}${memberId}`,
      validUntil,
      decisionReason: null,
      requestedBy: ctx.actor.user.id,
      requestedAt: ctx.now,
      decidedBy: outside ? ctx.actor.user.id : null,
      decidedAt: outside ? ctx.now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (outside) {
    await ctx.trx
      .updateTable('members')
      .set({ status: 'transferred_out', statusSince: day, updatedAt: ctx.now })
      .where('id', '=', memberId)
      .execute();
    await ctx.trx
      .insertInto('memberStatusHistory')
      .values({
        memberId,
        status: 'transferred_out',
        since: day,
        reason: `转往系统外：${body.outsideOrgName}`,
        actorId: ctx.actor.user.id,
        at: ctx.now,
      })
      .execute();
  }
  await ctx.audit({
    action: 'members.transfer_out',
    objectType: 'member',
    objectId: memberId,
    orgPath: member.orgPath,
    detail: { transferId: id, outside },
  });
  return id;
}

/** Records the decision on a pending transfer (the action table checked scope, side and state). */
export async function decideTransfer(
  ctx: ActionContext,
  t: TransferState,
  decision: 'accepted' | 'refused' | 'cancelled',
  reason: string | null,
) {
  if (decision === 'accepted') {
    // The member row, then both organizations' paths (ADR 0010), before the rollups move.
    await ctx.trx.selectFrom('members').select('id').where('id', '=', t.memberId).forUpdate().execute();
    await lockOrgTree(ctx.trx, { paths: [t.fromOrgId, t.toOrgId as number] });
  }
  await ctx.trx
    .updateTable('memberTransfers')
    .set({ status: decision, decisionReason: reason, decidedBy: ctx.actor.user.id, decidedAt: ctx.now })
    .where('id', '=', t.id)
    .execute();
  if (decision === 'accepted') {
    // The member changes organization only now (the rollups follow in the same transaction).
    await ctx.trx
      .updateTable('members')
      .set({ orgId: t.toOrgId as number, updatedAt: ctx.now })
      .where('id', '=', t.memberId)
      .execute();
  }
  return t.id;
}

export const transferRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto } = app.deps;
  const tags = ['members'];
  const ctxOf = (
    request: Parameters<typeof actorOf>[0],
    trx: MemberActionContext['trx'],
    audit: MemberActionContext['audit'],
  ) => ({
    trx,
    audit,
    actor: actorOf(request),
    now: clock.now(),
    crypto,
  });
  const one = z.object({ data: transferSchema });

  mountWrite(
    app,
    'POST',
    '/members/:id/transfers',
    { access: 'members.transfer', tags, params: idParam, body: createTransferBody, response: { 201: one } },
    async ({ actor, params, body, request, reply }) => {
      const id = await runAction(request, (trx, audit) =>
        requestTransfer(ctxOf(request, trx, audit), params.id, body),
      );
      return reply.status(201).send({
        data: presentTransfer(actor, clock.now(), await loadTransfer(db, actor, id)),
      });
    },
  );

  app.get(
    '/member-transfers',
    {
      config: { access: 'members.transfer' },
      schema: {
        tags,
        querystring: listTransfersQuery,
        response: { 200: z.object({ data: z.array(transferSchema), page: pageInfo }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const col = q.direction === 'incoming' ? 'd.path' : 'f.path';
      let query = selectTransfers(db).where((eb) => pathWithin(eb, col, actor.paths('members.transfer')));
      if (q.orgId) {
        const org = await loadVisibleOrg(db, actor, q.orgId);
        query = query.where(col, 'like', `${org.path}%`);
      }
      if (q.status) query = query.where('t.status', '=', q.status);
      const rows = await query.orderBy('t.requestedAt', 'desc').$call(inPage(q)).execute();
      const { n } = await query
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { data: rows.map((r) => presentTransfer(actor, clock.now(), r)), page: pageInfoOf(q, n) };
    },
  );

  mountGet(
    app,
    '/member-transfers/:id',
    { access: 'members.transfer', tags, params: idParam, response: one },
    async ({ actor, params }) => ({
      data: presentTransfer(actor, clock.now(), await loadTransfer(db, actor, params.id)),
    }),
  );

  mountActions(app, transferActions);
};
