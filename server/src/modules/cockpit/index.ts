import { defineModule } from '../../platform/module.ts';
import { cockpitDocs } from './cockpit.docs.ts';
import { cockpitRoutes } from './cockpit.routes.ts';

export const cockpitModule = defineModule({
  name: 'cockpit',
  docs: cockpitDocs,
  migrations: {},
  permissions: {
    'cockpit.read': '查看驾驶舱',
  },
  menu: [
    {
      key: 'cockpit',
      path: '/cockpit',
      title: '驾驶舱',
      permission: 'cockpit.read',
      for: 'branch',
      order: 5,
    },
  ],
  routes: cockpitRoutes,
});
