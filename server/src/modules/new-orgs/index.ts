import { defineModule } from '../../platform/module.ts';
import { seedDemoNewOrgs } from './demo.ts';
import { migrations } from './migrations/index.ts';
import { newOrgsRoutes } from './new-orgs.routes.ts';

export const newOrgsModule = defineModule({
  name: 'new-orgs',
  migrations,
  routes: newOrgsRoutes,
  seedDemo: seedDemoNewOrgs,
});
