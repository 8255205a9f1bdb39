import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedServiceCentersDemo } from './service-centers.demo.ts';
import { serviceCentersDocs } from './service-centers.docs.ts';
import { serviceCentersRoutes } from './service-centers.routes.ts';

export const serviceCentersModule = defineModule({
  name: 'service-centers',
  docs: serviceCentersDocs,
  migrations,
  permissions: {
    'service_centers.read': '查看党群服务中心',
    'service_centers.manage': '管理党群服务中心',
    'service_centers.book': '预约场地',
    'service_centers.approve': '审批场地预约',
  },
  menu: [
    {
      key: 'service-centers',
      path: '/service-centers',
      title: '党群服务中心',
      permission: 'service_centers.read',
      for: ['branch', 'member', 'resident'],
      order: 45,
    },
  ],
  routes: serviceCentersRoutes,
  seedDemo: seedServiceCentersDemo,
});

export type { ServiceCentersTables } from './service-centers.tables.ts';
