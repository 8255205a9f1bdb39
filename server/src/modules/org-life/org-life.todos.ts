/**
 * org-life's part of each person's to-do list (notifications module, `TodoSource`): for a
 * secretary, the meetings of their subtrees whose day has come and that still wait for a record;
 * for a member, the meetings of their own organizations in the next two weeks.
 */
import { addDays } from '../../platform/clock.ts';
import type { TodoSource } from '../../platform/module.ts';
import { pathWithin } from '../../platform/scope.ts';
import { membersOfUser } from '../members/index.ts';

/** How far ahead a member's coming meetings are listed (days). */
const COMING_DAYS = 14;

export const orgLifeTodos: readonly TodoSource<'org_life.record' | 'org_life.read_own'>[] = [
  {
    key: 'org-life.to-record',
    title: '待记录的组织生活',
    permission: 'org_life.record',
    list: async ({ db, actor, today }) => {
      const paths = actor.paths('org_life.record');
      if (paths.length === 0) return [];
      const rows = await db
        .selectFrom('orgLifeMeetings as m')
        .innerJoin('orgs as o', 'o.id', 'm.orgId')
        .select(['m.id', 'm.topic', 'm.plannedOn', 'o.name as orgName'])
        .where('m.status', '=', 'planned')
        .where('m.plannedOn', '<=', today)
        .where((eb) => pathWithin(eb, 'o.path', paths))
        .orderBy('m.plannedOn')
        .orderBy('m.id')
        .limit(50)
        .execute();
      return rows.map((m) => ({
        id: String(m.id),
        title: m.topic,
        detail: `${m.orgName} · 计划于 ${m.plannedOn} 召开，尚未记录`,
        date: m.plannedOn,
        overdue: m.plannedOn < today,
        path: `/org-life/meetings/${m.id}`,
      }));
    },
  },
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
];
