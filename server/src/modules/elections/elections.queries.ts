import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { addMonthsTo, ELECTED_KINDS, termRuleFor, termStanding } from './elections.rules.ts';

/** The path of the level above ('/1/7/42/' → '/1/7/'). */
export const parentPathOf = (path: string) => path.replace(/[^/]+\/$/, '');

export async function currentTerm(db: Executor, orgId: number) {
  return db
    .selectFrom('orgTerms')
    .selectAll()
    .where('orgId', '=', orgId)
    .where('status', '=', 'current')
    .executeTakeFirst();
}

/** The term contract of one organization on a date. */
export async function termOf(db: Executor, org: { id: number; path: string }, today: string) {
  const rule = await termRuleFor(db, org.path, today);
  if (!rule) throw new Error('no term rule in force');
  const term = await currentTerm(db, org.id);
  return {
    ...termStanding(term, rule.remindMonths, today),
    rule: { version: rule.version, source: rule.source },
    term,
    lengths: rule.lengths,
    maxAdjustMonths: rule.maxAdjustMonths,
  };
}

/**
 * The committees below an organization with their current term and standing (the due and overdue
 * lists of the level above). The rule of the organization asked about applies to the whole list.
 */
export async function termsBelow(db: Executor, org: { id: number; path: string }, today: string) {
  const rule = await termRuleFor(db, org.path, today);
  if (!rule) throw new Error('no term rule in force');
  const rows = await db
    .selectFrom('orgs as o')
    .leftJoin('orgTerms as t', (j) => j.onRef('t.orgId', '=', 'o.id').on('t.status', '=', 'current'))
    .select([
      'o.id as orgId',
      'o.name as orgName',
      'o.path',
      't.id as termId',
      't.startedOn',
      't.endsOn',
      't.lengthYears',
      't.adjustment',
    ])
    .where('o.path', 'like', `${org.path}%`)
    .where('o.status', '=', 'active')
    .where('o.kind', 'in', ELECTED_KINDS)
    .orderBy('t.endsOn')
    .orderBy('o.path')
    .execute();
  return rows.map((r) => ({
    orgId: r.orgId,
    orgName: r.orgName,
    path: r.path,
    termId: r.termId,
    lengthYears: r.lengthYears,
    adjustment: r.adjustment,
    ...termStanding(
      r.startedOn && r.endsOn ? { startedOn: r.startedOn, endsOn: r.endsOn } : undefined,
      rule.remindMonths,
      today,
    ),
    rule: { version: rule.version, source: rule.source },
  }));
}

export async function adjustmentRow(db: Executor, id: number) {
  return db
    .selectFrom('termAdjustments as a')
    .innerJoin('orgs as o', 'o.id', 'a.orgId')
    .selectAll('a')
    .select('o.name as orgName')
    .where('a.id', '=', id)
    .executeTakeFirst();
}
export type AdjustmentRow = NonNullable<Awaited<ReturnType<typeof adjustmentRow>>>;

export async function loadAdjustment(db: Executor, actor: Actor, id: number, lock: boolean) {
  if (lock) await db.selectFrom('termAdjustments').select('id').where('id', '=', id).forUpdate().execute();
  const row = await adjustmentRow(db, id);
  if (!row || !actor.sees(row.orgPath)) throw new NotFoundError('换届调整申请不存在或无权访问');
  return row;
}

export async function adjustmentsBelow(db: Executor, path: string) {
  return db
    .selectFrom('termAdjustments as a')
    .innerJoin('orgs as o', 'o.id', 'a.orgId')
    .selectAll('a')
    .select('o.name as orgName')
    .where('a.orgPath', 'like', `${path}%`)
    .orderBy('a.id', 'desc')
    .limit(500)
    .execute();
}

export async function electionRow(db: Executor, id: number) {
  return db
    .selectFrom('elections as e')
    .innerJoin('orgs as o', 'o.id', 'e.orgId')
    .selectAll('e')
    .select(['o.name as orgName', 'o.level', 'o.kind'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}
export type ElectionRow = NonNullable<Awaited<ReturnType<typeof electionRow>>>;

export async function loadElection(db: Executor, actor: Actor, id: number, lock: boolean) {
  if (lock) await db.selectFrom('elections').select('id').where('id', '=', id).forUpdate().execute();
  const row = await electionRow(db, id);
  if (!row || !actor.sees(row.orgPath)) throw new NotFoundError('换届选举不存在或无权访问');
  return row;
}

export async function electionsBelow(db: Executor, path: string) {
  return db
    .selectFrom('elections as e')
    .innerJoin('orgs as o', 'o.id', 'e.orgId')
    .selectAll('e')
    .select(['o.name as orgName', 'o.level', 'o.kind'])
    .where('e.orgPath', 'like', `${path}%`)
    .orderBy('e.id', 'desc')
    .limit(500)
    .execute();
}

/** Committees below an organization whose term is due (within the reminder period) or overdue: one query each. */
export async function countTermsBelow(
  db: Executor,
  org: { path: string },
  today: string,
  status: 'due' | 'overdue',
): Promise<number> {
  const rule = await termRuleFor(db, org.path, today);
  const remindFrom = addMonthsTo(today, rule?.remindMonths ?? 6);
  let q = db
    .selectFrom('orgTerms as t')
    .innerJoin('orgs as o', 'o.id', 't.orgId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.orgPath', 'like', `${org.path}%`)
    .where('t.status', '=', 'current')
    .where('o.status', '=', 'active');
  q =
    status === 'overdue'
      ? q.where('t.endsOn', '<', today)
      : q.where('t.endsOn', '>=', today).where('t.endsOn', '<=', remindFrom);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
