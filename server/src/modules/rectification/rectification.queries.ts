import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inPage } from '../../platform/paging.ts';
import { roleHas } from '../../platform/permissions.ts';
import { nearestRule } from '../../platform/rules.ts';
import type { ItemsQuery } from './rectification.contract.ts';

/** Still to be rectified (open or returned) and past its deadline. */
export function overdueExpr(today: string) {
  return sql<SqlBool>`(r.status in ('open', 'returned') and r.deadline < ${today}::date)`;
}

function selectItems(db: Executor, today: string) {
  return db
    .selectFrom('rectificationItems as r')
    .innerJoin('orgs as o', 'o.id', 'r.orgId')
    .innerJoin('orgs as iss', 'iss.id', 'r.issuerOrgId')
    .leftJoin('orgs as esc', 'esc.id', 'r.escalatedToOrgId')
    .selectAll('r')
    .select(['o.name as orgName', 'iss.name as issuerOrgName', 'esc.name as escalatedToOrgName'])
    .select(
      sql<string | null>`coalesce(
        (select c.title from inspection_findings f join inspection_campaigns c on c.id = f.campaign_id
          where r.source_kind = 'inspection' and f.id = r.source_id),
        (select '约谈' || v.secretary_name || '（' || to_char(v.held_on, 'YYYY-MM-DD') || '）'
           from rectification_interviews v where r.source_kind = 'interview' and v.id = r.source_id),
        (select '现场观摩：' || sv.title from site_visit_stops st join site_visits sv on sv.id = st.visit_id
          where r.source_kind = 'site_visit' and st.id = r.source_id),
        (select g.title from gap_lists g where r.source_kind in ('gap_list', 'task_book') and g.id = r.source_id))`.as(
        'sourceTitle',
      ),
    )
    .select(
      sql<number>`case when ${overdueExpr(today)} then (${today}::date - r.deadline) else 0 end`.as(
        'overdueDays',
      ),
    )
    .select(
      sql<number>`(select count(*) from rectification_evidence e where e.item_id = r.id)`.as('evidenceCount'),
    );
}
export type ItemRow = NonNullable<Awaited<ReturnType<typeof getItem>>>;

export async function getItem(db: Executor, id: number, today: string) {
  return selectItems(db, today).where('r.id', '=', id).executeTakeFirst();
}

export async function getVisibleItem(
  db: Executor,
  actor: Actor,
  id: number,
  today: string,
): Promise<ItemRow> {
  const row = await getItem(db, id, today);
  if (!row || !actor.can('rectification.read', row.orgPath))
    throw new NotFoundError('整改事项不存在或无权访问');
  return row;
}

export async function lockVisibleItem(
  db: Executor,
  actor: Actor,
  id: number,
  today: string,
): Promise<ItemRow> {
  await db.selectFrom('rectificationItems').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return getVisibleItem(db, actor, id, today);
}

/** Items of an organization's subtree: overdue first (most days first), then by deadline. */
export async function findItems(db: Executor, path: string, query: ItemsQuery, today: string) {
  let base = selectItems(db, today).where('r.orgPath', 'like', `${path}%`);
  switch (query.status) {
    case 'open':
      base = base.where('r.status', '!=', 'closed');
      break;
    case 'overdue':
      base = base.where(overdueExpr(today));
      break;
    case undefined:
      break;
    default:
      base = base.where('r.status', '=', query.status);
  }
  if (query.sourceKind) base = base.where('r.sourceKind', '=', query.sourceKind);
  if (query.sourceId) base = base.where('r.sourceId', '=', query.sourceId);
  if (query.escalated === 'true') base = base.where('r.escalatedAt', 'is not', null);
  if (query.escalated === 'false') base = base.where('r.escalatedAt', 'is', null);
  if (query.hard) base = base.where('r.hard', '=', query.hard === 'true');
  const { n } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .orderBy(sql`case when ${overdueExpr(today)} then 0 when r.status = 'closed' then 2 else 1 end`)
    .orderBy('r.deadline')
    .orderBy('r.id')
    .$call(inPage(query))
    .execute();
  return { rows, total: Number(n) };
}

export async function findItemEvents(db: Executor, itemId: number) {
  return db
    .selectFrom('rectificationEvents')
    .select(['kind', 'comment', 'actorName', 'at'])
    .where('itemId', '=', itemId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function findEvidence(db: Executor, where: { itemId: number } | { findingId: number }) {
  const q = db.selectFrom('rectificationEvidence').select(['id', 'filename', 'mime']);
  return (
    'itemId' in where ? q.where('itemId', '=', where.itemId) : q.where('findingId', '=', where.findingId)
  )
    .orderBy('id')
    .execute();
}

export async function findFindingOf(db: Executor, itemId: number) {
  return db
    .selectFrom('inspectionFindings')
    .select(['id', 'description'])
    .where('itemId', '=', itemId)
    .executeTakeFirst();
}

/**
 * The level that steers an organization for the caller: the caller's nearest grant holding
 * `rectification.launch` over it (strictly above it when `strict`), or null.
 */
export function steeringOrgOf(actor: Actor, path: string, strict: boolean) {
  const above = actor.grants
    .filter(
      (g) =>
        roleHas(g.role, 'rectification.launch') &&
        path.startsWith(g.orgPath) &&
        !(strict && path === g.orgPath),
    )
    .sort((a, b) => b.orgPath.length - a.orgPath.length);
  return above[0] ? { id: above[0].orgId, path: above[0].orgPath } : null;
}

/** The deadline rule in force for an organization on a date (nearest own version wins). */
export async function ruleFor(db: Executor, orgPath: string, onDate: string) {
  const rule = await nearestRule(db, 'rectificationRules', orgPath, onDate);
  if (!rule) throw new Error('没有生效的整改时限规则');
  return rule;
}

// ---- campaigns -------------------------------------------------------------------------------

function selectCampaigns(db: Executor, today: string) {
  return db
    .selectFrom('inspectionCampaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .selectAll('c')
    .select('o.name as orgName')
    .select(sql<number>`(select count(*) from inspection_targets t where t.campaign_id = c.id)`.as('targets'))
    .select(
      sql<number>`(select count(*) from inspection_findings f where f.campaign_id = c.id)`.as('findings'),
    )
    .select(
      sql<number>`(select count(*) from inspection_findings f join rectification_items r on r.id = f.item_id
                    where f.campaign_id = c.id and r.status in ('verified', 'closed'))`.as('rectified'),
    )
    .select(
      sql<number>`(select count(*) from inspection_findings f join rectification_items r on r.id = f.item_id
                    where f.campaign_id = c.id and ${overdueExpr(today)})`.as('overdue'),
    )
    .select(
      sql<
        string[]
      >`coalesce((select array_agg(i.name order by i.name) from inspection_inspectors i where i.campaign_id = c.id), '{}')`.as(
        'inspectors',
      ),
    )
    .select(
      sql<
        number[]
      >`coalesce((select array_agg(i.user_id) from inspection_inspectors i where i.campaign_id = c.id), '{}')`.as(
        'inspectorIds',
      ),
    );
}
export type CampaignRow = NonNullable<Awaited<ReturnType<typeof getCampaign>>>;

export async function getCampaign(db: Executor, id: number, today: string) {
  return selectCampaigns(db, today).where('c.id', '=', id).executeTakeFirst();
}

export async function getVisibleCampaign(db: Executor, actor: Actor, id: number, today: string) {
  const row = await getCampaign(db, id, today);
  if (!row || !actor.can('rectification.read', row.orgPath)) throw new NotFoundError('检查不存在或无权访问');
  return row;
}

export async function lockVisibleCampaign(db: Executor, actor: Actor, id: number, today: string) {
  await db.selectFrom('inspectionCampaigns').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return getVisibleCampaign(db, actor, id, today);
}

/** Campaigns launched in an organization's subtree, newest first. */
export async function findCampaigns(
  db: Executor,
  path: string,
  query: { page: number; pageSize: number; kind?: string },
  today: string,
) {
  let base = selectCampaigns(db, today).where('c.orgPath', 'like', `${path}%`);
  if (query.kind) base = base.where('c.kind', '=', query.kind as 'special' | 'unannounced');
  const { n } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .orderBy('c.startsOn', 'desc')
    .orderBy('c.id', 'desc')
    .$call(inPage(query))
    .execute();
  return { rows, total: Number(n) };
}

export async function findTargets(db: Executor, campaignId: number) {
  return db
    .selectFrom('inspectionTargets as t')
    .innerJoin('orgs as o', 'o.id', 't.orgId')
    .leftJoin('orgs as p', 'p.id', 'o.parentId')
    .select(['t.id', 't.orgId', 'o.name as orgName', 'p.name as parentName'])
    .select(sql<number>`(select count(*) from inspection_findings f where f.target_id = t.id)`.as('findings'))
    .where('t.campaignId', '=', campaignId)
    .orderBy('o.sortOrder')
    .orderBy('o.code')
    .execute();
}

/** Figures of an organization's subtree for a year (cockpit, statistics strip). */
export async function rectificationFigures(db: Executor, path: string, year: number, today: string) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const items = await db
    .selectFrom('rectificationItems as r')
    .where('r.orgPath', 'like', `${path}%`)
    .where('r.openedOn', '>=', from)
    .where('r.openedOn', '<=', to)
    .select((eb) => [
      eb.fn.countAll<number>().as('items'),
      sql<number>`count(*) filter (where r.source_kind = 'inspection')`.as('findings'),
      sql<number>`count(*) filter (where r.status in ('verified', 'closed') and r.submitted_on <= r.deadline)`.as(
        'onTime',
      ),
      sql<number>`count(*) filter (where ${overdueExpr(today)})`.as('overdue'),
      sql<number>`count(*) filter (where r.status = 'returned')`.as('returned'),
      sql<number>`count(*) filter (where r.status = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where r.hard and r.status in ('verified', 'closed'))`.as('hardSolved'),
    ])
    .executeTakeFirstOrThrow();
  return {
    findings: Number(items.findings),
    items: Number(items.items),
    onTime: Number(items.onTime),
    overdue: Number(items.overdue),
    returned: Number(items.returned),
    closed: Number(items.closed),
    hardSolved: Number(items.hardSolved),
  };
}
