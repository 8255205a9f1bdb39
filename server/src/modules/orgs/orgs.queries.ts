import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { orgNotFound } from '../../platform/org-scope.ts';
import { inPage } from '../../platform/paging.ts';
import { pathIds, pathWithin } from '../../platform/scope.ts';
import type { ListOrgsQuery } from './orgs.contract.ts';

const ORG_COLUMNS = [
  'o.id',
  'o.code',
  'o.name',
  'o.shortName',
  'o.kind',
  'o.level',
  'o.unitType',
  'o.parentId',
  'o.path',
  'o.depth',
  'o.status',
  'o.establishedOn',
  'o.closedOn',
  'o.closedReason',
] as const;

function selectOrgs(db: Executor) {
  return db
    .selectFrom('orgs as o')
    .select(ORG_COLUMNS)
    .select(
      sql<number>`(select count(*) from orgs c where c.parent_id = o.id and c.status = 'active')`.as(
        'childCount',
      ),
    );
}

export type OrgRow = Awaited<ReturnType<typeof getOrg>> & object;

export async function getOrg(db: Executor, id: number) {
  return selectOrgs(db).where('o.id', '=', id).executeTakeFirst();
}

/** An organization the caller can see, with its child count for presenting, or 404. */
export async function getVisibleOrg(db: Executor, actor: Actor, id: number): Promise<OrgRow> {
  const org = await getOrg(db, id);
  if (!org || !actor.sees(org.path)) throw orgNotFound();
  return org;
}

export async function findOrgs(db: Executor, actor: Actor, query: ListOrgsQuery) {
  let base = selectOrgs(db);
  if (query.parentId !== undefined) {
    await getVisibleOrg(db, actor, query.parentId);
    base = base.where('o.parentId', '=', query.parentId);
  } else if (query.orgId !== undefined) {
    const root = await getVisibleOrg(db, actor, query.orgId);
    base = base.where('o.path', 'like', `${root.path}%`);
  } else if (!query.q && !query.kind && !query.level) {
    // No parent and no filter: the roots of the caller's scope.
    const roots = actor.visiblePaths();
    base = base.where((eb) => (roots.length ? eb('o.path', 'in', roots) : sql<boolean>`false`));
  }
  base = base.where((eb) => pathWithin(eb, 'o.path', actor.visiblePaths()));
  if (!query.includeClosed) base = base.where('o.status', '=', 'active');
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('o.name', 'like', like), eb('o.code', 'like', like)]));
  }
  if (query.kind) base = base.where('o.kind', '=', query.kind);
  if (query.level) base = base.where('o.level', '=', query.level);
  const { n: total } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base.orderBy('o.sortOrder').orderBy('o.id').$call(inPage(query)).execute();
  return { rows, total: Number(total) };
}

export async function getAncestors(db: Executor, path: string) {
  const ids = pathIds(path).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r) => r !== undefined);
}

export async function codeTaken(db: Executor, code: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('orgs').select('id').where('code', '=', code);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function findOrgEvents(db: Executor, orgId: number) {
  return db
    .selectFrom('orgEvents as e')
    .leftJoin('users as u', 'u.id', 'e.actorId')
    .select(['e.id', 'e.kind', 'e.before', 'e.after', 'e.reason', 'e.at', 'u.displayName as actorName'])
    .where('e.orgId', '=', orgId)
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(200)
    .execute();
}

export async function findPartTimeMembers(db: Executor, orgId: number) {
  return db
    .selectFrom('orgPartTimeMembers')
    .select(['id', 'name', 'unitName', 'position', 'startedOn', 'endedOn'])
    .where('orgId', '=', orgId)
    .orderBy('endedOn', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * Organizations in the caller's scope matching every word of `q` (full name or short name, of the
 * organization or of one of its ancestors: 「朝阳 第一网格」 finds 朝阳社区第一网格党支部), with the path
 * label from the caller's top visible organization down (中山街道 / 朝阳社区 / 第一网格党支部).
 */
export async function searchOrgs(db: Executor, actor: Actor, q: string, limit: number) {
  const visible = actor.visiblePaths();
  const words = q.split(/\s+/).filter(Boolean);
  if (visible.length === 0 || words.length === 0) return [];
  let base = db
    .selectFrom('orgs as o')
    .select(['o.id', 'o.code', 'o.name', 'o.shortName', 'o.kind', 'o.level', 'o.path', 'o.depth'])
    .where((eb) => pathWithin(eb, 'o.path', visible))
    .where('o.status', '=', 'active');
  for (const word of words) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([
        eb('o.name', 'like', like),
        eb('o.shortName', 'like', like),
        eb.exists(
          eb
            .selectFrom('orgs as a')
            .select('a.id')
            .where('a.id', '!=', eb.ref('o.id'))
            .where(sql<boolean>`o.path like a.path || '%'`)
            .where((ea) => ea.or([ea('a.name', 'like', like), ea('a.shortName', 'like', like)])),
        ),
      ]),
    );
  }
  const whole = words.join('');
  const rows = await base
    // The organization's own name matching the whole query first, then the shallow ones.
    .orderBy(sql`case when o.name like ${`%${whole.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} then 0 else 1 end`)
    .orderBy('o.depth')
    .orderBy('o.sortOrder')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  const ancestorIds = [...new Set(rows.flatMap((r) => pathIds(r.path).slice(0, -1)))];
  const ancestors = ancestorIds.length
    ? await db
        .selectFrom('orgs')
        .select(['id', 'name', 'shortName', 'path'])
        .where('id', 'in', ancestorIds)
        .execute()
    : [];
  const byId = new Map(ancestors.map((a) => [a.id, a]));
  return rows.map((row) => {
    const names = pathIds(row.path)
      .slice(0, -1)
      .map((id) => byId.get(id))
      .filter((a) => a !== undefined && actor.sees(a.path))
      .map((a) => a?.shortName || a?.name);
    return { ...row, pathLabel: [...names, row.name].join(' / ') };
  });
}
