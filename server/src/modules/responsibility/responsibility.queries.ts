import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inPage } from '../../platform/paging.ts';
import type { ItemsQuery } from './responsibility.contract.ts';

/** Open past its deadline, or done after it (today in China). */
export function lateExpr(today: string) {
  return sql<SqlBool>`((i.status = 'open' and i.deadline < ${today}::date) or (i.status = 'done' and i.done_on > i.deadline))`;
}

function selectLists(db: Executor) {
  return db
    .selectFrom('responsibilityLists as l')
    .innerJoin('orgs as o', 'o.id', 'l.orgId')
    .innerJoin('responsibilityListKinds as k', 'k.code', 'l.kind')
    .selectAll('l')
    .select(['o.name as orgName', 'k.name as kindName', 'k.sortOrder as kindOrder']);
}
export type ListRow = NonNullable<Awaited<ReturnType<typeof getList>>>;

export async function getList(db: Executor, id: number) {
  return selectLists(db).where('l.id', '=', id).executeTakeFirst();
}

export async function getVisibleList(db: Executor, actor: Actor, id: number): Promise<ListRow> {
  const row = await getList(db, id);
  if (!row || !actor.can('responsibility.read', row.orgPath)) throw new NotFoundError('清单不存在或无权访问');
  return row;
}

export async function lockVisibleList(db: Executor, actor: Actor, id: number): Promise<ListRow> {
  await db.selectFrom('responsibilityLists').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return getVisibleList(db, actor, id);
}

/** The lists an organization holds for a year, in kind order. */
export async function findOrgLists(db: Executor, orgId: number, year: number) {
  return selectLists(db)
    .where('l.orgId', '=', orgId)
    .where('l.year', '=', year)
    .orderBy('k.sortOrder')
    .orderBy('l.holder')
    .orderBy('l.id')
    .execute();
}

function selectItems(db: Executor, today: string) {
  return db
    .selectFrom('responsibilityItems as i')
    .innerJoin('orgs as o', 'o.id', 'i.orgId')
    .innerJoin('orgs as w', 'w.id', 'i.ownerOrgId')
    .selectAll('i')
    .select(['o.name as orgName', 'w.name as ownerOrgName'])
    .select(lateExpr(today).as('late'));
}
export type ItemRow = NonNullable<Awaited<ReturnType<typeof getItem>>>;

export async function getItem(db: Executor, id: number, today: string) {
  return selectItems(db, today).where('i.id', '=', id).executeTakeFirst();
}

/** An item is seen by whoever reads its list's organization or the organization that owns it. */
export async function getVisibleItem(
  db: Executor,
  actor: Actor,
  id: number,
  today: string,
): Promise<ItemRow> {
  const row = await getItem(db, id, today);
  if (
    !row ||
    !(actor.can('responsibility.read', row.orgPath) || actor.can('responsibility.read', row.ownerPath))
  ) {
    throw new NotFoundError('清单事项不存在或无权访问');
  }
  return row;
}

export async function lockVisibleItem(
  db: Executor,
  actor: Actor,
  id: number,
  today: string,
): Promise<ItemRow> {
  await db.selectFrom('responsibilityItems').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return getVisibleItem(db, actor, id, today);
}

export async function findListItems(db: Executor, listIds: number[], today: string) {
  if (listIds.length === 0) return [];
  return selectItems(db, today)
    .where('i.listId', 'in', listIds)
    .orderBy('i.deadline')
    .orderBy('i.id')
    .execute();
}

/** Every item of the lists in an organization's subtree for a year: late ones first, then by deadline. */
export async function findSubtreeItems(db: Executor, path: string, query: ItemsQuery, today: string) {
  let base = selectItems(db, today)
    .innerJoin('responsibilityLists as l', 'l.id', 'i.listId')
    .where('i.orgPath', 'like', `${path}%`)
    .where('l.year', '=', query.year);
  if (query.late === 'true') base = base.where(lateExpr(today));
  if (query.late === 'false') base = base.where((eb) => eb.not(lateExpr(today)));
  if (query.status) base = base.where('i.status', '=', query.status);
  const { n } = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .orderBy(sql`${lateExpr(today)} desc`)
    .orderBy('i.deadline')
    .orderBy('i.id')
    .$call(inPage(query))
    .execute();
  return { rows, total: Number(n) };
}

export async function findSignatures(db: Executor, listId: number) {
  return db
    .selectFrom('responsibilitySignatures')
    .select(['version', 'name', 'signedAt'])
    .where('listId', '=', listId)
    .orderBy('signedAt')
    .orderBy('id')
    .execute();
}

export async function findProgress(db: Executor, itemId: number) {
  const reports = await db
    .selectFrom('responsibilityProgress')
    .selectAll()
    .where('itemId', '=', itemId)
    .orderBy('reportedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const files =
    reports.length === 0
      ? []
      : await db
          .selectFrom('responsibilityAttachments')
          .select(['id', 'progressId', 'filename'])
          .where(
            'progressId',
            'in',
            reports.map((r) => r.id),
          )
          .orderBy('id')
          .execute();
  return reports.map((r) => ({ ...r, attachments: files.filter((f) => f.progressId === r.id) }));
}

export async function findKinds(db: Executor) {
  return db
    .selectFrom('responsibilityListKinds')
    .select(['code', 'name'])
    .where('active', '=', true)
    .orderBy('sortOrder')
    .execute();
}

/** Figures of an organization's subtree for a year (the cockpit and the statistics strip). */
export async function responsibilityFigures(db: Executor, path: string, year: number, today: string) {
  const items = await db
    .selectFrom('responsibilityItems as i')
    .innerJoin('responsibilityLists as l', 'l.id', 'i.listId')
    .where('i.orgPath', 'like', `${path}%`)
    .where('l.year', '=', year)
    .select((eb) => [
      eb.fn.countAll<number>().as('issued'),
      sql<number>`count(*) filter (where i.status = 'done' and i.done_on <= i.deadline)`.as('onTime'),
      sql<number>`count(*) filter (where ${lateExpr(today)})`.as('late'),
    ])
    .executeTakeFirstOrThrow();
  const lists = await db
    .selectFrom('responsibilityLists as l')
    .where('l.orgPath', 'like', `${path}%`)
    .where('l.year', '=', year)
    .select((eb) => [
      eb.fn.countAll<number>().as('lists'),
      sql<number>`count(*) filter (where l.signed_version = l.version)`.as('signed'),
      sql<number>`count(*) filter (where l.signed_on > l.sign_due_on or (l.signed_on is null and l.sign_due_on < ${today}::date))`.as(
        'signedLate',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    issued: Number(items.issued),
    onTime: Number(items.onTime),
    late: Number(items.late),
    lists: Number(lists.lists),
    signed: Number(lists.signed),
    signedLate: Number(lists.signedLate),
  };
}
