import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedVolunteersDemo } from './volunteers.demo.ts';
import { volunteersRoutes } from './volunteers.routes.ts';

export const volunteersModule = defineModule({
  name: 'volunteers',
  migrations,
  routes: volunteersRoutes,
  seedDemo: seedVolunteersDemo,
});
