import { defineModule } from '../../platform/module.ts';
import { seedCoBuildingDemo } from './co-building.demo.ts';
import { coBuildingRoutes } from './co-building.routes.ts';
import { migrations } from './migrations/index.ts';

export const coBuildingModule = defineModule({
  name: 'co-building',
  migrations,
  routes: coBuildingRoutes,
  seedDemo: seedCoBuildingDemo,
});
