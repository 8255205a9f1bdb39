import { defineModule } from '../../platform/module.ts';
import { seedDemoNewOrgs } from './demo.ts';
import { migrations } from './migrations/index.ts';
import { newOrgsDocs } from './new-orgs.docs.ts';
import { newOrgsRoutes } from './new-orgs.routes.ts';

export const newOrgsModule = defineModule({
  name: 'new-orgs',
  docs: newOrgsDocs,
  migrations,
  permissions: {
    'new_orgs.read': '查看“两新”组织',
    'new_orgs.manage': '管理“两新”组织',
  },
  menu: [
    {
      key: 'new-orgs',
      path: '/new-orgs',
      title: '“两新”组织',
      permission: 'new_orgs.read',
      for: 'branch',
      order: 26,
    },
  ],
  routes: newOrgsRoutes,
  seedDemo: seedDemoNewOrgs,
});

export { coverageOf } from './new-orgs.service.ts';
export type { NewOrgsTables } from './new-orgs.tables.ts';
