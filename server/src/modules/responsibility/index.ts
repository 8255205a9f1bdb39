import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedResponsibilityDemo } from './responsibility.demo.ts';
import { responsibilityDocs } from './responsibility.docs.ts';
import { responsibilityFigures } from './responsibility.queries.ts';
import { responsibilityRoutes } from './responsibility.routes.ts';

const yearOf = (today: string) => Number(today.slice(0, 4));
const figure =
  (key: 'issued' | 'signed' | 'onTime' | 'late') =>
  async (ctx: { db: Parameters<typeof responsibilityFigures>[0]; org: { path: string }; today: string }) =>
    (await responsibilityFigures(ctx.db, ctx.org.path, yearOf(ctx.today), ctx.today))[key];

/** 责任清单 (C12): lists cascading district → street → community → branch, signed, reported on. */
export const responsibilityModule = defineModule({
  name: 'responsibility',
  docs: responsibilityDocs,
  migrations,
  permissions: {
    'responsibility.read': '查看责任清单',
    'responsibility.manage': '制定和分解责任清单',
    'responsibility.sign': '签字背书',
    'responsibility.report': '报告清单事项进展',
  },
  menu: [
    {
      key: 'responsibility',
      path: '/responsibility',
      title: '责任清单',
      permission: 'responsibility.read',
      for: 'branch',
      order: 44,
    },
    {
      key: 'scheduled-reports',
      path: '/scheduled-reports',
      title: '写实调度',
      permission: 'responsibility.read',
      for: 'street',
      order: 44.5,
    },
  ],
  figures: [
    {
      key: 'responsibility.items_issued',
      title: '本年清单事项',
      permission: 'responsibility.read',
      compute: figure('issued'),
      drill: { path: '/responsibility', query: { view: 'items' } },
    },
    {
      key: 'responsibility.lists_signed',
      title: '已签字背书清单',
      permission: 'responsibility.read',
      compute: figure('signed'),
      drill: { path: '/responsibility', query: { view: 'lists' } },
    },
    {
      key: 'responsibility.items_on_time',
      title: '按时完成事项',
      permission: 'responsibility.read',
      compute: figure('onTime'),
      drill: { path: '/responsibility', query: { view: 'items', status: 'done', late: 'false' } },
    },
    {
      key: 'responsibility.items_late',
      title: '逾期清单事项',
      permission: 'responsibility.read',
      compute: figure('late'),
      drill: { path: '/responsibility', query: { view: 'items', late: 'true' } },
    },
  ],
  routes: responsibilityRoutes,
  seedDemo: seedResponsibilityDemo,
});

export { responsibilityFacts } from './responsibility.facts.ts';
export type { ResponsibilityTables } from './responsibility.tables.ts';
