import { sql } from 'kysely';
import type { z } from 'zod';
import type { ActionContext } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor, Trx } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import type { ScopedOrg } from '../../platform/org-scope.ts';
import {
  addDays,
  addWorkingDays,
  isWorkday,
  loadWorkCalendar,
  localDate,
  yearsOf,
} from '../work-calendar/index.ts';
import type { findingBody, launchBody, SourceKind } from './rectification.contract.ts';
import { type CampaignRow, type ItemRow, ruleFor } from './rectification.queries.ts';

type Event = 'opened' | 'reminded' | 'submitted' | 'returned' | 'verified' | 'closed' | 'escalated';

async function recordEvent(
  trx: Executor,
  itemId: number,
  kind: Event,
  comment: string | null,
  by: { id: number; name: string } | null,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('rectificationEvents')
    .values({ itemId, kind, comment, actorId: by?.id ?? null, actorName: by?.name ?? null, at })
    .execute();
}

const byActor = (actor: Actor) => ({ id: actor.user.id, name: actor.user.displayName });

/** The deadline `n` working days after `from`, and the reminder day `before` working days ahead of it. */
export async function workingDeadline(db: Executor, from: string, n: number, before: number) {
  const calendar = await loadWorkCalendar(db, yearsOf(from, addDays(from, n * 2 + 60)));
  const deadline = addWorkingDays(calendar, from, n);
  let reminder = deadline;
  for (let left = Math.min(before, n - 1); left > 0; ) {
    reminder = addDays(reminder, -1);
    if (isWorkday(calendar, reminder)) left -= 1;
  }
  return { deadline, reminder };
}

export interface NewItem {
  org: { id: number; path: string };
  issuer: { id: number; path: string };
  title: string;
  source: { kind: SourceKind; id: number };
  ownerPerson: string;
  requiredEvidence: string;
  /** Working days to rectify; the rule in force for the organization when absent. */
  workingDays?: number;
  /** A hard problem (难题) of a gap list or task book, counted when solved. */
  hard?: boolean;
}

/**
 * Opens a rectification item (限时整改) with a deadline in working days from today (the work
 * calendar's holidays and make-up days count) and a reminder day before it. Other sources
 * (site-visit comments, gap lists) open their items through this, in their own transaction.
 */
export async function openRectificationItem(
  trx: Trx,
  item: NewItem,
  by: { id: number; name: string } | null,
  now: Date,
): Promise<number> {
  const today = localDate(now);
  const rule = await ruleFor(trx, item.org.path, today);
  const days = item.workingDays ?? rule.deadlineWorkingDays;
  const { deadline, reminder } = await workingDeadline(trx, today, days, rule.reminderWorkingDays);
  const row = await trx
    .insertInto('rectificationItems')
    .values({
      orgId: item.org.id,
      orgPath: item.org.path,
      issuerOrgId: item.issuer.id,
      issuerPath: item.issuer.path,
      title: item.title,
      sourceKind: item.source.kind,
      sourceId: item.source.id,
      ownerPerson: item.ownerPerson,
      requiredEvidence: item.requiredEvidence,
      hard: item.hard ?? false,
      workingDays: days,
      ruleVersion: rule.version,
      openedOn: today,
      reminderOn: reminder,
      deadline,
      submittedOn: null,
      remindedAt: null,
      escalatedToOrgId: null,
      escalatedAt: null,
      verifiedAt: null,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(trx, row.id, 'opened', `${days}个工作日内整改，截止${deadline}`, by, now);
  return row.id;
}

/** Launches a campaign: its targets are every active organization of the level below (or the ones named). */
export async function launchCampaign(
  trx: Trx,
  audit: AuditFn,
  org: ScopedOrg,
  body: z.infer<typeof launchBody>,
  actor: Actor,
  now: Date,
): Promise<number> {
  const inspectorIds = [...new Set([actor.user.id, ...(body.inspectorIds ?? [])])];
  const inspectors = await trx
    .selectFrom('users as u')
    .innerJoin('orgs as h', 'h.id', 'u.homeOrgId')
    .select(['u.id', 'u.displayName'])
    .where('u.id', 'in', inspectorIds)
    .where((eb) => eb.or([eb('u.id', '=', actor.user.id), eb('h.path', 'like', `${org.path}%`)]))
    .execute();
  if (inspectors.length !== inspectorIds.length) {
    throw new ValidationError({ inspectorIds: '检查人员须是本组织及下级组织的工作人员' });
  }
  const campaign = await trx
    .insertInto('inspectionCampaigns')
    .values({
      orgId: org.id,
      orgPath: org.path,
      kind: body.kind,
      title: body.title,
      checklist: JSON.stringify(body.checklist),
      targetLevel: body.targetLevel,
      startsOn: body.startsOn,
      endsOn: body.endsOn,
      createdBy: actor.user.id,
      createdAt: now,
      closedAt: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const named = body.targetOrgIds;
  const targets = await sql<{ id: number }>`
    insert into inspection_targets (campaign_id, org_id, org_path)
    select ${campaign.id}, o.id, o.path
      from orgs o
     where o.path like ${`${org.path}%`} and o.id <> ${org.id}
       and o.level = ${body.targetLevel} and o.status = 'active'
       ${named ? sql`and o.id in (${sql.join(named.map((id) => sql`${id}::int`))})` : sql``}
    returning id`.execute(trx);
  if (targets.rows.length === 0) {
    throw new ValidationError({ targetLevel: '本组织下没有这一层级的组织可供检查' });
  }
  if (named && targets.rows.length !== new Set(named).size) {
    throw new ValidationError({ targetOrgIds: '检查对象须是本组织下所选层级的组织' });
  }
  await trx
    .insertInto('inspectionInspectors')
    .values(inspectors.map((u) => ({ campaignId: campaign.id, userId: u.id, name: u.displayName })))
    .execute();
  await audit({
    action: 'rectification.campaign_launched',
    objectType: 'inspection_campaign',
    objectId: campaign.id,
    orgPath: org.path,
    detail: { kind: body.kind, targets: targets.rows.length },
  });
  return campaign.id;
}

/** A finding at one target, and its rectification item, in one transaction. */
export async function recordFinding(
  ctx: ActionContext,
  campaign: CampaignRow,
  body: z.infer<typeof findingBody>,
): Promise<{ findingId: number; itemId: number }> {
  const target = await ctx.trx
    .selectFrom('inspectionTargets')
    .select(['id', 'orgId', 'orgPath'])
    .where('campaignId', '=', campaign.id)
    .where('orgId', '=', body.targetOrgId)
    .executeTakeFirst();
  if (!target) throw new ValidationError({ targetOrgId: '该组织不是本次检查的对象' });
  if (body.checklistItem && !campaign.checklist.includes(body.checklistItem)) {
    throw new ValidationError({ checklistItem: '检查项目不在本次检查清单中' });
  }
  const by = byActor(ctx.actor);
  const finding = await ctx.trx
    .insertInto('inspectionFindings')
    .values({
      campaignId: campaign.id,
      targetId: target.id,
      orgId: target.orgId,
      orgPath: target.orgPath,
      checklistItem: body.checklistItem ?? null,
      description: body.description,
      itemId: null,
      recordedBy: by.id,
      recordedByName: by.name,
      recordedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const itemId = await openRectificationItem(
    ctx.trx,
    {
      org: { id: target.orgId, path: target.orgPath },
      issuer: { id: campaign.orgId, path: campaign.orgPath },
      title: body.title,
      source: { kind: 'inspection', id: finding.id },
      ownerPerson: body.ownerPerson,
      requiredEvidence: body.requiredEvidence,
      workingDays: body.workingDays,
    },
    by,
    ctx.now,
  );
  await ctx.trx.updateTable('inspectionFindings').set({ itemId }).where('id', '=', finding.id).execute();
  await ctx.audit({
    action: 'rectification.finding_recorded',
    objectType: 'inspection_campaign',
    objectId: campaign.id,
    orgPath: target.orgPath,
    detail: { findingId: finding.id, itemId },
  });
  return { findingId: finding.id, itemId };
}

export async function closeCampaign(ctx: ActionContext, campaign: CampaignRow): Promise<CampaignRow> {
  await ctx.trx
    .updateTable('inspectionCampaigns')
    .set({ status: 'closed', closedAt: ctx.now })
    .where('id', '=', campaign.id)
    .execute();
  return campaign;
}

/** One step of an item's workflow: the new status, its fields, its event. */
async function step(
  ctx: ActionContext,
  item: ItemRow,
  kind: Event,
  set: Partial<{ status: ItemRow['status']; submittedOn: string; verifiedAt: Date; closedAt: Date }>,
  comment: string | null,
): Promise<ItemRow> {
  await ctx.trx
    .updateTable('rectificationItems')
    .set((eb) => ({
      ...set,
      ...(kind === 'returned' ? { returnCount: eb('returnCount', '+', 1) } : {}),
      updatedAt: ctx.now,
    }))
    .where('id', '=', item.id)
    .execute();
  await recordEvent(ctx.trx, item.id, kind, comment, byActor(ctx.actor), ctx.now);
  return item;
}

export const submitItem = (ctx: ActionContext, item: ItemRow, comment: string | null) =>
  step(ctx, item, 'submitted', { status: 'submitted', submittedOn: localDate(ctx.now) }, comment);
export const verifyItem = (ctx: ActionContext, item: ItemRow, comment: string | null) =>
  step(ctx, item, 'verified', { status: 'verified', verifiedAt: ctx.now }, comment);
export const returnItem = (ctx: ActionContext, item: ItemRow, comment: string) =>
  step(ctx, item, 'returned', { status: 'returned' }, comment);
export const closeItem = (ctx: ActionContext, item: ItemRow, comment: string | null) =>
  step(ctx, item, 'closed', { status: 'closed', closedAt: ctx.now }, comment);

/**
 * The daily sweep over a subtree (set-based): items whose reminder day has come get their
 * reminder (到期提醒); items still open past their deadline are escalated to the level above
 * (逾期上报). Each runs once per item.
 */
export async function sweepItems(
  trx: Trx,
  path: string,
  now: Date,
): Promise<{ reminded: number; escalated: number }> {
  const today = localDate(now);
  const reminded = await sql<{ id: number }>`
    with due as (
      update rectification_items r set reminded_at = ${now}, updated_at = ${now}
       where r.org_path like ${`${path}%`} and r.status in ('open', 'returned')
         and r.reminder_on <= ${today}::date and r.deadline >= ${today}::date and r.reminded_at is null
      returning r.id, r.deadline)
    insert into rectification_events (item_id, kind, comment, at)
    select id, 'reminded', '整改将于' || to_char(deadline, 'YYYY-MM-DD') || '到期，请按时提交整改佐证', ${now} from due
    returning item_id as id`.execute(trx);
  const escalated = await sql<{ id: number }>`
    with late as (
      update rectification_items r set escalated_to_org_id = o.parent_id, escalated_at = ${now}, updated_at = ${now}
        from orgs o
       where o.id = r.org_id and o.parent_id is not null
         and r.org_path like ${`${path}%`} and r.status in ('open', 'returned')
         and r.deadline < ${today}::date and r.escalated_at is null
      returning r.id, o.parent_id)
    insert into rectification_events (item_id, kind, comment, at)
    select late.id, 'escalated', '逾期未整改，已上报' || p.name, ${now} from late join orgs p on p.id = late.parent_id
    returning item_id as id`.execute(trx);
  return { reminded: reminded.rows.length, escalated: escalated.rows.length };
}

export async function addEvidence(
  trx: Trx,
  target: { itemId: number } | { findingId: number },
  file: { filename: string; mime: string; buffer: Buffer },
  by: number,
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('rectificationEvidence')
    .values({
      itemId: 'itemId' in target ? target.itemId : null,
      findingId: 'findingId' in target ? target.findingId : null,
      filename: file.filename,
      mime: file.mime,
      content: file.buffer,
      uploadedBy: by,
      uploadedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
