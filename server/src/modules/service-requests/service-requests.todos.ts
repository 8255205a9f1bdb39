/**
 * service-requests' part of each person's to-do list (notifications module, `TodoSource`): for
 * whoever handles requests, the open requests at their level that are due within two days or
 * overdue; for a resident, their own requests handled and waiting for their confirmation.
 */
import { addDays } from '../../platform/clock.ts';
import type { TodoSource } from '../../platform/module.ts';
import { pathWithin } from '../../platform/scope.ts';
import { scopedTodo } from '../../platform/todos.ts';

/** Requests due within this many days count as due (the working-day limits are the rules'). */
const DUE_SOON_DAYS = 2;

export const serviceRequestsTodos: readonly TodoSource<
  'service_requests.handle' | 'service_requests.confirm'
>[] = [
  scopedTodo({
    key: 'service-requests.due',
    title: '即将到期的诉求',
    permission: 'service_requests.handle',
    rows: ({ db, paths, today }) =>
      db
        .selectFrom('serviceRequests as r')
        .innerJoin('orgs as o', 'o.id', 'r.handlingOrgId')
        .select(['r.id', 'r.code', 'r.title', 'r.dueOn', 'o.name as orgName'])
        .where('r.status', '=', 'open')
        .where('r.dueOn', '<=', addDays(today, DUE_SOON_DAYS))
        .where((eb) => pathWithin(eb, 'r.handlingPath', paths))
        .orderBy('r.dueOn')
        .orderBy('r.id')
        .limit(50)
        .execute(),
    item: (r, { today }) => ({
      id: String(r.id),
      title: r.title,
      detail: `${r.code} · ${r.orgName} 办理 · ${r.dueOn < today ? '已超期，办理时限' : '办理时限'}`,
      date: r.dueOn,
      overdue: r.dueOn < today,
      path: '/service-requests',
    }),
  }),
  {
    key: 'service-requests.to-confirm',
    title: '待确认办理结果的诉求',
    permission: 'service_requests.confirm',
    list: async ({ db, actor }) => {
      const rows = await db
        .selectFrom('serviceRequests')
        .select(['id', 'code', 'title', 'resolvedAt'])
        .where('residentUserId', '=', actor.user.id)
        .where('status', '=', 'resolved')
        .orderBy('resolvedAt')
        .orderBy('id')
        .limit(50)
        .execute();
      return rows.map((r) => ({
        id: `${r.id}`,
        title: r.title,
        detail: `${r.code} · 已办结，请确认办理结果`,
        path: '/my-requests',
      }));
    },
  },
];
