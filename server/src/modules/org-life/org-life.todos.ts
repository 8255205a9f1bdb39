/**
 * org-life's part of each person's to-do list (notifications module, `TodoSource`): for a
 * secretary, the meetings of their subtrees whose day has come and that still wait for a record and
 * the leave requests waiting for their answer; for a member, the meetings of their own organizations
 * in the next two weeks and their leave requests answered lately.
 */
import { addDays } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { TodoSource } from '../../platform/module.ts';
import { pathWithin } from '../../platform/scope.ts';
import { scopedTodo } from '../../platform/todos.ts';
import { membersOfUser } from '../members/index.ts';

/** How far ahead a member's coming meetings are listed (days). */
const COMING_DAYS = 14;
/** How long an answered leave request stays on the member's list (days after the answer). */
const ANSWERED_DAYS = 7;

/** Leave requests with their meeting and its organization (what both leave lists show). */
const leaveRequests = (db: Db) =>
  db
    .selectFrom('orgLifeLeaveRequests as l')
    .innerJoin('orgLifeMeetings as m', 'm.id', 'l.meetingId')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['l.id', 'm.id as meetingId', 'm.topic', 'm.plannedOn', 'o.name as orgName']);

export const orgLifeTodos: readonly TodoSource<'org_life.record' | 'org_life.read_own'>[] = [
  scopedTodo({
    key: 'org-life.to-record',
    title: '待记录的组织生活',
    permission: 'org_life.record',
    rows: ({ db, paths, today }) =>
      db
        .selectFrom('orgLifeMeetings as m')
        .innerJoin('orgs as o', 'o.id', 'm.orgId')
        .select(['m.id', 'm.topic', 'm.plannedOn', 'o.name as orgName'])
        .where('m.status', '=', 'planned')
        .where('m.plannedOn', '<=', today)
        .where((eb) => pathWithin(eb, 'o.path', paths))
        .orderBy('m.plannedOn')
        .orderBy('m.id')
        .limit(50)
        .execute(),
    item: (m, { today }) => ({
      id: String(m.id),
      title: m.topic,
      detail: `${m.orgName} · 计划于 ${m.plannedOn} 召开，尚未记录`,
      date: m.plannedOn,
      overdue: m.plannedOn < today,
      path: `/org-life/meetings/${m.id}`,
    }),
  }),
  {
    key: 'org-life.coming',
    title: '即将召开的组织生活',
    permission: 'org_life.read_own',
    list: async ({ db, actor, today }) => {
      // Only the person's own organizations (their member records), whatever else they may see.
      const orgIds = [...new Set((await membersOfUser(db, actor.user.id)).map((m) => m.orgId))];
      if (orgIds.length === 0) return [];
      const rows = await db
        .selectFrom('orgLifeMeetings as m')
        .innerJoin('orgs as o', 'o.id', 'm.orgId')
        .select(['m.id', 'm.topic', 'm.plannedOn', 'm.place', 'o.name as orgName'])
        .where('m.status', '=', 'planned')
        .where('m.orgId', 'in', orgIds)
        .where('m.plannedOn', '>=', today)
        .where('m.plannedOn', '<=', addDays(today, COMING_DAYS))
        .orderBy('m.plannedOn')
        .orderBy('m.id')
        .limit(50)
        .execute();
      return rows.map((m) => ({
        id: String(m.id),
        title: m.topic,
        detail: [m.orgName, m.place].filter(Boolean).join(' · '),
        date: m.plannedOn,
        path: `/org-life/meetings/${m.id}`,
      }));
    },
  },
  scopedTodo({
    key: 'org-life.leave-waiting',
    title: '待审批的请假',
    permission: 'org_life.record',
    rows: ({ db, paths }) =>
      leaveRequests(db)
        .select(['l.memberName', 'l.reason'])
        .where('l.status', '=', 'pending')
        .where('m.status', '=', 'planned')
        .where((eb) => pathWithin(eb, 'o.path', paths))
        .orderBy('m.plannedOn')
        .orderBy('l.id')
        .limit(50)
        .execute(),
    item: (l) => ({
      id: String(l.id),
      title: `${l.memberName} 请假：${l.topic}`,
      detail: `${l.orgName} · 理由：${l.reason} · 会议日期`,
      date: l.plannedOn,
      path: `/org-life/meetings/${l.meetingId}`,
    }),
  }),
  {
    key: 'org-life.leave-answered',
    title: '请假已答复',
    permission: 'org_life.read_own',
    list: async ({ db, actor, now }) => {
      // Only the person's own requests (the member who asked), answered in the last week.
      const rows = await leaveRequests(db)
        .select(['l.status', 'l.decisionComment'])
        .where('l.requestedBy', '=', actor.user.id)
        .where('l.status', 'in', ['approved', 'declined'])
        .where('l.decidedAt', '>=', new Date(now.getTime() - ANSWERED_DAYS * 86_400_000))
        .orderBy('l.decidedAt', 'desc')
        .orderBy('l.id', 'desc')
        .limit(50)
        .execute();
      return rows.map((l) => ({
        // The answer is part of the key: a changed answer is unread again.
        id: `${l.id}:${l.status}`,
        title: l.topic,
        detail:
          l.status === 'approved'
            ? `${l.orgName} · 已同意请假${l.decisionComment ? `：${l.decisionComment}` : ''} · 会议日期`
            : `${l.orgName} · 未同意请假：${l.decisionComment ?? ''}，请按时参加 · 会议日期`,
        date: l.plannedOn,
        path: `/org-life/meetings/${l.meetingId}`,
      }));
    },
  },
];
