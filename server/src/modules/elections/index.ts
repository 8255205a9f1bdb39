import { defineModule } from '../../platform/module.ts';
import { seedElectionsDemo } from './elections.demo.ts';
import { electionsDocs } from './elections.docs.ts';
import { countTermsBelow } from './elections.queries.ts';
import { electionsRoutes } from './elections.routes.ts';
import { electionsTodos } from './elections.todos.ts';
import { migrations } from './migrations/index.ts';

/**
 * 换届 (C04): each committee's term (length by kind and level per the versioned rule, the reminder
 * to the level above months before the end, postponement or early election approved with a
 * reason), and the election workflow from the request to the new term (差额, 4/5 quorum, more
 * than half of those present, first committee meeting, upper approval), with the village and
 * community preparation checklist and the "三个三分之一" structure as checks.
 */
export const electionsModule = defineModule({
  name: 'elections',
  docs: electionsDocs,
  migrations,
  permissions: {
    'elections.read': '查看任期与换届',
    'elections.run': '办理换届选举',
    'elections.approve': '审批换届事项',
  },
  menu: [
    {
      key: 'elections',
      path: '/elections',
      title: '任期与换届',
      permission: 'elections.read',
      for: 'branch',
      order: 39,
    },
  ],
  figures: [
    {
      key: 'elections.due',
      title: '即将届满的组织',
      permission: 'elections.read',
      compute: ({ db, org, today }) => countTermsBelow(db, org, today, 'due'),
      drill: { path: '/elections', query: { status: 'due' } },
    },
    {
      key: 'elections.overdue',
      title: '届满未换届的组织',
      permission: 'elections.read',
      compute: ({ db, org, today }) => countTermsBelow(db, org, today, 'overdue'),
      drill: { path: '/elections', query: { status: 'overdue' } },
    },
  ],
  routes: electionsRoutes,
  todos: electionsTodos,
  seedDemo: seedElectionsDemo,
});

export type { ElectionsTables } from './elections.tables.ts';
