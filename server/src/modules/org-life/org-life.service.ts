import { sql } from 'kysely';
import type { z } from 'zod';
import { type Actor, authorize } from '../../platform/actor.ts';
import { updateAudited } from '../../platform/audited.ts';
import type { Trx } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { lockOrgTree } from '../orgs/index.ts';
import { awardPoints, reverseSource } from '../points/index.ts';
import {
  type ActivityType,
  appliesToKind,
  type Catalogue,
  catalogueById,
  catalogueFor,
  profileOf,
} from './catalogue.ts';
import { INQUORATE } from './compliance.ts';
import type {
  amendBody,
  attendanceInput,
  createCatalogueBody,
  planMeetingBody,
  RecordMeetingBody,
  updateMeetingBody,
} from './org-life.contract.ts';
import { getMeeting, type LeaveRow, type MeetingRow, type MeetingView } from './org-life.queries.ts';
import { chinaDate, FREQUENCIES, periodOf } from './periods.ts';
import { evaluateVote } from './quorum.contract.ts';
import { expectedFor, rosterAsOf } from './roster.ts';

export interface ActionContext {
  trx: Trx;
  audit: AuditFn;
  actor: Actor;
  now: Date;
}

export const MEETING_SOURCE = 'org_life_meeting';

function typeOf(catalogue: Catalogue, code: string, field = 'typeCode'): ActivityType {
  const t = catalogue.types.find((x) => x.code === code);
  if (!t)
    throw new ValidationError({
      [field]: `活动类型“${code}”不在目录 ${catalogue.name}（${catalogue.version}）中`,
    });
  return t;
}

export async function planMeeting(ctx: ActionContext, orgId: number, body: z.infer<typeof planMeetingBody>) {
  const org = await loadOrgFor(ctx.trx, ctx.actor, orgId, 'org_life.plan');
  if (org.status !== 'active') throw new ValidationError({ orgId: '组织已撤销' });
  const catalogue = await catalogueFor(ctx.trx, await profileOf(ctx.trx, org.path), body.plannedOn);
  const type = typeOf(catalogue, body.typeCode);
  if (!appliesToKind(type, org.kind)) {
    throw new ValidationError({ typeCode: `${org.name}不适用“${type.name}”` });
  }
  const { id } = await ctx.trx
    .insertInto('orgLifeMeetings')
    .values({
      orgId: org.id,
      typeCode: type.code,
      catalogueId: catalogue.id,
      topic: body.topic,
      plannedOn: body.plannedOn,
      place: body.place ?? null,
      hostName: body.hostName,
      recorderName: body.recorderName,
      heldOn: null,
      minutes: null,
      expectedCount: null,
      presentCount: null,
      absentCount: null,
      leaveCount: null,
      filedBy: ctx.actor.user.id,
      filedAt: ctx.now,
      recordedBy: null,
      recordedAt: null,
      signedBy: null,
      signedAt: null,
      cancelledReason: null,
      inspectionComment: null,
      inspectedBy: null,
      inspectedAt: null,
      updatedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'org_life.plan',
    objectType: 'org_life_meeting',
    objectId: id,
    orgPath: org.path,
    detail: { type: type.code, plannedOn: body.plannedOn },
  });
  return id;
}

export async function updateMeeting(
  ctx: ActionContext,
  m: MeetingRow,
  body: z.infer<typeof updateMeetingBody>,
) {
  const id = m.id;
  const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0) return;
  await updateAudited(
    ctx,
    'orgLifeMeetings',
    id,
    { ...changes, updatedAt: ctx.now },
    {
      action: 'org_life.plan',
      objectType: 'org_life_meeting',
      orgPath: m.orgPath,
      detail: { changed: Object.keys(changes) },
    },
  );
}

export async function expectedAttendees(trx: Trx, m: MeetingRow, date: string) {
  const catalogue = await catalogueById(trx, m.catalogueId);
  const type = typeOf(catalogue, m.typeCode);
  return { type, expected: expectedFor(type, await rosterAsOf(trx, m.orgPath, m.orgId, date)) };
}

export async function recordMeeting(ctx: ActionContext, m: MeetingRow, body: RecordMeetingBody) {
  const id = m.id;
  const today = chinaDate(ctx.now);
  if (body.heldOn > today) throw new ValidationError({ heldOn: '召开日期不能晚于今天' });
  const { type, expected } = await expectedAttendees(ctx.trx, m, body.heldOn);
  const byId = new Map(expected.map((e) => [e.memberId, e]));
  const seen = new Set<number>();
  const fields: Record<string, string> = {};
  body.attendance.forEach((a, i) => {
    if (!byId.has(a.memberId)) fields[`attendance.${i}.memberId`] = `该党员不在 ${body.heldOn} 的应到名单中`;
    if (seen.has(a.memberId)) fields[`attendance.${i}.memberId`] = '同一党员重复登记';
    if (a.status === 'leave' && !a.reason) fields[`attendance.${i}.reason`] = '请假须填写原因';
    seen.add(a.memberId);
  });
  const missing = expected.filter((e) => !seen.has(e.memberId));
  if (missing.length > 0) {
    fields.attendance = `以下应到党员未登记出席情况：${missing
      .slice(0, 10)
      .map((e) => e.name)
      .join('、')}${missing.length > 10 ? ` 等 ${missing.length} 人` : ''}`;
  }
  const present = body.attendance.filter((a) => a.status === 'present');
  const presentVoting = present.filter((a) => byId.get(a.memberId)?.canVote).length;
  const expectedVotingAll = expected.filter((e) => e.canVote).length;
  const votes = body.resolutions.map((r, i) => {
    if (!r.vote) return null;
    if (!type.voting) {
      fields[`resolutions.${i}.vote`] = `“${type.name}”不进行表决`;
      return null;
    }
    if (r.vote.excludedVoting > expectedVotingAll) {
      fields[`resolutions.${i}.vote.excludedVoting`] = '不计入人数不能超过有表决权党员人数';
      return null;
    }
    const input = {
      expectedVoting: expectedVotingAll - r.vote.excludedVoting,
      presentVoting,
      yes: r.vote.yes,
      no: r.vote.no,
      abstain: r.vote.abstain,
      writtenYes: r.vote.writtenYes,
      writtenNo: r.vote.writtenNo,
    };
    const result = evaluateVote(input);
    if (result.errors.length > 0) fields[`resolutions.${i}.vote`] = result.errors.join('；');
    return { input, result };
  });
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);

  await ctx.trx.deleteFrom('orgLifeAttendance').where('meetingId', '=', id).execute();
  if (body.attendance.length > 0) {
    await ctx.trx
      .insertInto('orgLifeAttendance')
      .values(
        body.attendance.map((a) => {
          const e = byId.get(a.memberId)!;
          return {
            meetingId: id,
            memberId: a.memberId,
            memberName: e.name,
            canVote: e.canVote,
            status: a.status,
            reason: a.reason ?? null,
          };
        }),
      )
      .execute();
  }
  await ctx.trx.deleteFrom('orgLifeResolutions').where('meetingId', '=', id).execute();
  if (body.resolutions.length > 0) {
    await ctx.trx
      .insertInto('orgLifeResolutions')
      .values(
        body.resolutions.map((r, i) => {
          const v = votes[i];
          return {
            meetingId: id,
            seq: i + 1,
            title: r.title,
            body: r.body ?? null,
            voted: v !== null,
            expectedVoting: v?.input.expectedVoting ?? null,
            presentVoting: v?.input.presentVoting ?? null,
            yesVotes: v?.input.yes ?? null,
            noVotes: v?.input.no ?? null,
            abstentions: v?.input.abstain ?? null,
            writtenYes: v?.input.writtenYes ?? null,
            writtenNo: v?.input.writtenNo ?? null,
            quorumMet: v?.result.quorumMet ?? null,
            passed: v?.result.passed ?? null,
          };
        }),
      )
      .execute();
  }
  await updateAudited(
    ctx,
    'orgLifeMeetings',
    id,
    {
      status: 'recorded',
      heldOn: body.heldOn,
      place: body.place === undefined ? m.place : body.place,
      minutes: body.minutes,
      expectedCount: expected.length,
      presentCount: present.length,
      absentCount: body.attendance.filter((a) => a.status === 'absent').length,
      leaveCount: body.attendance.filter((a) => a.status === 'leave').length,
      recordedBy: ctx.actor.user.id,
      recordedAt: ctx.now,
      updatedAt: ctx.now,
    },
    {
      action: 'org_life.record',
      objectType: 'org_life_meeting',
      orgPath: m.orgPath,
      detail: { heldOn: body.heldOn, expected: expected.length, present: present.length },
    },
  );
}

function missingRequired(
  type: ActivityType,
  m: MeetingRow,
  resolutionCount: number,
  attendanceCount: number,
) {
  const fields: Record<string, string> = {};
  for (const f of type.requiredFields) {
    if (f === 'minutes' && !m.minutes?.trim()) fields.minutes = `“${type.name}”须填写会议记录`;
    if (f === 'resolutions' && resolutionCount === 0) fields.resolutions = `“${type.name}”须记录决议`;
    if (f === 'attendance' && attendanceCount === 0 && (m.expectedCount ?? 0) > 0) {
      fields.attendance = `“${type.name}”须登记出席情况`;
    }
  }
  return fields;
}

/**
 * Bring the per-branch summaries of one type in line with its signed records (small: one branch,
 * one type). Only rows that change are written, so the subtree rollups kept by triggers on
 * org_life_held_counts move by a handful of rows per signature.
 */
export async function refreshHeld(trx: Trx, orgId: number, typeCode: string): Promise<void> {
  // The held-count rollups follow the branch's path: no move above it until we commit (ADR 0010).
  await lockOrgTree(trx, { paths: [orgId] });
  // A record that calls itself invalid (不足法定人数) closes no obligation (issue 13).
  const held = await trx
    .selectFrom('orgLifeMeetings as m')
    .select(['m.id', 'm.heldOn'])
    .where('m.orgId', '=', orgId)
    .where('m.typeCode', '=', typeCode)
    .where('m.status', '=', 'signed')
    .where(sql<boolean>`not ${INQUORATE('m')}`)
    .orderBy('heldOn')
    .orderBy('id')
    .execute();
  const counts = new Map<
    string,
    { frequency: (typeof FREQUENCIES)[number]; start: string; n: number; last: string }
  >();
  for (const h of held) {
    for (const f of FREQUENCIES) {
      const p = periodOf(f, h.heldOn!);
      const key = `${f}|${p.start}`;
      const c = counts.get(key);
      if (c) {
        c.n += 1;
        c.last = h.heldOn!;
      } else counts.set(key, { frequency: f, start: p.start, n: 1, last: h.heldOn! });
    }
  }
  const existing = await trx
    .selectFrom('orgLifeHeldCounts')
    .select(['frequency', 'periodStart', 'heldCount', 'lastHeldOn'])
    .where('orgId', '=', orgId)
    .where('typeCode', '=', typeCode)
    .execute();
  const gone: typeof existing = [];
  for (const e of existing) {
    const key = `${e.frequency}|${e.periodStart}`;
    const want = counts.get(key);
    if (!want || want.n !== e.heldCount || want.last !== e.lastHeldOn) gone.push(e);
    else counts.delete(key);
  }
  if (gone.length > 0) {
    await trx
      .deleteFrom('orgLifeHeldCounts')
      .where('orgId', '=', orgId)
      .where('typeCode', '=', typeCode)
      .where((eb) =>
        eb.or(
          gone.map((e) => eb.and([eb('frequency', '=', e.frequency), eb('periodStart', '=', e.periodStart)])),
        ),
      )
      .execute();
  }
  if (counts.size > 0) {
    await trx
      .insertInto('orgLifeHeldCounts')
      .values(
        [...counts.values()].map((c) => ({
          orgId,
          typeCode,
          frequency: c.frequency,
          periodStart: c.start,
          heldCount: c.n,
          lastHeldOn: c.last,
        })),
      )
      .execute();
  }
  await trx
    .deleteFrom('orgLifeLastHeld')
    .where('orgId', '=', orgId)
    .where('typeCode', '=', typeCode)
    .execute();
  if (held.length === 0) return;
  const last = held[held.length - 1];
  await trx
    .insertInto('orgLifeLastHeld')
    .values({ orgId, typeCode, lastHeldOn: last.heldOn!, meetingId: last.id })
    .execute();
}

/** Points for one attendance row of a signed meeting, under the meeting type's rule. */
async function bookAttendance(
  ctx: ActionContext,
  m: MeetingRow,
  type: ActivityType,
  a: { memberId: number; status: string; reason: string | null },
) {
  const base = {
    memberId: a.memberId,
    orgId: m.orgId,
    sourceType: MEETING_SOURCE,
    sourceId: m.id,
    subject: m.topic.startsWith(type.name) ? m.topic : `${type.name}：${m.topic}`,
    on: m.heldOn!,
    at: ctx.now,
    authorId: ctx.actor.user.id,
  };
  if (a.status === 'present' && type.pointsRule) {
    await awardPoints(ctx.trx, { ...base, ruleCode: type.pointsRule, reason: `${type.name}：${m.topic}` });
  } else if (a.status === 'absent' && !a.reason) {
    await awardPoints(ctx.trx, {
      ...base,
      ruleCode: 'org_life.absent_unexcused',
      reason: `${type.name}无故缺席`,
    });
  }
}

export async function signMeeting(ctx: ActionContext, m: MeetingRow) {
  const id = m.id;
  const catalogue = await catalogueById(ctx.trx, m.catalogueId);
  const type = typeOf(catalogue, m.typeCode);
  const attendance = await ctx.trx
    .selectFrom('orgLifeAttendance')
    .select(['memberId', 'status', 'reason'])
    .where('meetingId', '=', id)
    .execute();
  const { n } = await ctx.trx
    .selectFrom('orgLifeResolutions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('meetingId', '=', id)
    .executeTakeFirstOrThrow();
  const fields = missingRequired(type, m, Number(n), attendance.length);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  await ctx.trx
    .updateTable('orgLifeMeetings')
    .set({ status: 'signed', signedBy: ctx.actor.user.id, signedAt: ctx.now, updatedAt: ctx.now })
    .where('id', '=', id)
    .execute();
  await refreshHeld(ctx.trx, m.orgId, m.typeCode);
  const signed = (await getMeeting(ctx.trx, id))!;
  for (const a of attendance) await bookAttendance(ctx, signed, type, a);
  await ctx.audit({
    action: 'org_life.sign',
    objectType: 'org_life_meeting',
    objectId: id,
    orgPath: m.orgPath,
    detail: { type: m.typeCode, heldOn: m.heldOn },
  });
}

/** A correction to a signed record: applied, and kept visibly with its reason, before and after. */
export async function amendMeeting(ctx: ActionContext, m: MeetingRow, body: z.infer<typeof amendBody>) {
  const id = m.id;
  let before: unknown;
  let after: unknown;
  if (body.field === 'attendance') {
    if (typeof body.value === 'string') throw new ValidationError({ value: '请提交一名党员的出席情况' });
    const value = body.value as z.infer<typeof attendanceInput>;
    const row = await ctx.trx
      .selectFrom('orgLifeAttendance')
      .select(['memberId', 'memberName', 'status', 'reason', 'canVote'])
      .where('meetingId', '=', id)
      .where('memberId', '=', value.memberId)
      .executeTakeFirst();
    if (!row) throw new ValidationError({ 'value.memberId': '该党员不在本次会议的应到名单中' });
    if (value.status === 'leave' && !value.reason)
      throw new ValidationError({ 'value.reason': '请假须填写原因' });
    before = { memberId: row.memberId, status: row.status, reason: row.reason };
    after = { memberId: row.memberId, status: value.status, reason: value.reason ?? null };
    await ctx.trx
      .updateTable('orgLifeAttendance')
      .set({ status: value.status, reason: value.reason ?? null })
      .where('meetingId', '=', id)
      .where('memberId', '=', value.memberId)
      .execute();
    const all = await ctx.trx
      .selectFrom('orgLifeAttendance')
      .select('status')
      .where('meetingId', '=', id)
      .execute();
    await ctx.trx
      .updateTable('orgLifeMeetings')
      .set({
        presentCount: all.filter((a) => a.status === 'present').length,
        absentCount: all.filter((a) => a.status === 'absent').length,
        leaveCount: all.filter((a) => a.status === 'leave').length,
        updatedAt: ctx.now,
      })
      .where('id', '=', id)
      .execute();
    const type = typeOf(await catalogueById(ctx.trx, m.catalogueId), m.typeCode);
    await reverseSource(
      ctx.trx,
      { sourceType: MEETING_SOURCE, sourceId: id, memberId: value.memberId },
      { reason: `更正出席情况：${body.reason}`, at: ctx.now, authorId: ctx.actor.user.id },
    );
    await bookAttendance(ctx, m, type, {
      memberId: value.memberId,
      status: value.status,
      reason: value.reason ?? null,
    });
  } else {
    if (typeof body.value !== 'string') throw new ValidationError({ value: '请填写更正后的内容' });
    if (body.field !== 'place' && body.field !== 'minutes' && !body.value) {
      throw new ValidationError({ value: '更正后的内容不能为空' });
    }
    before = m[body.field];
    after = body.value;
    await ctx.trx
      .updateTable('orgLifeMeetings')
      .set({ [body.field]: body.value, updatedAt: ctx.now })
      .where('id', '=', id)
      .execute();
  }
  await ctx.trx
    .insertInto('orgLifeAmendments')
    .values({
      meetingId: id,
      field: body.field,
      before: JSON.stringify(before ?? null),
      after: JSON.stringify(after ?? null),
      reason: body.reason,
      authorId: ctx.actor.user.id,
      at: ctx.now,
    })
    .execute();
  await ctx.audit({
    action: 'org_life.amend',
    objectType: 'org_life_meeting',
    objectId: id,
    orgPath: m.orgPath,
    detail: { field: body.field },
  });
}

export async function cancelMeeting(ctx: ActionContext, m: MeetingRow, reason: string) {
  const id = m.id;
  await updateAudited(
    ctx,
    'orgLifeMeetings',
    id,
    { status: 'cancelled', cancelledReason: reason, updatedAt: ctx.now },
    {
      action: 'org_life.cancel',
      objectType: 'org_life_meeting',
      orgPath: m.orgPath,
    },
  );
}

/** 三会一课纪实检查: the level above accepts a signed record or returns it with comments. */
export async function inspectMeeting(
  ctx: ActionContext,
  m: MeetingRow,
  decision: 'accepted' | 'returned',
  comment: string | null,
) {
  const id = m.id;
  if (decision === 'returned' && !comment) throw new ValidationError({ comment: '退回时须填写检查意见' });
  await ctx.trx
    .insertInto('orgLifeInspections')
    .values({ meetingId: id, decision, comment, inspectorId: ctx.actor.user.id, at: ctx.now })
    .execute();
  await updateAudited(
    ctx,
    'orgLifeMeetings',
    id,
    {
      inspectionStatus: decision,
      inspectionComment: comment,
      inspectedBy: ctx.actor.user.id,
      inspectedAt: ctx.now,
      updatedAt: ctx.now,
    },
    {
      action: 'org_life.inspect',
      objectType: 'org_life_meeting',
      orgPath: m.orgPath,
      detail: { decision },
    },
  );
}

export async function publishCatalogue(ctx: ActionContext, body: z.infer<typeof createCatalogueBody>) {
  const taken = await ctx.trx
    .selectFrom('orgLifeCatalogues')
    .select('id')
    .where('profile', '=', body.profile)
    .where('version', '=', body.version)
    .executeTakeFirst();
  if (taken) throw new ConflictError('该档案已有同名版本', { version: `版本“${body.version}”已存在` });
  const codes = new Set<string>();
  for (const [i, t] of body.types.entries()) {
    if (codes.has(t.code)) throw new ValidationError({ [`types.${i}.code`]: `活动类型编码“${t.code}”重复` });
    codes.add(t.code);
  }
  const { id } = await ctx.trx
    .insertInto('orgLifeCatalogues')
    .values({ ...body, types: JSON.stringify(body.types), createdBy: ctx.actor.user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'org_life.configure',
    objectType: 'org_life_catalogue',
    objectId: id,
    detail: { profile: body.profile, version: body.version },
  });
  return id;
}

export async function assignProfile(ctx: ActionContext, orgId: number, profile: string) {
  const org = await loadOrgFor(ctx.trx, ctx.actor, orgId, 'org_life.configure');
  const exists = await ctx.trx
    .selectFrom('orgLifeCatalogues')
    .select('id')
    .where('profile', '=', profile)
    .executeTakeFirst();
  if (!exists && profile !== 'default') throw new ValidationError({ profile: `地方档案“${profile}”不存在` });
  await ctx.trx.deleteFrom('placeProfiles').where('orgId', '=', org.id).execute();
  if (profile !== 'default' || org.parentId !== null) {
    await ctx.trx
      .insertInto('placeProfiles')
      .values({ orgId: org.id, profile, assignedBy: ctx.actor.user.id })
      .execute();
  }
  authorize(ctx.actor, 'org_life.configure', org.path);
  await ctx.audit({
    action: 'org_life.configure',
    objectType: 'org',
    objectId: org.id,
    orgPath: org.path,
    detail: { profile },
  });
}

/** 请假: the member asks to be excused from a planned meeting; asking again after a decline reopens the request. */
export async function requestLeave(
  ctx: ActionContext,
  m: MeetingView,
  body: { reason: string; memberId?: number | undefined },
) {
  const member =
    body.memberId === undefined ? m.myMembers[0] : m.myMembers.find((x) => x.id === body.memberId);
  if (!member) throw new ValidationError({ memberId: '只能为本人请假' });
  const values = {
    memberName: member.name,
    reason: body.reason,
    status: 'pending' as const,
    requestedBy: ctx.actor.user.id,
    requestedAt: ctx.now,
    decidedBy: null,
    decidedAt: null,
    decisionComment: null,
  };
  const { id } = await ctx.trx
    .insertInto('orgLifeLeaveRequests')
    .values({ meetingId: m.id, memberId: member.id, ...values })
    .onConflict((oc) => oc.columns(['meetingId', 'memberId']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'org_life.leave_requested',
    objectType: 'org_life_meeting',
    objectId: m.id,
    orgPath: m.orgPath,
    detail: { leaveRequestId: id, memberId: member.id },
  });
  return id;
}

/** The secretary's answer to a leave request (approved: recorded as 请假 with its reason when the meeting is recorded). */
export async function decideLeave(
  ctx: ActionContext,
  l: LeaveRow,
  decision: 'approved' | 'declined',
  comment: string | null,
) {
  await updateAudited(
    ctx,
    'orgLifeLeaveRequests',
    l.id,
    { status: decision, decidedBy: ctx.actor.user.id, decidedAt: ctx.now, decisionComment: comment },
    {
      action: decision === 'approved' ? 'org_life.leave_approved' : 'org_life.leave_declined',
      objectType: 'org_life_leave_request',
      orgPath: l.orgPath,
      detail: { meetingId: l.meetingId, memberId: l.memberId },
    },
  );
  return l.id;
}

/** The member takes back a leave request that the meeting has not used yet. */
export async function withdrawLeave(ctx: ActionContext, l: LeaveRow) {
  await updateAudited(
    ctx,
    'orgLifeLeaveRequests',
    l.id,
    { status: 'withdrawn' },
    {
      action: 'org_life.leave_withdrawn',
      objectType: 'org_life_leave_request',
      orgPath: l.orgPath,
      detail: { meetingId: l.meetingId },
    },
  );
  return l.id;
}
