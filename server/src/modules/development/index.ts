import { defineModule } from '../../platform/module.ts';
import { seedDemoDevelopment } from './development.demo.ts';
import { developmentDocs } from './development.docs.ts';
import { countActiveCases } from './development.queries.ts';
import { developmentRoutes } from './development.routes.ts';
import { migrations } from './migrations/index.ts';

/** 发展党员 (C06): the five stages and 25 steps per person, with the time rules. */
export const developmentModule = defineModule({
  name: 'development',
  docs: developmentDocs,
  migrations,
  permissions: {
    'development.read': '查看发展党员',
    'development.manage': '办理发展党员',
    'development.approve': '审批发展党员',
    'development.configure': '配置发展党员时限规则',
  },
  menu: [
    {
      key: 'development',
      path: '/development',
      title: '发展党员',
      permission: 'development.read',
      for: 'branch',
      order: 27,
    },
  ],
  figures: [
    {
      key: 'development.active',
      title: '发展党员在培养人数',
      permission: 'development.read',
      compute: ({ db, org }) => countActiveCases(db, org.path),
      drill: { path: '/development' },
    },
  ],
  routes: developmentRoutes,
  seedDemo: seedDemoDevelopment,
});

export type { DevelopmentTables } from './development.tables.ts';
