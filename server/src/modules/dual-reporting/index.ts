import { defineModule } from '../../platform/module.ts';
import { seedDualReportingDemo } from './dual-reporting.demo.ts';
import { dualReportingDocs } from './dual-reporting.docs.ts';
import { dualReportingRoutes } from './dual-reporting.routes.ts';
import { migrations } from './migrations/index.ts';

export const dualReportingModule = defineModule({
  name: 'dual-reporting',
  docs: dualReportingDocs,
  migrations,
  permissions: {
    'dual_reporting.read': '查看双报到',
    'dual_reporting.manage': '管理双报到',
    'dual_reporting.unit': '代表单位报到',
  },
  menu: [
    {
      key: 'dual-reporting',
      path: '/dual-reporting',
      title: '双报到',
      permission: ['dual_reporting.read', 'dual_reporting.unit'],
      for: 'branch',
      order: 42,
    },
  ],
  routes: dualReportingRoutes,
  seedDemo: seedDualReportingDemo,
});

export { dualReportingHourFacts } from './dual-reporting.facts.ts';
export type { DualReportingTables } from './dual-reporting.tables.ts';
