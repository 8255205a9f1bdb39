/**
 * points' part of each person's to-do list (notifications module, `TodoSource`): the points
 * requests of the subtrees where they approve that are still waiting for a decision.
 */
import type { TodoSource } from '../../platform/module.ts';
import { pathWithin } from '../../platform/scope.ts';
import { scopedTodo } from '../../platform/todos.ts';

export const pointsTodos: readonly TodoSource<'points.approve'>[] = [
  scopedTodo({
    key: 'points.approvals',
    title: '待审核的积分申报',
    permission: 'points.approve',
    rows: ({ db, paths }) =>
      db
        .selectFrom('pointsRequests as q')
        .innerJoin('members as m', 'm.id', 'q.memberId')
        .innerJoin('orgs as o', 'o.id', 'q.orgId')
        .select([
          'q.id',
          'q.points',
          'q.reason',
          'q.requestedAt',
          'm.name as memberName',
          'o.name as orgName',
          'o.path',
        ])
        .where('q.status', '=', 'pending')
        .where((eb) => pathWithin(eb, 'o.path', paths))
        .orderBy('q.requestedAt')
        .orderBy('q.id')
        .limit(50)
        .execute(),
    // Approval is for the level above: the grant's own organization is not included.
    item: (q, { actor }) =>
      actor.can('points.approve', q.path)
        ? {
            id: String(q.id),
            title: `${q.memberName}：${q.reason}`,
            detail: `${q.orgName} · ${q.points > 0 ? '+' : ''}${q.points} 分`,
            path: '/points/requests',
          }
        : null,
  }),
];
