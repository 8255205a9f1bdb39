import { sql } from 'kysely';
import type { z } from 'zod';
import type { ActionContext } from '../../platform/actions.ts';
import type { Trx } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { isWithin, type ScopedOrg } from '../../platform/org-scope.ts';
import { localDate } from '../work-calendar/index.ts';
import type { createListBody, itemBody, progressBody, reviseBody } from './responsibility.contract.ts';
import type { ItemRow, ListRow } from './responsibility.queries.ts';

/** A list changed: its version moves on, so an earlier signature no longer covers it (重新签字). */
async function bumpVersion(trx: Trx, listId: number, now: Date): Promise<void> {
  await trx
    .updateTable('responsibilityLists')
    .set((eb) => ({ version: eb('version', '+', 1), updatedAt: now }))
    .where('id', '=', listId)
    .execute();
}

export async function createList(
  trx: Trx,
  audit: AuditFn,
  org: ScopedOrg,
  body: z.infer<typeof createListBody>,
  now: Date,
): Promise<number> {
  const kind = await trx
    .selectFrom('responsibilityListKinds')
    .select('code')
    .where('code', '=', body.kind)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!kind) throw new ValidationError({ kind: '清单类型不存在' });
  const created = await trx
    .insertInto('responsibilityLists')
    .values({
      orgId: org.id,
      orgPath: org.path,
      year: body.year,
      kind: body.kind,
      holder: body.holder,
      title: body.title,
      parentListId: null,
      signDueOn: body.signDueOn,
      signedVersion: null,
      signedBy: null,
      signedByName: null,
      signedAt: null,
      signedOn: null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflict((oc) => oc.columns(['orgId', 'year', 'kind', 'holder']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!created) throw new ConflictError('该组织当年已有同类清单', { kind: '该组织当年已有同类清单' });
  await audit({
    action: 'responsibility.list_created',
    objectType: 'responsibility_list',
    objectId: created.id,
    orgPath: org.path,
  });
  return created.id;
}

/**
 * 承接上级清单: each organization takes, for a year, every list of its parent organization (one of
 * its own per parent list) and every item of them that concerns it — items owned by it or below
 * it, and items the level above passes down to every organization below. Set-based: two
 * statements whatever the number of organizations and items (the demo cascades a whole level at
 * once); taking again adds only what is new above, and a list that gains items needs a new signature.
 */
export async function cascadeLists(
  trx: Trx,
  orgIds: readonly number[],
  year: number,
  signDueOn: string | null,
  now: Date,
): Promise<{ lists: number; items: number }> {
  if (orgIds.length === 0) return { lists: 0, items: 0 };
  const ids = sql.join(orgIds.map((id) => sql`${id}::int`));
  const lists = await sql<{ id: number }>`
    insert into responsibility_lists (org_id, org_path, year, kind, holder, title, parent_list_id,
      sign_due_on, created_at, updated_at)
    select c.id, c.path, p.year, p.kind, p.holder,
           coalesce(c.short_name, c.name) || (case p.holder when 'secretary' then '书记' else '' end) || k.name,
           p.id, coalesce(${signDueOn}::date, p.sign_due_on), ${now}, ${now}
      from orgs c
      join responsibility_lists p on p.org_id = c.parent_id and p.year = ${year}
      join responsibility_list_kinds k on k.code = p.kind
     where c.id in (${ids})
    on conflict (org_id, year, kind, holder) do nothing
    returning id`.execute(trx);
  const items = await sql<{ listId: number }>`
    insert into responsibility_items (list_id, org_id, org_path, source_item_id, owner_org_id, owner_path,
      owner_person, title, measure, deadline, weight, pass_down, created_at, updated_at)
    select mine.id, c.id, c.path, i.id,
           case when i.owner_path like c.path || '%' then i.owner_org_id else c.id end,
           case when i.owner_path like c.path || '%' then i.owner_path else c.path end,
           case when i.owner_path like c.path || '%' then i.owner_person else '党组织书记' end,
           i.title, i.measure, i.deadline, i.weight, i.pass_down, ${now}, ${now}
      from orgs c
      join responsibility_lists p on p.org_id = c.parent_id and p.year = ${year}
      join responsibility_items i on i.list_id = p.id
      join responsibility_lists mine
        on mine.org_id = c.id and mine.year = p.year and mine.kind = p.kind and mine.holder = p.holder
     where c.id in (${ids})
       and (i.owner_path like c.path || '%' or i.pass_down)
    on conflict (list_id, source_item_id) do nothing
    returning list_id as "listId"`.execute(trx);
  const newLists = new Set(lists.rows.map((r) => r.id));
  const changed = [...new Set(items.rows.map((r) => r.listId))].filter((id) => !newLists.has(id));
  if (changed.length > 0) {
    await trx
      .updateTable('responsibilityLists')
      .set((eb) => ({ version: eb('version', '+', 1), updatedAt: now }))
      .where('id', 'in', changed)
      .execute();
  }
  return { lists: lists.rows.length, items: items.rows.length };
}

/** One organization takes its parent's lists for a year (the 承接 button). */
export async function takeFromAbove(
  trx: Trx,
  audit: AuditFn,
  org: ScopedOrg,
  year: number,
  signDueOn: string | undefined,
  now: Date,
): Promise<{ lists: number; items: number }> {
  if (org.parentId === null) throw new ValidationError({ year: '最上级组织没有上级清单可承接' });
  const result = await cascadeLists(trx, [org.id], year, signDueOn ?? null, now);
  await audit({
    action: 'responsibility.taken',
    objectType: 'org',
    objectId: org.id,
    orgPath: org.path,
    detail: { year, ...result },
  });
  return result;
}

async function ownerOrg(trx: Trx, list: ListRow, ownerOrgId: number) {
  const owner = await trx
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('id', '=', ownerOrgId)
    .executeTakeFirst();
  if (!owner || !isWithin(owner.path, list.orgPath)) {
    throw new ValidationError({ ownerOrgId: '责任单位必须是本组织或其下级组织' });
  }
  return owner;
}

export async function addItem(
  ctx: ActionContext,
  list: ListRow,
  body: z.infer<typeof itemBody>,
): Promise<ListRow> {
  const owner = await ownerOrg(ctx.trx, list, body.ownerOrgId);
  const item = await ctx.trx
    .insertInto('responsibilityItems')
    .values({
      listId: list.id,
      orgId: list.orgId,
      orgPath: list.orgPath,
      sourceItemId: null,
      ownerOrgId: owner.id,
      ownerPath: owner.path,
      ownerPerson: body.ownerPerson,
      title: body.title,
      measure: body.measure,
      deadline: body.deadline,
      weight: body.weight,
      passDown: body.passDown ?? false,
      doneOn: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await bumpVersion(ctx.trx, list.id, ctx.now);
  await ctx.audit({
    action: 'responsibility.item_added',
    objectType: 'responsibility_list',
    objectId: list.id,
    orgPath: list.orgPath,
    detail: { itemId: item.id },
  });
  return list;
}

/** 签字背书: the secretary signs the list's current version. */
export async function signList(ctx: ActionContext, list: ListRow): Promise<ListRow> {
  const name = ctx.actor.user.displayName;
  await ctx.trx
    .insertInto('responsibilitySignatures')
    .values({ listId: list.id, version: list.version, userId: ctx.actor.user.id, name, signedAt: ctx.now })
    .execute();
  await ctx.trx
    .updateTable('responsibilityLists')
    .set({
      signedVersion: list.version,
      signedBy: ctx.actor.user.id,
      signedByName: name,
      signedAt: ctx.now,
      signedOn: localDate(ctx.now),
    })
    .where('id', '=', list.id)
    .execute();
  await ctx.audit({
    action: 'responsibility.signed',
    objectType: 'responsibility_list',
    objectId: list.id,
    orgPath: list.orgPath,
    detail: { version: list.version },
  });
  return list;
}

/** A change of what was committed to (owner, deadline, measure, weight…): the list needs a new signature. */
export async function reviseItem(
  ctx: ActionContext,
  item: ItemRow,
  body: z.infer<typeof reviseBody>,
): Promise<ItemRow> {
  if (Object.keys(body).length === 0) throw new ValidationError({ title: '请至少修改一项内容' });
  await ctx.trx
    .updateTable('responsibilityItems')
    .set({ ...body, updatedAt: ctx.now })
    .where('id', '=', item.id)
    .execute();
  await bumpVersion(ctx.trx, item.listId, ctx.now);
  await ctx.audit({
    action: 'responsibility.item_revised',
    objectType: 'responsibility_item',
    objectId: item.id,
    orgPath: item.orgPath,
    detail: { fields: Object.keys(body) },
  });
  return item;
}

/** A progress report (text, figures; attachments follow); `done` closes the item today. */
export async function reportProgress(
  ctx: ActionContext,
  item: ItemRow,
  body: z.infer<typeof progressBody>,
): Promise<ItemRow> {
  const done = body.done === true;
  const report = await ctx.trx
    .insertInto('responsibilityProgress')
    .values({
      itemId: item.id,
      text: body.text,
      figures: JSON.stringify(body.figures ?? []),
      progress: done ? 100 : body.progress,
      reportedBy: ctx.actor.user.id,
      reportedByName: ctx.actor.user.displayName,
      reportedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.trx
    .updateTable('responsibilityItems')
    .set({
      progress: done ? 100 : body.progress,
      ...(done ? { status: 'done' as const, doneOn: localDate(ctx.now) } : {}),
      updatedAt: ctx.now,
    })
    .where('id', '=', item.id)
    .execute();
  await ctx.audit({
    action: 'responsibility.progress_reported',
    objectType: 'responsibility_item',
    objectId: item.id,
    orgPath: item.ownerPath,
    detail: { progressId: report.id, done },
  });
  return item;
}

export async function attachToProgress(
  trx: Trx,
  audit: AuditFn,
  progressId: number,
  orgPath: string,
  file: { filename: string; mime: string; buffer: Buffer },
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('responsibilityAttachments')
    .values({ progressId, filename: file.filename, mime: file.mime, content: file.buffer, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit({
    action: 'responsibility.attachment_added',
    objectType: 'responsibility_progress',
    objectId: progressId,
    orgPath,
    detail: { attachmentId: row.id, filename: file.filename },
  });
  return row.id;
}
