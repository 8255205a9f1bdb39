import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedServiceCentersDemo } from './service-centers.demo.ts';
import { serviceCentersRoutes } from './service-centers.routes.ts';

export const serviceCentersModule = defineModule({
  name: 'service-centers',
  migrations,
  routes: serviceCentersRoutes,
  seedDemo: seedServiceCentersDemo,
});
