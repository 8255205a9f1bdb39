import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { open311RootRoutes, open311Routes } from './open311.routes.ts';

export const open311Module = defineModule({
  name: 'open311',
  migrations,
  routes: open311Routes,
  rootRoutes: open311RootRoutes,
});
