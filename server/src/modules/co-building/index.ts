import { defineModule } from '../../platform/module.ts';
import { seedCoBuildingDemo } from './co-building.demo.ts';
import { coBuildingDocs } from './co-building.docs.ts';
import { coBuildingRoutes } from './co-building.routes.ts';
import { migrations } from './migrations/index.ts';

export const coBuildingModule = defineModule({
  name: 'co-building',
  docs: coBuildingDocs,
  migrations,
  permissions: {
    'co_building.read': '查看共驻共建',
    'co_building.manage': '管理共驻共建',
  },
  menu: [
    {
      key: 'co-building',
      path: '/co-building',
      title: '共驻共建',
      permission: 'co_building.read',
      for: 'branch',
      order: 41,
    },
  ],
  routes: coBuildingRoutes,
  seedDemo: seedCoBuildingDemo,
});

export type { CoBuildingTables } from './co-building.tables.ts';
