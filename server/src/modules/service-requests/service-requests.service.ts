import type { Trx } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { pathIds } from '../../platform/scope.ts';
import { addWorkingDays, loadWorkCalendar, localDate, yearsOf } from '../work-calendar/index.ts';
import {
  type CreateRuleBody,
  type EventKind,
  type Rating,
  REQUEST_LEVELS,
  type RequestLevel,
  type RequestSource,
  type SubmitRequestBody,
} from './service-requests.contract.ts';
import { getRequest, getRuleByVersion, getRuleOn, type RequestRow } from './service-requests.queries.ts';

/** Who acts: a signed-in user, or the hotline system through its Open311 key. */
export interface RequestActor {
  userId: number | null;
  name: string;
  open311KeyId?: number | null;
}

export interface RequestContext {
  trx: Trx;
  audit: AuditFn;
  now: Date;
  by: RequestActor;
}

const LEVEL_LABELS: Record<RequestLevel, string> = {
  grid: '网格',
  community: '社区',
  street: '街道',
  district: '区',
};

export function isLadderLevel(level: string | null): level is RequestLevel {
  return level !== null && (REQUEST_LEVELS as readonly string[]).includes(level);
}

/** The deadline at a level: the rule's working days counted from the day the level took it. */
export async function dueDate(trx: Trx, startedOn: string, level: RequestLevel, ruleVersion: string) {
  const rule = await getRuleByVersion(trx, ruleVersion);
  const calendar = await loadWorkCalendar(
    trx,
    yearsOf(startedOn, `${Number(startedOn.slice(0, 4)) + 1}-12-31`),
  );
  return addWorkingDays(calendar, startedOn, rule.limits[level]);
}

export interface Placement {
  org: { id: number; path: string; level: string | null; status: string };
  source: RequestSource;
  residentUserId: number | null;
  open311KeyId?: number | null;
}

export async function submitRequest(
  ctx: RequestContext,
  placement: Placement,
  body: Omit<SubmitRequestBody, 'source'>,
  encryptPhone: (phone: string) => { enc: string; hash: string },
): Promise<RequestRow> {
  const { org } = placement;
  if (org.status !== 'active') throw new ValidationError({ orgId: '该组织已撤销，不能受理诉求' });
  if (!isLadderLevel(org.level)) {
    throw new ValidationError({ orgId: '诉求只能提交到网格、社区、街道或区一级组织' });
  }
  const category = await ctx.trx
    .selectFrom('serviceRequestCategories')
    .select(['id', 'active'])
    .where('id', '=', body.categoryId)
    .executeTakeFirst();
  if (!category?.active) throw new ValidationError({ categoryId: '诉求分类不存在或已停用' });
  const today = localDate(ctx.now);
  const rule = await getRuleOn(ctx.trx, today);
  const dueOn = await dueDate(ctx.trx, today, org.level, rule.version);
  const phone = body.contactPhone ? encryptPhone(body.contactPhone) : null;
  const { id } = await ctx.trx
    .insertInto('serviceRequests')
    .values({
      code: `tmp-${ctx.now.getTime()}-${Math.random()}`,
      orgId: org.id,
      orgPath: org.path,
      originLevel: org.level,
      handlingOrgId: org.id,
      handlingPath: org.path,
      handlingLevel: org.level,
      source: placement.source,
      categoryId: body.categoryId,
      title: body.title,
      description: body.description,
      location: body.location ?? null,
      lat: body.lat ?? null,
      lng: body.lng ?? null,
      residentUserId: placement.residentUserId,
      contactName: body.contactName ?? null,
      contactPhoneEnc: phone?.enc ?? null,
      contactPhoneHash: phone?.hash ?? null,
      status: 'open',
      disposition: null,
      nextRoute: null,
      ruleVersion: rule.version,
      levelStartedOn: today,
      dueOn,
      resolution: null,
      resolvedAt: null,
      resolvedLevel: null,
      closedAt: null,
      open311KeyId: placement.open311KeyId ?? null,
      proposalId: null,
      receivedAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const code = `SR${today.slice(0, 4)}${String(id).padStart(6, '0')}`;
  await ctx.trx.updateTable('serviceRequests').set({ code }).where('id', '=', id).execute();
  if (body.photo) {
    await ctx.trx
      .insertInto('serviceRequestPhotos')
      .values({
        requestId: id,
        mime: body.photo.mime,
        content: Buffer.from(body.photo.data, 'base64'),
        createdAt: ctx.now,
      })
      .execute();
  }
  const row = (await getRequest(ctx.trx, id))!;
  await recordEvent(ctx, row, {
    kind: 'submitted',
    toLevel: org.level,
    toOrgId: org.id,
    note: `${LEVEL_LABELS[org.level]}受理，${dueOn} 前办理`,
  });
  await ctx.audit({
    action: 'service_requests.submit',
    objectType: 'service_request',
    objectId: id,
    orgPath: org.path,
    detail: { source: placement.source, categoryId: body.categoryId, open311KeyId: placement.open311KeyId },
  });
  return row;
}

/** 当场解决: only at the level that received it, before any hand-off (checked by the action table). */
export async function resolveOnSpot(ctx: RequestContext, row: RequestRow, resolution: string) {
  await markResolved(ctx, row, resolution, 'on_spot');
  return finish(ctx, row, 'resolved_on_spot', { note: resolution });
}

/** The request is resolved at its handling level (on the spot or after the hand-offs), overdue or not. */
async function markResolved(
  ctx: RequestContext,
  row: RequestRow,
  resolution: string,
  disposition: 'on_spot' | 'transferred',
) {
  await ctx.trx
    .updateTable('serviceRequests')
    .set({
      status: 'resolved',
      disposition,
      resolution,
      resolvedAt: ctx.now,
      resolvedLevel: row.handlingLevel,
      wasOverdue: row.wasOverdue || localDate(ctx.now) > row.dueOn,
      updatedAt: ctx.now,
    })
    .where('id', '=', row.id)
    .execute();
}

/** 登记转办: registered as a case and handed to the next route at the same level. */
export async function transferRequest(
  ctx: RequestContext,
  row: RequestRow,
  reason: string,
  nextRoute: string,
) {
  await ctx.trx
    .updateTable('serviceRequests')
    .set({ disposition: 'transferred', nextRoute, updatedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return finish(ctx, row, 'transferred', {
    fromLevel: row.handlingLevel,
    toLevel: row.handlingLevel,
    fromOrgId: row.handlingOrgId,
    toOrgId: row.handlingOrgId,
    reason,
    nextRoute,
  });
}

/** The next rung of the ladder above the handling organization (skipping levels the tree lacks). */
async function nextLevelOrg(trx: Trx, row: RequestRow) {
  const ids = pathIds(row.handlingPath).slice(0, -1);
  if (ids.length === 0) return undefined;
  const ancestors = await trx
    .selectFrom('orgs')
    .select(['id', 'path', 'level', 'name'])
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .execute();
  const current = REQUEST_LEVELS.indexOf(row.handlingLevel);
  return ancestors
    .filter((a) => isLadderLevel(a.level) && REQUEST_LEVELS.indexOf(a.level) > current)
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/**
 * 上报: hand the request up the ladder; the next level is found from the tree, so the person only
 * says why if they wish (`reason`). A new clock starts.
 */
export async function escalateRequest(
  ctx: RequestContext,
  row: RequestRow,
  why: { reason?: string | null; nextRoute?: string },
  automatic = false,
) {
  const target = await nextLevelOrg(ctx.trx, row);
  if (!target || !isLadderLevel(target.level)) {
    throw new ValidationError({ note: '已到最高一级（区），不能再上报' });
  }
  const reason = why.reason?.trim() || '需上级协调办理';
  const nextRoute = why.nextRoute ?? `上报${target.name}`;
  const today = localDate(ctx.now);
  const dueOn = await dueDate(ctx.trx, today, target.level, row.ruleVersion);
  await ctx.trx
    .updateTable('serviceRequests')
    .set({
      handlingOrgId: target.id,
      handlingPath: target.path,
      handlingLevel: target.level,
      disposition: 'transferred',
      nextRoute,
      levelStartedOn: today,
      dueOn,
      escalationCount: row.escalationCount + 1,
      wasOverdue: row.wasOverdue || today > row.dueOn,
      updatedAt: ctx.now,
    })
    .where('id', '=', row.id)
    .execute();
  return finish(ctx, row, 'escalated', {
    fromLevel: row.handlingLevel,
    toLevel: target.level,
    fromOrgId: row.handlingOrgId,
    toOrgId: target.id,
    reason,
    nextRoute,
    note: `${target.name}受理，${dueOn} 前办理`,
    isAutomatic: automatic,
  });
}

/** 办结: the handling level reports the result; the resident confirms or reopens. */
export async function completeRequest(ctx: RequestContext, row: RequestRow, resolution: string) {
  await markResolved(ctx, row, resolution, row.disposition ?? 'transferred');
  return finish(ctx, row, 'completed', { note: resolution });
}

export const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

/** Whether the latest return visit can still be corrected at `now` (before its rule's window ends). */
export function visitEditable(
  row: Pick<RequestRow, 'status' | 'visitId' | 'visitSolved' | 'visitFinalAt'>,
  now: Date,
): boolean {
  return (
    row.status === 'closed' &&
    row.visitId !== null &&
    row.visitSolved === true &&
    row.visitFinalAt !== null &&
    new Date(row.visitFinalAt).getTime() > now.getTime()
  );
}

const visitNote = (rating: Rating, comment: string | null | undefined, solved = true) =>
  `满意度回访：${solved ? RATING_LABELS[rating] : '问题没有解决'}${comment ? `。${comment}` : ''}`;

/**
 * 满意度回访: the resident (or the desk calling them back) rates the result and the request is
 * closed; the rating can be corrected within the rule's window, then it is final.
 */
export async function confirmRequest(
  ctx: RequestContext,
  row: RequestRow,
  rating: Rating,
  comment: string | null,
) {
  const rule = await getRuleByVersion(ctx.trx, row.ruleVersion);
  await ctx.trx
    .insertInto('serviceRequestVisits')
    .values({
      requestId: row.id,
      rating,
      solved: true,
      comment,
      byUserId: ctx.by.userId,
      byName: ctx.by.name,
      ratedAt: ctx.now,
      finalAt: new Date(ctx.now.getTime() + Number(rule.ratingWindowHours) * 3_600_000),
      correctedAt: null,
    })
    .execute();
  await ctx.trx
    .updateTable('serviceRequests')
    .set({ status: 'closed', closedAt: ctx.now, updatedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return finish(ctx, row, 'confirmed', { note: visitNote(rating, comment) });
}

/** Correct the rating of the latest visit while it is not final. */
export async function correctRating(
  ctx: RequestContext,
  row: RequestRow,
  rating: Rating,
  comment: string | null,
) {
  await ctx.trx
    .updateTable('serviceRequestVisits')
    .set({ rating, comment, correctedAt: ctx.now })
    .where('id', '=', row.visitId!)
    .execute();
  return finish(ctx, row, 'rating_corrected', {
    note: `${visitNote(rating, comment)}（原评价：${RATING_LABELS[row.visitRating ?? 'satisfied']}）`,
  });
}

/**
 * 问题没有解决 / 重新办理: back to the level that resolved it, with a fresh clock. The visit is
 * recorded (or, when the resident had just rated it solved, turned into "not solved") and final.
 */
export async function reopenRequest(ctx: RequestContext, row: RequestRow, reason: string, rating?: Rating) {
  if (row.status === 'closed' && row.visitId !== null) {
    await ctx.trx
      .updateTable('serviceRequestVisits')
      .set({
        solved: false,
        rating: rating ?? 'unsatisfied',
        comment: reason,
        correctedAt: ctx.now,
        finalAt: ctx.now,
      })
      .where('id', '=', row.visitId)
      .execute();
  } else {
    await ctx.trx
      .insertInto('serviceRequestVisits')
      .values({
        requestId: row.id,
        rating: rating ?? 'unsatisfied',
        solved: false,
        comment: reason,
        byUserId: ctx.by.userId,
        byName: ctx.by.name,
        ratedAt: ctx.now,
        finalAt: ctx.now,
        correctedAt: null,
      })
      .execute();
  }
  const today = localDate(ctx.now);
  const dueOn = await dueDate(ctx.trx, today, row.handlingLevel, row.ruleVersion);
  await ctx.trx
    .updateTable('serviceRequests')
    .set({
      status: 'open',
      disposition: row.disposition === 'on_spot' ? 'transferred' : row.disposition,
      resolution: null,
      resolvedAt: null,
      resolvedLevel: null,
      levelStartedOn: today,
      dueOn,
      closedAt: null,
      reopenCount: row.reopenCount + 1,
      updatedAt: ctx.now,
    })
    .where('id', '=', row.id)
    .execute();
  return finish(ctx, row, 'reopened', {
    toLevel: row.handlingLevel,
    toOrgId: row.handlingOrgId,
    reason,
    note: `${row.handlingOrgName}重新办理，${dueOn} 前办理`,
  });
}

/** A status note from the hotline system (Open311 servicerequestupdates). */
export async function recordHotlineUpdate(
  ctx: RequestContext,
  row: RequestRow,
  update: { description: string; status: 'open' | 'closed'; externalUpdateId: string | null },
) {
  if (update.status === 'closed' && row.status === 'open') {
    await completeRequest(ctx, row, update.description);
  }
  const fresh = (await getRequest(ctx.trx, row.id))!;
  return recordEvent(ctx, fresh, {
    kind: 'hotline_update',
    note: update.description,
    externalUpdateId: update.externalUpdateId,
  });
}

/** Mark that a proposal was made from this request (the request keeps its whole history). */
export async function markPromoted(ctx: RequestContext, row: RequestRow, proposalId: number) {
  await ctx.trx
    .updateTable('serviceRequests')
    .set({ proposalId, updatedAt: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return finish(ctx, row, 'promoted', { note: `已转为居民提案（编号 ${proposalId}）` });
}

/**
 * Overdue detection: every open request under `rootPath` whose level's clock ran out goes one
 * level up, recorded as an automatic hand-off. Requests already at the district stay overdue.
 */
export async function escalateOverdue(ctx: RequestContext, rootPath: string) {
  const today = localDate(ctx.now);
  const due = await ctx.trx
    .selectFrom('serviceRequests')
    .select('id')
    .where('status', '=', 'open')
    .where('dueOn', '<', today)
    .where('handlingLevel', '!=', 'district')
    .where('orgPath', 'like', `${rootPath}%`)
    .orderBy('id')
    .forUpdate()
    .execute();
  let escalated = 0;
  for (const { id } of due) {
    const row = (await getRequest(ctx.trx, id))!;
    const target = await nextLevelOrg(ctx.trx, row);
    if (!target) continue;
    await escalateRequest(
      ctx,
      row,
      {
        reason: `超过${LEVEL_LABELS[row.handlingLevel]}办理时限（${row.dueOn}）`,
        nextRoute: `自动上报${target.name}`,
      },
      true,
    );
    escalated += 1;
  }
  return { escalated, checked: due.length };
}

export async function createRule(ctx: RequestContext, body: CreateRuleBody) {
  const exists = await ctx.trx
    .selectFrom('serviceRequestRules')
    .select('id')
    .where('version', '=', body.version)
    .executeTakeFirst();
  if (exists) throw new ValidationError({ version: `规则版本 ${body.version} 已存在` });
  await ctx.trx
    .insertInto('serviceRequestRules')
    .values({
      version: body.version,
      effectiveFrom: body.effectiveFrom,
      source: body.source,
      limits: JSON.stringify(body.limits),
      ratingWindowHours: body.ratingWindowHours ?? 24,
      createdBy: ctx.by.userId,
    })
    .execute();
  await ctx.audit({
    action: 'service_requests.configure',
    objectType: 'service_request_rule',
    objectId: body.version,
    detail: { effectiveFrom: body.effectiveFrom, limits: body.limits },
  });
}

interface EventSpec {
  kind: EventKind;
  fromLevel?: RequestLevel | null;
  toLevel?: RequestLevel | null;
  fromOrgId?: number | null;
  toOrgId?: number | null;
  reason?: string | null;
  nextRoute?: string | null;
  note?: string | null;
  isAutomatic?: boolean;
  externalUpdateId?: string | null;
}

async function finish(ctx: RequestContext, row: RequestRow, kind: EventKind, spec: Omit<EventSpec, 'kind'>) {
  const fresh = (await getRequest(ctx.trx, row.id))!;
  await recordEvent(ctx, fresh, { kind, ...spec });
  await ctx.audit({
    action: `service_requests.${kind}`,
    objectType: 'service_request',
    objectId: row.id,
    orgPath: row.orgPath,
    detail: { status: fresh.status, level: fresh.handlingLevel, automatic: spec.isAutomatic ?? false },
  });
  return fresh;
}

const NOTICE: Record<EventKind, (r: RequestRow, e: EventSpec) => string> = {
  submitted: (r) => `您的诉求「${r.title}」已由${r.handlingOrgName}受理，预计 ${r.dueOn} 前办理。`,
  resolved_on_spot: (r) => `您的诉求「${r.title}」已当场解决，请确认办理结果。`,
  transferred: (r, e) => `您的诉求「${r.title}」已登记转办：${e.nextRoute ?? ''}。`,
  escalated: (r, e) =>
    `您的诉求「${r.title}」已上报${r.handlingOrgName}办理（原因：${e.reason ?? ''}），预计 ${r.dueOn} 前办理。`,
  completed: (r) => `您的诉求「${r.title}」已办结，请确认办理结果，如不满意可申请重新办理。`,
  confirmed: (r) => `您已确认诉求「${r.title}」的办理结果，感谢您的评价。`,
  rating_corrected: (r) => `您已修改诉求「${r.title}」的满意度评价。`,
  reopened: (r) => `您的诉求「${r.title}」已重新办理，预计 ${r.dueOn} 前办理。`,
  hotline_update: (r, e) => `热线反馈：您的诉求「${r.title}」${e.note ?? ''}`,
  promoted: (r) => `您的诉求「${r.title}」已转为居民提案，进入协商议事程序。`,
};

/** One history row per step; the resident is told of each step in the app. */
async function recordEvent(ctx: RequestContext, row: RequestRow, spec: EventSpec) {
  const event = await ctx.trx
    .insertInto('serviceRequestEvents')
    .values({
      requestId: row.id,
      kind: spec.kind,
      fromLevel: spec.fromLevel ?? null,
      toLevel: spec.toLevel ?? null,
      fromOrgId: spec.fromOrgId ?? null,
      toOrgId: spec.toOrgId ?? null,
      actorId: ctx.by.userId,
      actorName: ctx.by.name,
      reason: spec.reason ?? null,
      nextRoute: spec.nextRoute ?? null,
      note: spec.note ?? null,
      isAutomatic: spec.isAutomatic ?? false,
      open311KeyId: ctx.by.open311KeyId ?? null,
      externalUpdateId: spec.externalUpdateId ?? null,
      at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (row.residentUserId !== null) {
    await ctx.trx
      .insertInto('serviceRequestNotifications')
      .values({
        userId: row.residentUserId,
        requestId: row.id,
        eventId: event.id,
        message: NOTICE[spec.kind](row, spec),
        createdAt: ctx.now,
        readAt: null,
      })
      .execute();
  }
  return row;
}
