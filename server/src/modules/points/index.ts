import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { pointsDocs } from './points.docs.ts';
import { pointsRoutes } from './points.routes.ts';
import { pointsTodos } from './points.todos.ts';

export {
  type AwardInput,
  type AwardResult,
  awardPoints,
  reverseEntry,
  reverseSource,
} from './points.service.ts';
export { type PointsRule, ruleSetFor } from './rules.ts';

export const pointsModule = defineModule({
  name: 'points',
  docs: pointsDocs,
  migrations,
  permissions: {
    'points.read': '查看积分',
    'points.read_own': '查看本人积分',
    'points.request': '申报积分',
    'points.approve': '审核积分',
    'points.reverse': '冲销积分',
    'points.configure': '设置积分规则',
  },
  menu: [
    {
      key: 'points-me',
      path: '/points/me',
      title: '我的积分',
      permission: 'points.read_own',
      for: 'member',
      order: 35,
    },
    {
      key: 'points-ranking',
      path: '/points/ranking',
      title: '党员积分',
      permission: 'points.read',
      for: 'branch',
      order: 36,
    },
    {
      key: 'points-requests',
      path: '/points/requests',
      title: '积分审核',
      permission: ['points.request', 'points.approve'],
      for: 'branch',
      order: 37,
    },
  ],
  routes: pointsRoutes,
  todos: pointsTodos,
});

export { memberPointFacts } from './points.facts.ts';
export type { PointsTables } from './points.tables.ts';
