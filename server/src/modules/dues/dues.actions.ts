import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { abilitiesOf, actionFor, defineActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { DUES_LABELS, decisionBody, declarationSchema, rejectBody } from './dues.contract.ts';
import { type DeclarationRow, declarationRow } from './dues.queries.ts';
import { toYuan } from './dues.rules.ts';
import { decideDeclaration } from './dues.service.ts';

const onDeclaration = actionFor<DeclarationRow, DeclarationRow>();

async function loadDeclaration(db: Executor, actor: Actor, id: number, lock: boolean) {
  if (lock) await db.selectFrom('duesDeclarations').select('id').where('id', '=', id).forUpdate().execute();
  const row = await declarationRow(db, id);
  if (!row || !actor.sees(row.orgPath)) throw new NotFoundError('党费基数申报不存在或无权访问');
  return row;
}

const pending = (row: DeclarationRow) => (row.status === 'submitted' ? null : '该申报已审核');

/** A base declaration: approved (the monthly amount applies) or rejected with a reason, by the level above the branch. */
export const declarationActions = defineActions({
  tags: ['dues'],
  fieldLabels: DUES_LABELS,
  objectType: 'dues_declaration',
  load: (db, actor, params, { lock }) => loadDeclaration(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: async (row: DeclarationRow, request: FastifyRequest) => {
    const fresh = (await declarationRow(request.server.deps.db, row.id)) ?? row;
    return { data: presentDeclaration(fresh, request.actor ?? undefined) };
  },
  response: z.object({ data: declarationSchema }),
  actions: {
    approve: onDeclaration({
      title: '审核通过',
      path: '/dues/declarations/:id/approve',
      permission: 'dues.approve',
      when: pending,
      conflictStatus: 409,
      body: decisionBody,
      run: (ctx, row, b) => decideDeclaration(ctx, row, 'approved', b.reason),
      audit: 'dues.declaration_approved',
    }),
    reject: onDeclaration({
      title: '退回',
      path: '/dues/declarations/:id/reject',
      permission: 'dues.approve',
      when: pending,
      conflictStatus: 409,
      body: rejectBody,
      run: (ctx, row, b) => decideDeclaration(ctx, row, 'rejected', b.reason),
      audit: 'dues.declaration_rejected',
    }),
  },
});

export function presentDeclaration(row: DeclarationRow, actor?: Actor): z.infer<typeof declarationSchema> {
  return {
    id: row.id,
    memberId: row.memberId,
    memberName: row.memberName,
    orgId: row.orgId,
    year: row.year,
    fromMonth: row.fromMonth,
    category: row.category,
    base: toYuan(row.baseCents),
    monthly: toYuan(row.monthlyCents),
    ruleVersion: row.ruleVersion,
    status: row.status,
    decisionReason: row.decisionReason,
    abilities: actor ? abilitiesOf(declarationActions, actor, row) : undefined,
  };
}
