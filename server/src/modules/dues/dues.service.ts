import type { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { insertAudited, type ServiceContext } from '../../platform/module-kit.ts';
import type { ScopedOrg } from '../../platform/org-scope.ts';
import { isWithin } from '../../platform/org-scope.ts';
import { localDate } from '../work-calendar/index.ts';
import type { declarationBody, movementBody, paymentBody, reasonBody } from './dues.contract.ts';
import {
  approvedDeclarations,
  type DeclarationRow,
  declarationFor,
  refreshOrgFigures,
} from './dues.queries.ts';
import { addMonths, duesRuleFor, monthlyDue, monthOf, toCents } from './dues.rules.ts';

/** A member in the register below the organization (404 otherwise: another branch's member does not exist here). */
async function memberBelow(ctx: ServiceContext, org: ScopedOrg, memberId: number) {
  const m = await ctx.trx
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['m.id', 'm.orgId', 'o.path', 'm.status', 'm.name'])
    .where('m.id', '=', memberId)
    .executeTakeFirst();
  if (!m || !isWithin(m.path, org.path)) throw new NotFoundError('党员不存在或不属于该组织');
  if (!['probationary', 'full', 'lost_contact'].includes(m.status)) {
    throw new ValidationError({ memberId: '该党员不在党员名册中' }, '该党员不在党员名册中');
  }
  return m;
}

/** A yearly (or changed) base declaration: the monthly amount by the rule in force, waiting for approval. */
export async function declareBase(ctx: ServiceContext, org: ScopedOrg, b: z.infer<typeof declarationBody>) {
  const m = await memberBelow(ctx, org, b.memberId);
  const from = `${b.year}-${String(b.fromMonth).padStart(2, '0')}-01`;
  const rule = await duesRuleFor(ctx.trx, m.path, from);
  if (!rule) throw new ValidationError({ year: '该年度尚无党费标准' }, '该年度尚无党费标准');
  const baseCents = toCents(b.base);
  const { cents } = monthlyDue(rule.schedule, b.category, baseCents);
  const id = await insertAudited(
    ctx,
    'duesDeclarations',
    {
      memberId: m.id,
      orgId: m.orgId,
      orgPath: m.path,
      year: b.year,
      fromMonth: b.fromMonth,
      category: b.category,
      baseCents,
      monthlyCents: cents,
      ruleVersion: rule.version,
      note: b.note ?? null,
      declaredBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    {
      action: 'dues.declared',
      objectType: 'dues_declaration',
      orgPath: m.path,
      detail: { memberId: m.id, year: b.year, fromMonth: b.fromMonth, category: b.category },
    },
  );
  return id;
}

export async function decideDeclaration(
  ctx: ServiceContext,
  row: DeclarationRow,
  status: 'approved' | 'rejected',
  reason: string | undefined,
) {
  await ctx.trx
    .updateTable('duesDeclarations')
    .set({ status, decisionReason: reason ?? null, decidedBy: ctx.actor.user.id, decidedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  if (status === 'approved') await refreshOrgFigures(ctx.trx, { orgId: row.orgId }, localDate(ctx.now));
  return row;
}

/**
 * Payments for one member, one row per month (advance and late payments cover several): the due
 * amount is the approved declaration's; advance payments reach at most six months ahead.
 */
export async function recordPayment(ctx: ServiceContext, org: ScopedOrg, b: z.infer<typeof paymentBody>) {
  const m = await memberBelow(ctx, org, b.memberId);
  const today = localDate(ctx.now);
  if (b.paidOn > today) throw new ValidationError({ paidOn: '交纳日期不能晚于今天' }, '交纳日期不能晚于今天');
  const months = [...new Set(b.months)].sort();
  const limit = addMonths(monthOf(b.paidOn), 6);
  if (months[months.length - 1] > limit) {
    throw new ValidationError({ months: '预交党费一般不超过6个月' }, '预交党费一般不超过6个月');
  }
  const decls = await approvedDeclarations(ctx.trx, [m.id]);
  const taken = await ctx.trx
    .selectFrom('duesPayments')
    .select('month')
    .where('memberId', '=', m.id)
    .where(
      'month',
      'in',
      months.map((x) => `${x}-01`),
    )
    .execute();
  if (taken.length) {
    throw new ConflictError(`${monthOf(taken[0].month)} 已登记交纳`, { months: '所选月份已登记交纳' });
  }
  const ids: number[] = [];
  let total = 0;
  for (const month of months) {
    const d = declarationFor(decls, m.id, month);
    if (!d) {
      throw new ValidationError(
        { months: `${month} 尚无核定的党费基数` },
        `${m.name} ${month} 尚无核定的党费基数，请先申报并审核`,
      );
    }
    const { id } = await ctx.trx
      .insertInto('duesPayments')
      .values({
        memberId: m.id,
        orgId: m.orgId,
        orgPath: m.path,
        month: `${month}-01`,
        dueCents: d.monthlyCents,
        paidCents: d.monthlyCents,
        paidOn: b.paidOn,
        channel: b.channel,
        receiptNo: b.receiptNo ?? null,
        recordedBy: ctx.actor.user.id,
        createdAt: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
    total += Number(d.monthlyCents);
  }
  await refreshOrgFigures(ctx.trx, { orgId: m.orgId }, today);
  await ctx.audit({
    action: 'dues.paid',
    objectType: 'member',
    objectId: m.id,
    orgPath: m.path,
    detail: { months, channel: b.channel, receiptNo: b.receiptNo ?? null, totalCents: total },
  });
  return { ids, total: total / 100 };
}

/** A reason for unpaid months (困难党员 approved, sickness …): the six-month flag is not raised over them. */
export async function recordReason(ctx: ServiceContext, org: ScopedOrg, b: z.infer<typeof reasonBody>) {
  const m = await memberBelow(ctx, org, b.memberId);
  if (b.toMonth < b.fromMonth) throw new ValidationError({ toMonth: '截止月份不能早于起始月份' });
  const { id } = await ctx.trx
    .insertInto('duesReasons')
    .values({
      memberId: m.id,
      orgId: m.orgId,
      orgPath: m.path,
      fromMonth: `${b.fromMonth}-01`,
      toMonth: `${b.toMonth}-01`,
      reason: b.reason,
      recordedBy: ctx.actor.user.id,
      createdAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await refreshOrgFigures(ctx.trx, { orgId: m.orgId }, localDate(ctx.now));
  await ctx.audit({ action: 'dues.reason_recorded', objectType: 'member', objectId: m.id, orgPath: m.path });
  return id;
}

/**
 * A fund movement of an organization: its collection, its remittance to the level above (the
 * parent by default), or dues returned by it to an organization below (两新 organizations).
 */
export async function recordMovement(ctx: ServiceContext, org: ScopedOrg, b: z.infer<typeof movementBody>) {
  let counterpart = b.counterpartOrgId ?? null;
  if (b.kind === 'remitted') counterpart = counterpart ?? org.parentId;
  if (b.kind === 'returned') {
    if (!counterpart) throw new ValidationError({ counterpartOrgId: '请选择返还的组织' });
    const target = await ctx.trx
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', counterpart)
      .executeTakeFirst();
    if (!target || !isWithin(target.path, org.path) || target.path === org.path) {
      throw new ValidationError({ counterpartOrgId: '只能返还给下级组织' }, '只能返还给下级组织');
    }
  }
  const id = await insertAudited(
    ctx,
    'duesMovements',
    {
      orgId: org.id,
      orgPath: org.path,
      kind: b.kind,
      counterpartOrgId: counterpart,
      amountCents: toCents(b.amount),
      onDate: b.onDate,
      note: b.note ?? null,
      recordedBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    {
      action: 'dues.movement_recorded',
      objectType: 'dues_movement',
      orgPath: org.path,
      detail: { kind: b.kind, amountCents: toCents(b.amount), counterpartOrgId: counterpart },
    },
  );
  return id;
}
