import { type Actor, authorize } from './actor.ts';
import type { Executor } from './db.ts';
import { NotFoundError } from './errors.ts';
import type { Permission } from './permissions.ts';

/** The organization columns every module needs to scope, authorize and label a record. */
const SCOPED_ORG_COLUMNS = [
  'id',
  'code',
  'name',
  'shortName',
  'kind',
  'level',
  'unitType',
  'parentId',
  'path',
  'depth',
  'status',
] as const;

export async function loadOrg(db: Executor, orgId: number) {
  return db.selectFrom('orgs').select(SCOPED_ORG_COLUMNS).where('id', '=', orgId).executeTakeFirst();
}

export type ScopedOrg = NonNullable<Awaited<ReturnType<typeof loadOrg>>>;

/** The one "organization not found" answer: missing and out of scope look the same. */
export function orgNotFound(): NotFoundError {
  return new NotFoundError('组织不存在或无权访问');
}

/** An organization inside the caller's subtree, or 404 (outside scope it does not exist). */
export async function loadVisibleOrg(db: Executor, actor: Actor, orgId: number): Promise<ScopedOrg> {
  const org = await loadOrg(db, orgId);
  if (!org || !actor.sees(org.path)) throw orgNotFound();
  return org;
}

/** An organization the caller can act on with `permission`: 404 outside scope, 403 without it. */
export async function loadOrgFor(
  db: Executor,
  actor: Actor,
  orgId: number,
  permission: Permission,
): Promise<ScopedOrg> {
  const org = await loadOrg(db, orgId);
  if (!org) throw orgNotFound();
  authorize(actor, permission, org.path);
  return org;
}

/** The path of an optional `orgId` filter, checked against the caller's scope (404 outside). */
export async function visibleOrgPath(
  db: Executor,
  actor: Actor,
  orgId: number | undefined,
): Promise<string | undefined> {
  return orgId === undefined ? undefined : (await loadVisibleOrg(db, actor, orgId)).path;
}

/** `path` is `ancestorPath` or lies below it (the string form of `pathWithin` in scope.ts) ('/1/7/42/' within '/1/7/'). */
export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/** One path lies within the other: the two organizations are on the same branch of the tree. */
export function onSameBranch(a: string, b: string): boolean {
  return isWithin(a, b) || isWithin(b, a);
}
