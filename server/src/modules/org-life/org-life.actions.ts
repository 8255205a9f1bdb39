import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { stepsOf, thenId } from '../../platform/action-steps.ts';
import { abilitiesOf, defineActions, noBody } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { actorOf } from '../../platform/http.ts';
import { catalogueById } from './catalogue.ts';
import {
  amendBody,
  cancelBody,
  declineLeaveBody,
  inspectBody,
  leaveBody,
  leaveDecisionBody,
  leaveRequestSchema,
  meetingDetail,
  recordMeetingBody,
  updateMeetingBody,
} from './org-life.contract.ts';
import {
  getLeaveRequest,
  type LeaveRow,
  type LeaveSummary,
  leaveRequestsOf,
  loadLeaveRequest,
  loadMeetingView,
  type MeetingView,
  meetingFacts,
  meetingParts,
  userName,
} from './org-life.queries.ts';
import {
  amendMeeting,
  cancelMeeting,
  decideLeave,
  inspectMeeting,
  recordMeeting,
  requestLeave,
  signMeeting,
  updateMeeting,
  withdrawLeave,
} from './org-life.service.ts';
import { evaluateVote } from './quorum.contract.ts';

type MeetingDetail = z.infer<typeof meetingDetail>;
type LeaveRequest = z.infer<typeof leaveRequestSchema>;

/** A plan or record that can still change (not signed, not cancelled). */
const open = (m: MeetingView) =>
  m.status === 'signed'
    ? '记录已签发锁定，如需更正请提交更正说明（留痕）'
    : m.status === 'cancelled'
      ? '会议已取消'
      : null;

const meetingStep = stepsOf<MeetingView, number>({ path: '/org-life/meetings/:id/' });
/** A step on a plan or record that can still change (`open`), as its planner. */
const planned = stepsOf<MeetingView, number>({
  path: '/org-life/meetings/:id/',
  permission: 'org_life.plan',
  when: open,
  conflictStatus: 409,
});

/**
 * A meeting's workflow (三会一课): planned → (修改 | 纪实) → recorded → 签发 → signed → (更正 | 检查),
 * planned or recorded → 取消; while planned, each member of the branch (or its 党小组) may ask for
 * leave. The permission is checked on the meeting's organization.
 */
export const meetingActions = defineActions({
  tags: ['org-life'],
  objectType: 'org_life_meeting',
  load: (db, actor, params, { lock }) => loadMeetingView(db, actor, Number(params.id), lock),
  id: (m) => m.id,
  scope: (m) => m.orgPath,
  reply: async (id: number, request: FastifyRequest): Promise<{ data: MeetingDetail }> => ({
    data: await presentMeetingById(request, id),
  }),
  response: z.object({ data: meetingDetail }),
  actions: {
    edit: planned({
      title: '修改计划',
      path: 'edit',
      body: updateMeetingBody,
      run: thenId(updateMeeting),
      audit: 'org_life.plan',
    }),
    record: planned({
      title: '填写纪实',
      path: 'record',
      permission: 'org_life.record',
      body: recordMeetingBody,
      run: thenId(recordMeeting),
      audit: 'org_life.record',
    }),
    sign: meetingStep({
      title: '签发',
      path: 'sign',
      permission: 'org_life.sign',
      when: (m) =>
        m.status === 'recorded'
          ? null
          : m.status === 'signed'
            ? '记录已经签发'
            : m.status === 'cancelled'
              ? '会议已取消'
              : '请先填写会议纪实再签发',
      conflictStatus: 409,
      // Sent without a body by older clients.
      body: z.preprocess((v) => v ?? {}, noBody),
      run: thenId(signMeeting),
      audit: 'org_life.sign',
    }),
    amend: meetingStep({
      title: '更正',
      path: 'amendments',
      permission: 'org_life.sign',
      when: (m) => (m.status === 'signed' ? null : '只有已签发的记录需要更正；未签发的记录可直接修改'),
      body: amendBody,
      run: thenId(amendMeeting),
      audit: 'org_life.amend',
    }),
    cancel: planned({
      title: '取消会议',
      path: 'cancel',
      body: cancelBody,
      run: thenId((ctx, m, b) => cancelMeeting(ctx, m, b.reason)),
      audit: 'org_life.cancel',
    }),
    inspect: meetingStep({
      title: '检查',
      path: 'inspection',
      permission: 'org_life.inspect',
      when: (m) => (m.status === 'signed' ? null : '只能检查已签发的记录'),
      body: inspectBody,
      run: thenId((ctx, m, b) => inspectMeeting(ctx, m, b.decision, b.comment ?? null)),
      audit: 'org_life.inspect',
    }),
    requestLeave: meetingStep({
      title: '请假',
      path: 'leave',
      permission: 'authenticated',
      allowed: (_actor, m) => (m.myMembers.length > 0 ? null : '只有本支部（党小组）的党员可以请假'),
      when: (m) =>
        m.status !== 'planned'
          ? '会议已记录或已取消，不能再请假'
          : m.myLeave && (m.myLeave.status === 'pending' || m.myLeave.status === 'approved')
            ? { field: 'reason', reason: '已提交请假，请等待书记答复' }
            : null,
      body: leaveBody,
      run: thenId(requestLeave),
      audit: 'org_life.leave_requested',
    }),
  },
});

const answerable = (l: LeaveRow) =>
  l.meetingStatus !== 'planned'
    ? '会议已记录或已取消，请假不能再审批'
    : l.status === 'pending'
      ? null
      : '该请假申请已处理';

const leaveStep = stepsOf<LeaveRow, number>({ path: '/org-life/leave-requests/:id/' });
/** The secretary's answer to a pending request. */
const answer = stepsOf<LeaveRow, number>({
  path: '/org-life/leave-requests/:id/',
  permission: 'org_life.record',
  when: answerable,
});

/** A leave request: pending → 同意 | 不同意 (the secretary), pending or approved → 撤回 (the member), while the meeting is planned. */
export const leaveActions = defineActions({
  tags: ['org-life'],
  objectType: 'org_life_leave_request',
  load: (db, actor, params, { lock }) => loadLeaveRequest(db, actor, Number(params.id), lock),
  id: (l) => l.id,
  scope: (l) => l.orgPath,
  reply: async (id: number, request: FastifyRequest): Promise<{ data: LeaveRequest }> => {
    const row = (await getLeaveRequest(request.server.deps.db, id))!;
    return { data: presentLeave(actorOf(request), row) };
  },
  response: z.object({ data: leaveRequestSchema }),
  actions: {
    approve: answer({
      title: '同意请假',
      path: 'approve',
      body: leaveDecisionBody,
      run: (ctx, l, b) => decideLeave(ctx, l, 'approved', b.comment ?? null),
      audit: 'org_life.leave_approved',
    }),
    decline: answer({
      title: '不同意请假',
      path: 'decline',
      body: declineLeaveBody,
      run: (ctx, l, b) => decideLeave(ctx, l, 'declined', b.comment),
      audit: 'org_life.leave_declined',
    }),
    withdraw: leaveStep({
      title: '撤回请假',
      path: 'withdraw',
      permission: 'authenticated',
      allowed: (actor, l) => (l.requestedBy === actor.user.id ? null : '只有请假的党员本人可以撤回'),
      when: (l) =>
        l.meetingStatus !== 'planned'
          ? '会议已记录或已取消，请假不能再撤回'
          : l.status === 'pending' || l.status === 'approved'
            ? null
            : '该请假申请已撤回或未获同意',
      body: noBody,
      run: (ctx, l) => withdrawLeave(ctx, l),
      audit: 'org_life.leave_withdrawn',
    }),
  },
});

/** A leave request as the caller sees it, with what the caller may do with it. */
export function presentLeave(actor: Actor, l: LeaveRow): LeaveRequest {
  return {
    id: l.id,
    meetingId: l.meetingId,
    memberId: l.memberId,
    memberName: l.memberName,
    reason: l.reason,
    status: l.status,
    requestedAt: l.requestedAt.toISOString(),
    decidedAt: l.decidedAt?.toISOString() ?? null,
    decisionComment: l.decisionComment,
    abilities: abilitiesOf(leaveActions, actor, l),
  };
}

/** A meeting's leave request with the meeting's place and state (what the leave table's checks read). */
export function leaveOf(m: MeetingView, l: LeaveSummary): LeaveRow {
  return { ...l, orgPath: m.orgPath, meetingStatus: m.status, topic: m.topic, plannedOn: m.plannedOn };
}

/** The meeting detail the caller sees: the record, its parts, the leave requests and the caller's abilities. */
export async function presentMeeting(db: Executor, actor: Actor, m: MeetingView): Promise<MeetingDetail> {
  const catalogue = await catalogueById(db, m.catalogueId);
  const type = catalogue.types.find((t) => t.code === m.typeCode)!;
  const parts = await meetingParts(db, m.id);
  const secretarySide = actor.can('org_life.read', m.orgPath);
  const leave = secretarySide
    ? (await leaveRequestsOf(db, m.id)).filter((l) => l.status !== 'withdrawn')
    : m.myLeave
      ? [m.myLeave]
      : [];
  return {
    ...meetingFacts(m, type.name),
    absentCount: m.absentCount,
    leaveCount: m.leaveCount,
    inspectionStatus: m.inspectionStatus,
    place: m.place,
    hostName: m.hostName,
    recorderName: m.recorderName,
    minutes: m.minutes,
    catalogue: { id: catalogue.id, version: catalogue.version, profile: catalogue.profile },
    type,
    filedAt: m.filedAt.toISOString(),
    recordedAt: m.recordedAt?.toISOString() ?? null,
    signedAt: m.signedAt?.toISOString() ?? null,
    signedByName: await userName(db, m.signedBy),
    cancelledReason: m.cancelledReason,
    inspectionComment: m.inspectionComment,
    attendance: parts.attendance,
    resolutions: parts.resolutions.map((r) => {
      if (!r.voted) return { seq: r.seq, title: r.title, body: r.body, vote: null };
      const input = {
        expectedVoting: r.expectedVoting ?? 0,
        presentVoting: r.presentVoting ?? 0,
        yes: r.yesVotes ?? 0,
        no: r.noVotes ?? 0,
        abstain: r.abstentions ?? 0,
        writtenYes: r.writtenYes ?? 0,
        writtenNo: r.writtenNo ?? 0,
      };
      const result = evaluateVote(input);
      return {
        seq: r.seq,
        title: r.title,
        body: r.body,
        vote: {
          ...input,
          quorumMet: r.quorumMet ?? false,
          passed: r.passed ?? false,
          quorumNeeded: result.quorumNeeded,
          yesNeeded: result.yesNeeded,
          explanation: result.explanation,
        },
      };
    }),
    attachments: parts.attachments.map((a) => ({ ...a, uploadedAt: a.uploadedAt.toISOString() })),
    amendments: parts.amendments.map((a) => ({ ...a, at: a.at.toISOString() })),
    inspections: parts.inspections.map((i) => ({ ...i, at: i.at.toISOString() })),
    abilities: abilitiesOf(meetingActions, actor, m),
    leaveRequests: leave.map((l) => presentLeave(actor, leaveOf(m, l))),
    myLeave: m.myLeave ? presentLeave(actor, leaveOf(m, m.myLeave)) : null,
  };
}

/** The meeting detail after an action (read again, as the caller sees it now). */
export async function presentMeetingById(request: FastifyRequest, id: number): Promise<MeetingDetail> {
  const { db } = request.server.deps;
  const actor = actorOf(request);
  return presentMeeting(db, actor, await loadMeetingView(db, actor, id));
}
