import { sql } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.ts';
import type { Trx } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { lockOrgTree } from './locks.ts';
import {
  ALLIANCE_KINDS,
  type CreateOrgBody,
  type OrgLevel,
  type UnitType,
  type UpdateOrgBody,
} from './orgs.contract.ts';
import { codeTaken, getOrg, getVisibleOrg, type OrgRow } from './orgs.queries.ts';

interface ActionContext {
  trx: Trx;
  audit: AuditFn;
  actor: Actor;
  now: Date;
}

function assertLevelOrUnit(level: OrgLevel | null | undefined, unitType: UnitType | null | undefined): void {
  if (!level && !unitType) {
    throw new ValidationError({
      level: '行政层级与单位类型至少填写一项',
      unitType: '行政层级与单位类型至少填写一项',
    });
  }
}

async function assertCodeFree(trx: Trx, code: string, exceptId?: number): Promise<void> {
  if (await codeTaken(trx, code, exceptId)) {
    throw new ConflictError('组织编码已被使用', { code: `组织编码“${code}”已被其他组织使用` });
  }
}

function snapshot(row: Partial<OrgRow>): Record<string, unknown> {
  const { childCount: _c, ...rest } = row as OrgRow;
  return rest;
}

export async function createOrg(ctx: ActionContext, parentId: number, body: CreateOrgBody): Promise<OrgRow> {
  // The child's path is derived from the parent's: no move of the parent or above until we commit.
  await lockOrgTree(ctx.trx, { paths: [parentId] });
  const parent = await getVisibleOrg(ctx.trx, ctx.actor, parentId);
  authorize(ctx.actor, 'orgs.create', parent.path);
  if (parent.status !== 'active') throw new ValidationError({ parentId: '上级组织已撤销，不能新建下级组织' });
  assertLevelOrUnit(body.level, body.unitType);
  await assertCodeFree(ctx.trx, body.code);
  const { id } = await ctx.trx
    .insertInto('orgs')
    .values({
      parentId: parent.id,
      code: body.code,
      name: body.name,
      shortName: body.shortName ?? null,
      kind: body.kind,
      level: body.level ?? null,
      unitType: body.unitType ?? null,
      establishedOn: body.establishedOn ?? null,
      closedOn: null,
      closedReason: null,
      sortOrder: body.sortOrder ?? 0,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const org = (await getOrg(ctx.trx, id))!;
  await recordEvent(ctx, org.id, 'created', null, snapshot(org));
  await ctx.audit({
    action: 'orgs.create',
    objectType: 'org',
    objectId: org.id,
    orgPath: org.path,
    detail: { code: org.code, name: org.name },
  });
  return org;
}

export async function updateOrg(ctx: ActionContext, id: number, body: UpdateOrgBody): Promise<OrgRow> {
  const org = await lockVisibleOrg(ctx, id);
  authorize(ctx.actor, 'orgs.update', org.path);
  if (org.status !== 'active') throw new ValidationError({ status: '组织已撤销，不能修改' });
  const level = body.level === undefined ? org.level : body.level;
  const unitType = body.unitType === undefined ? org.unitType : body.unitType;
  assertLevelOrUnit(level, unitType);
  if (body.code && body.code !== org.code) await assertCodeFree(ctx.trx, body.code, org.id);
  const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0) return org;
  await ctx.trx
    .updateTable('orgs')
    .set({ ...changes, updatedAt: ctx.now })
    .where('id', '=', org.id)
    .execute();
  const after = (await getOrg(ctx.trx, org.id))!;
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, org[k as keyof OrgRow]]));
  await recordEvent(ctx, org.id, 'updated', before, changes);
  await ctx.audit({
    action: 'orgs.update',
    objectType: 'org',
    objectId: org.id,
    orgPath: org.path,
    detail: { changed: Object.keys(changes) },
  });
  return after;
}

/** Move a subtree under a new parent: every path below is rewritten in this one transaction. */
export async function moveOrg(ctx: ActionContext, id: number, targetParentId: number): Promise<OrgRow> {
  // The moved subtree is locked for update, the new parent's path for reading, in id order;
  // everything below is read again after the locks.
  await lockOrgTree(ctx.trx, { subtrees: [id], paths: [targetParentId] });
  const org = await getVisibleOrg(ctx.trx, ctx.actor, id);
  authorize(ctx.actor, 'orgs.move', org.path);
  const target = await getVisibleOrg(ctx.trx, ctx.actor, targetParentId);
  authorize(ctx.actor, 'orgs.create', target.path);
  if (target.path.startsWith(org.path)) {
    throw new ValidationError({ targetParentId: '不能把组织移动到它自己或它的下级组织之下' });
  }
  if (target.status !== 'active') throw new ValidationError({ targetParentId: '目标上级组织已撤销' });
  if (org.parentId === target.id) return org;
  const oldPath = org.path;
  const newPath = `${target.path}${org.id}/`;
  await ctx.trx
    .updateTable('orgs')
    .set({ parentId: target.id, updatedAt: ctx.now })
    .where('id', '=', org.id)
    .execute();
  await sql`
    update orgs
       set path = ${newPath} || substr(path, ${oldPath.length + 1}),
           depth = depth + ${Number(target.depth) + 1 - Number(org.depth)}
     where path like ${`${oldPath}%`}
  `.execute(ctx.trx);
  const after = (await getOrg(ctx.trx, org.id))!;
  await recordEvent(
    ctx,
    org.id,
    'moved',
    { parentId: org.parentId, path: oldPath },
    { parentId: target.id, path: newPath },
  );
  await ctx.audit({
    action: 'orgs.move',
    objectType: 'org',
    objectId: org.id,
    orgPath: newPath,
    detail: { fromParentId: org.parentId, toParentId: target.id },
  });
  return after;
}

/** Close (撤销) an organization. Nothing is deleted; it stays in history and reports. */
export async function closeOrg(
  ctx: ActionContext,
  id: number,
  reason: string,
  closedOn: string,
): Promise<OrgRow> {
  const org = await lockVisibleOrg(ctx, id);
  authorize(ctx.actor, 'orgs.close', org.path);
  if (org.status !== 'active') throw new ValidationError({ status: '组织已经撤销' });
  if (Number(org.childCount) > 0) {
    throw new ValidationError({ id: `该组织还有 ${org.childCount} 个下级组织，请先撤销或移走下级组织` });
  }
  await ctx.trx
    .updateTable('orgs')
    .set({ status: 'closed', closedOn, closedReason: reason, updatedAt: ctx.now })
    .where('id', '=', org.id)
    .execute();
  await recordEvent(ctx, org.id, 'closed', { status: 'active' }, { status: 'closed', closedOn }, reason);
  await ctx.audit({
    action: 'orgs.close',
    objectType: 'org',
    objectId: org.id,
    orgPath: org.path,
    detail: { closedOn },
  });
  return (await getOrg(ctx.trx, org.id))!;
}

export async function addPartTimeMember(
  ctx: ActionContext,
  orgId: number,
  body: { name: string; unitName: string; position: string; startedOn: string },
) {
  const org = await getVisibleOrg(ctx.trx, ctx.actor, orgId);
  authorize(ctx.actor, 'orgs.manage_part_time_members', org.path);
  if (!ALLIANCE_KINDS.includes(org.kind)) {
    throw new ValidationError({ kind: '只有大工委、大党委可以设置兼职委员' });
  }
  const row = await ctx.trx
    .insertInto('orgPartTimeMembers')
    .values({ orgId, ...body, unitOrgId: null, endedOn: null, createdAt: ctx.now })
    .returning(['id', 'name', 'unitName', 'position', 'startedOn', 'endedOn'])
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'orgs.manage_part_time_members',
    objectType: 'part_time_member',
    objectId: row.id,
    orgPath: org.path,
    detail: { op: 'add' },
  });
  return row;
}

export async function endPartTimeMember(
  ctx: ActionContext,
  orgId: number,
  memberId: number,
  endedOn: string,
) {
  const org = await getVisibleOrg(ctx.trx, ctx.actor, orgId);
  authorize(ctx.actor, 'orgs.manage_part_time_members', org.path);
  const row = await ctx.trx
    .updateTable('orgPartTimeMembers')
    .set({ endedOn })
    .where('id', '=', memberId)
    .where('orgId', '=', orgId)
    .where('endedOn', 'is', null)
    .returning(['id', 'name', 'unitName', 'position', 'startedOn', 'endedOn'])
    .executeTakeFirst();
  if (!row) throw new ValidationError({ id: '兼职委员不存在或已离任' });
  await ctx.audit({
    action: 'orgs.manage_part_time_members',
    objectType: 'part_time_member',
    objectId: row.id,
    orgPath: org.path,
    detail: { op: 'end' },
  });
  return row;
}

async function lockVisibleOrg(ctx: ActionContext, id: number): Promise<OrgRow> {
  await ctx.trx.selectFrom('orgs').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return getVisibleOrg(ctx.trx, ctx.actor, id);
}

async function recordEvent(
  ctx: ActionContext,
  orgId: number,
  kind: 'created' | 'updated' | 'moved' | 'closed',
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  reason: string | null = null,
): Promise<void> {
  await ctx.trx
    .insertInto('orgEvents')
    .values({
      orgId,
      kind,
      before: before ? JSON.stringify(before) : null,
      after: after ? JSON.stringify(after) : null,
      reason,
      actorId: ctx.actor.user.id,
      at: ctx.now,
    })
    .execute();
}
