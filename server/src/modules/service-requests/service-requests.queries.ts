import { type Expression, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inPage } from '../../platform/paging.ts';
import { pathLeafId, pathWithin } from '../../platform/scope.ts';
import {
  type Figures,
  type LevelLimits,
  type ListRequestsQuery,
  RATINGS,
  type Rating,
} from './service-requests.contract.ts';

function selectRequests(db: Executor) {
  return db
    .selectFrom('serviceRequests as r')
    .innerJoin('orgs as o', 'o.id', 'r.orgId')
    .innerJoin('orgs as h', 'h.id', 'r.handlingOrgId')
    .innerJoin('serviceRequestCategories as c', 'c.id', 'r.categoryId')
    .selectAll('r')
    .select(['o.name as orgName', 'h.name as handlingOrgName', 'c.name as categoryName'])
    .select(
      sql<boolean>`exists (select 1 from service_request_photos p where p.request_id = r.id)`.as('hasPhoto'),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('serviceRequestVisits as lv')
          .select([
            'lv.id as visitId',
            'lv.rating as visitRating',
            'lv.solved as visitSolved',
            'lv.comment as visitComment',
            'lv.byUserId as visitByUserId',
            'lv.byName as visitByName',
            'lv.ratedAt as visitRatedAt',
            'lv.finalAt as visitFinalAt',
            'lv.correctedAt as visitCorrectedAt',
          ])
          .whereRef('lv.requestId', '=', 'r.id')
          .orderBy('lv.id', 'desc')
          .limit(1)
          .as('v'),
      (join) => join.onTrue(),
    )
    .select([
      'v.visitId',
      'v.visitRating',
      'v.visitSolved',
      'v.visitComment',
      'v.visitByUserId',
      'v.visitByName',
      'v.visitRatedAt',
      'v.visitFinalAt',
      'v.visitCorrectedAt',
    ]);
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof getRequest>>>;

export async function getRequest(db: Executor, id: number) {
  return selectRequests(db).where('r.id', '=', id).executeTakeFirst();
}

/** Officials see requests raised in their subtree; a resident sees only their own. */
export function canSeeRequest(actor: Actor, row: Pick<RequestRow, 'orgPath' | 'residentUserId'>): boolean {
  return actor.can('service_requests.read', row.orgPath) || row.residentUserId === actor.user.id;
}

export async function getVisibleRequest(db: Executor, actor: Actor, id: number): Promise<RequestRow> {
  const row = await getRequest(db, id);
  if (!row || !canSeeRequest(actor, row)) throw new NotFoundError('诉求不存在或无权访问');
  return row;
}

/** Lock the row for a state change, then load it with the caller's scope. */
export async function lockVisibleRequest(db: Executor, actor: Actor, id: number): Promise<RequestRow> {
  await db.selectFrom('serviceRequests').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return getVisibleRequest(db, actor, id);
}

/** The instant a China calendar day starts. */
const dayStart = (day: string) => sql<Date>`(${day}::date)::timestamp at time zone 'Asia/Shanghai'`;
/** The day after a 'YYYY-MM-DD' date. */
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function findRequests(
  db: Executor,
  actor: Actor,
  query: ListRequestsQuery,
  today: string,
  within?: string,
) {
  const paths = actor.paths('service_requests.read');
  let base = selectRequests(db).where((eb) => {
    const own = eb('r.residentUserId', '=', actor.user.id);
    if (query.mine || paths.length === 0) return own;
    return eb.or([pathWithin(eb, 'r.orgPath', paths), own]);
  });
  if (within) base = base.where('r.orgPath', 'like', `${within}%`);
  if (query.rating || query.ratedFrom || query.ratedTo || query.ratedIn) {
    const from = query.ratedIn === 'this_month' ? `${today.slice(0, 7)}-01` : query.ratedFrom;
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('serviceRequestVisits as rv')
          .select('rv.id')
          .whereRef('rv.requestId', '=', 'r.id')
          .$if(from !== undefined, (q) => q.where('rv.ratedAt', '>=', dayStart(from!)))
          .$if(query.ratedTo !== undefined, (q) =>
            q.where('rv.ratedAt', '<', dayStart(nextDay(query.ratedTo!))),
          )
          .$if(query.rating === 'not_solved', (q) => q.where('rv.solved', '=', false))
          .$if(query.rating === 'negative', (q) =>
            q.where((eb) => eb.or([eb('rv.solved', '=', false), eb('rv.rating', '=', 'unsatisfied')])),
          )
          .$if(query.rating !== undefined && (RATINGS as readonly string[]).includes(query.rating), (q) =>
            q.where('rv.solved', '=', true).where('rv.rating', '=', query.rating as Rating),
          ),
      ),
    );
  }
  if (query.status) base = base.where('r.status', '=', query.status);
  if (query.level) base = base.where('r.handlingLevel', '=', query.level);
  if (query.categoryId) base = base.where('r.categoryId', '=', query.categoryId);
  if (query.overdue === true) base = base.where('r.status', '=', 'open').where('r.dueOn', '<', today);
  if (query.overdue === false) {
    base = base.where((eb) => eb.or([eb('r.status', '!=', 'open'), eb('r.dueOn', '>=', today)]));
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([eb('r.title', 'like', like), eb('r.code', 'like', like), eb('r.location', 'like', like)]),
    );
  }
  const { n } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .orderBy(sql`case when r.status = 'open' then 0 else 1 end`)
    .orderBy('r.receivedAt', 'desc')
    .orderBy('r.id', 'desc')
    .$call(inPage(query))
    .execute();
  return { rows, total: Number(n) };
}

/** The handling steps of some requests, each request's in order (the ledger reads many at once). */
export async function findEventsOf(db: Executor, requestIds: readonly number[]) {
  if (requestIds.length === 0) return [];
  return db
    .selectFrom('serviceRequestEvents as e')
    .leftJoin('orgs as f', 'f.id', 'e.fromOrgId')
    .leftJoin('orgs as t', 't.id', 'e.toOrgId')
    .select([
      'e.id',
      'e.requestId',
      'e.kind',
      'e.fromLevel',
      'e.toLevel',
      'f.name as fromOrgName',
      't.name as toOrgName',
      'e.actorName',
      'e.reason',
      'e.nextRoute',
      'e.note',
      'e.isAutomatic',
      'e.at',
    ])
    .where('e.requestId', 'in', requestIds)
    .orderBy('e.requestId', 'desc')
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

export async function findRequestEvents(db: Executor, requestId: number) {
  return (await findEventsOf(db, [requestId])).map(({ requestId: _r, ...e }) => e);
}

export async function getPhoto(db: Executor, requestId: number) {
  return db
    .selectFrom('serviceRequestPhotos')
    .select(['mime', 'content'])
    .where('requestId', '=', requestId)
    .orderBy('id')
    .executeTakeFirst();
}

/** The rule version in effect on a day: the newest one whose effective date has come. */
export async function getRuleOn(db: Executor, onDate: string) {
  const row = await db
    .selectFrom('serviceRequestRules')
    .select(['version', 'effectiveFrom', 'source', 'limits', 'ratingWindowHours'])
    .where('effectiveFrom', '<=', onDate)
    .orderBy('effectiveFrom', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error('诉求办理时限规则未配置');
  const limits = (typeof row.limits === 'string' ? JSON.parse(row.limits) : row.limits) as LevelLimits;
  return { ...row, limits };
}

export async function getRuleByVersion(db: Executor, version: string) {
  const row = await db
    .selectFrom('serviceRequestRules')
    .select(['version', 'effectiveFrom', 'source', 'limits', 'ratingWindowHours'])
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new Error(`诉求办理时限规则 ${version} 不存在`);
  const limits = (typeof row.limits === 'string' ? JSON.parse(row.limits) : row.limits) as LevelLimits;
  return { ...row, limits };
}

export async function findCategories(db: Executor, includeInactive: boolean) {
  let q = db
    .selectFrom('serviceRequestCategories')
    .select(['id', 'code', 'name', 'description', 'sortOrder', 'active']);
  if (!includeInactive) q = q.where('active', '=', true);
  return q.orderBy('sortOrder').orderBy('id').execute();
}

export async function findNotifications(db: Executor, userId: number) {
  return db
    .selectFrom('serviceRequestNotifications as n')
    .innerJoin('serviceRequests as r', 'r.id', 'n.requestId')
    .select(['n.id', 'n.requestId', 'r.code as requestCode', 'n.message', 'n.createdAt', 'n.readAt'])
    .where('n.userId', '=', userId)
    .orderBy('n.createdAt', 'desc')
    .orderBy('n.id', 'desc')
    .limit(100)
    .execute();
}

/** The figures (民情诉求办理统计), computed in one SQL pass per grouping. */
function figureColumns(today: string) {
  return sql<Record<string, number>>`
    count(*)::int as received,
    (count(*) filter (where r.disposition = 'on_spot'))::int as resolved_on_spot,
    (count(*) filter (where r.disposition = 'transferred'))::int as transferred,
    (count(*) filter (where r.disposition = 'transferred' and r.status <> 'open'))::int as completed,
    (count(*) filter (where r.status <> 'open'))::int as resolved,
    (count(*) filter (where r.status <> 'open' and r.resolved_level = r.origin_level))::int
      as resolved_at_lowest_level,
    (count(*) filter (where r.was_overdue or (r.status = 'open' and r.due_on < ${today}::date)))::int
      as overdue,
    (count(*) filter (where r.status = 'open'))::int as open`;
}

/** Raw SQL rows come back camelCased by the CamelCasePlugin. */
interface FigureRow {
  received: number;
  resolvedOnSpot: number;
  transferred: number;
  completed: number;
  resolved: number;
  resolvedAtLowestLevel: number;
  overdue: number;
  open: number;
}

const NO_FIGURES: FigureRow = {
  received: 0,
  resolvedOnSpot: 0,
  transferred: 0,
  completed: 0,
  resolved: 0,
  resolvedAtLowestLevel: 0,
  overdue: 0,
  open: 0,
};

export function toFigures(row: FigureRow | undefined): Figures {
  const r = row ?? NO_FIGURES;
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
  return {
    received: Number(r.received),
    resolvedOnSpot: Number(r.resolvedOnSpot),
    transferred: Number(r.transferred),
    completed: Number(r.completed),
    completionRate: ratio(Number(r.completed), Number(r.transferred)),
    resolved: Number(r.resolved),
    resolvedAtLowestLevel: Number(r.resolvedAtLowestLevel),
    lowestLevelShare: ratio(Number(r.resolvedAtLowestLevel), Number(r.resolved)),
    overdue: Number(r.overdue),
    open: Number(r.open),
    ...NO_VISITS,
  };
}

interface VisitFigures {
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  notSolved: number;
  satisfactionRate: number | null;
}
const NO_VISITS: VisitFigures = {
  rated: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  unsatisfied: 0,
  notSolved: 0,
  satisfactionRate: null,
};

function addVisits(into: VisitFigures, v: { rating: string; solved: boolean; n: number }) {
  const n = Number(v.n);
  into.rated += n;
  if (!v.solved) into.notSolved += n;
  else if (v.rating === 'satisfied') into.satisfied += n;
  else if (v.rating === 'basically_satisfied') into.basicallySatisfied += n;
  else into.unsatisfied += n;
  into.satisfactionRate =
    into.rated > 0
      ? Math.round(((into.satisfied + into.basicallySatisfied) / into.rated) * 1000) / 1000
      : null;
}

/**
 * 满意度回访 in [from, to] (China dates of the visit) under `rootPath`: every visit counts, a
 * "not solved" one as well as the rating after the request was handled again.
 */
export async function visitFigures(db: Executor, rootPath: string, from: string, to: string) {
  const rootId = pathLeafId(rootPath);
  const rows = await sql<{ childId: number; categoryId: number; rating: string; solved: boolean; n: number }>`
    select coalesce(nullif(split_part(substr(r.org_path, ${rootPath.length + 1}), '/', 1), ''),
                    ${String(rootId)})::int as child_id,
           r.category_id, v.rating, v.solved, count(*)::int as n
      from service_request_visits v join service_requests r on r.id = v.request_id
     where r.org_path like ${`${rootPath}%`}
       and v.rated_at >= ${dayStart(from)}
       and v.rated_at < ${dayStart(nextDay(to))}
     group by 1, 2, 3, 4`.execute(db);
  const totals = { ...NO_VISITS };
  const byOrg = new Map<number, VisitFigures>();
  const byCategory = new Map<number, VisitFigures>();
  for (const row of rows.rows) {
    addVisits(totals, row);
    for (const [map, key] of [
      [byOrg, Number(row.childId)],
      [byCategory, Number(row.categoryId)],
    ] as const) {
      if (!map.has(key)) map.set(key, { ...NO_VISITS });
      addVisits(map.get(key)!, row);
    }
  }
  return { totals, byOrg, byCategory };
}

/**
 * Figures for the requests received in [from, to] (local dates) under `rootPath`: the totals, one
 * row per direct child organization (requests raised at the root itself count under the root),
 * and one row per category.
 */
export async function requestStats(db: Executor, rootPath: string, from: string, to: string, today: string) {
  const inScope: Expression<SqlBool> = sql<SqlBool>`r.org_path like ${`${rootPath}%`}
    and r.received_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
    and r.received_at < ((${to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`;
  const cols = figureColumns(today);
  const totals = await sql<FigureRow>`select ${cols} from service_requests r where ${inScope}`.execute(db);
  const rootId = pathLeafId(rootPath);
  const byOrg = await sql<FigureRow & { orgId: number; orgName: string }>`
    with scoped as (
      select r.*, coalesce(nullif(split_part(substr(r.org_path, ${rootPath.length + 1}), '/', 1), ''),
                           ${String(rootId)})::int as child_id
        from service_requests r where ${inScope}
    )
    select r.child_id as org_id, o.name as org_name, ${cols}
      from scoped r join orgs o on o.id = r.child_id
     group by r.child_id, o.name, o.sort_order
     order by o.sort_order, r.child_id`.execute(db);
  const byCategory = await sql<FigureRow & { categoryId: number; categoryName: string }>`
    select c.id as category_id, c.name as category_name, ${cols}
      from service_requests r join service_request_categories c on c.id = r.category_id
     where ${inScope}
     group by c.id, c.name, c.sort_order
     order by c.sort_order, c.id`.execute(db);
  const visits = await visitFigures(db, rootPath, from, to);
  const orgRows = byOrg.rows.map((r) => ({
    orgId: Number(r.orgId),
    orgName: r.orgName,
    ...toFigures(r),
    ...visits.byOrg.get(Number(r.orgId)),
  }));
  // Organizations whose requests were rated in the period though none was received in it.
  const missing = [...visits.byOrg.keys()].filter((id) => !orgRows.some((r) => r.orgId === id));
  if (missing.length > 0) {
    const names = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', missing).execute();
    for (const o of names)
      orgRows.push({ orgId: o.id, orgName: o.name, ...toFigures(undefined), ...visits.byOrg.get(o.id) });
  }
  return {
    totals: { ...toFigures(totals.rows[0]), ...visits.totals },
    byOrg: orgRows,
    byCategory: byCategory.rows.map((r) => ({
      categoryId: Number(r.categoryId),
      categoryName: r.categoryName,
      ...toFigures(r),
      ...visits.byCategory.get(Number(r.categoryId)),
    })),
  };
}
