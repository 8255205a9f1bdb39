import { type ExpressionBuilder, sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { DB } from '../../platform/database.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inPage } from '../../platform/paging.ts';
import { nearestRule } from '../../platform/rules.ts';
import { pathWithin } from '../../platform/scope.ts';
import type { ListProposalsQuery } from './proposals.contract.ts';

function selectProposals(db: Executor) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('orgs as o', 'o.id', 'p.orgId')
    .leftJoin('proposalRules as r', 'r.id', 'p.ruleId')
    .leftJoin('users as pu', 'pu.id', 'p.proposerUserId')
    .selectAll('p')
    .select([
      'o.path as orgPath',
      'o.name as orgName',
      'r.version as ruleVersion',
      'pu.displayName as proposerDisplayName',
    ]);
}

export type ProposalRow = NonNullable<Awaited<ReturnType<typeof getProposal>>>;

export async function getProposal(db: Executor, id: number, forUpdate = false) {
  let q = selectProposals(db).where('p.id', '=', id);
  if (forUpdate) q = q.forUpdate('p');
  return q.executeTakeFirst();
}

/**
 * Officials see every proposal of their subtree; a resident sees, in the community where they
 * hold the resident role, their own proposals and the public ones. Anything else is 404.
 */
export function canSee(
  actor: Actor,
  p: Pick<ProposalRow, 'orgPath' | 'proposerUserId' | 'submittedBy' | 'publishedAt'>,
) {
  if (actor.can('proposals.read', p.orgPath)) return true;
  if (!actor.can('proposals.participate', p.orgPath)) return false;
  return isOwn(actor, p) || p.publishedAt !== null;
}

export function isOwn(actor: Actor, p: Pick<ProposalRow, 'proposerUserId' | 'submittedBy'>): boolean {
  return p.proposerUserId === actor.user.id || p.submittedBy === actor.user.id;
}

export async function getVisibleProposal(db: Executor, actor: Actor, id: number, forUpdate = false) {
  const p = await getProposal(db, id, forUpdate);
  if (!p || !canSee(actor, p)) throw new NotFoundError('提案不存在或无权访问');
  return p;
}

function visibleWhere(actor: Actor) {
  const official = actor.paths('proposals.read');
  const resident = actor.paths('proposals.participate');
  return (eb: ExpressionBuilder<DB & { p: DB['proposals']; o: DB['orgs'] }, 'p' | 'o'>) =>
    eb.or([
      pathWithin(eb, 'o.path', official),
      eb.and([
        pathWithin(eb, 'o.path', resident),
        eb.or([
          eb('p.publishedAt', 'is not', null),
          eb('p.proposerUserId', '=', actor.user.id),
          eb('p.submittedBy', '=', actor.user.id),
        ]),
      ]),
    ]);
}

export async function findProposals(db: Executor, actor: Actor, query: ListProposalsQuery, orgPath?: string) {
  let base = selectProposals(db).where(visibleWhere(actor));
  if (orgPath) base = base.where('o.path', 'like', `${orgPath}%`);
  if (query.status) base = base.where('p.status', '=', query.status);
  if (query.mine) {
    base = base.where((eb) =>
      eb.or([eb('p.proposerUserId', '=', actor.user.id), eb('p.submittedBy', '=', actor.user.id)]),
    );
  }
  const { n } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .orderBy('p.updatedAt', 'desc')
    .orderBy('p.id', 'desc')
    .$call(inPage(query))
    .execute();
  return { rows, total: Number(n) };
}

/** Counts for the caller's whole visible subtree (officials) within an optional organization. */
export async function proposalStats(db: Executor, actor: Actor, orgPath?: string) {
  let base = db
    .selectFrom('proposals as p')
    .innerJoin('orgs as o', 'o.id', 'p.orgId')
    .where((eb) => pathWithin(eb, 'o.path', actor.paths('proposals.read')));
  if (orgPath) base = base.where('o.path', 'like', `${orgPath}%`);
  const rows = await base
    .select([
      'p.status',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`count(*) filter (where p.decision_result = 'adopted')`.as('adopted'),
      sql<number>`sum(p.reopen_count)`.as('reopened'),
    ])
    .groupBy('p.status')
    .execute();
  const byStatus: Record<string, number> = {};
  let total = 0;
  let adopted = 0;
  let reopened = 0;
  for (const r of rows) {
    byStatus[r.status] = Number(r.n);
    total += Number(r.n);
    adopted += Number(r.adopted);
    reopened += Number(r.reopened ?? 0);
  }
  return { byStatus, total, adopted, closed: byStatus.closed ?? 0, reopened };
}

/** The rule version in force for an organization on a date: the nearest configured ancestor wins. */
export async function effectiveRule(db: Executor, orgPath: string, onDate: string) {
  return nearestRule(db, 'proposalRules', orgPath, onDate);
}

export async function loadDetailParts(db: Executor, proposalId: number) {
  const [events, comments, meetings, tasks, feedback] = await Promise.all([
    db
      .selectFrom('proposalEvents as e')
      .leftJoin('users as u', 'u.id', 'e.actorId')
      .select([
        'e.id',
        'e.kind',
        'e.fromStatus',
        'e.toStatus',
        'e.reason',
        'e.at',
        'u.displayName as actorName',
      ])
      .where('e.proposalId', '=', proposalId)
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('proposalComments as c')
      .innerJoin('users as u', 'u.id', 'c.authorId')
      .select(['c.id', 'c.body', 'c.at', 'c.authorId', 'u.displayName'])
      .where('c.proposalId', '=', proposalId)
      .orderBy('c.id')
      .execute(),
    db
      .selectFrom('proposalMeetings')
      .select(['id', 'kind', 'heldOn', 'attendees', 'minutes'])
      .where('proposalId', '=', proposalId)
      .orderBy('heldOn')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('proposalTasks')
      .select(['id', 'title', 'ownerName', 'dueOn', 'progress', 'note'])
      .where('proposalId', '=', proposalId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('proposalFeedback as f')
      .leftJoin('users as u', 'u.id', 'f.userId')
      .select(['f.id', 'f.verdict', 'f.reason', 'f.at', 'f.onBehalfName', 'f.userId', 'u.displayName'])
      .where('f.proposalId', '=', proposalId)
      .orderBy('f.id')
      .execute(),
  ]);
  return { events, comments, meetings, tasks, feedback };
}

export async function hasSupported(db: Executor, proposalId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('proposalSupports')
    .select('userId')
    .where('proposalId', '=', proposalId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
