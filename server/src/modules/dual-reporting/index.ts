import { defineModule } from '../../platform/module.ts';
import { seedDualReportingDemo } from './dual-reporting.demo.ts';
import { dualReportingRoutes } from './dual-reporting.routes.ts';
import { migrations } from './migrations/index.ts';

export const dualReportingModule = defineModule({
  name: 'dual-reporting',
  migrations,
  routes: dualReportingRoutes,
  seedDemo: seedDualReportingDemo,
});
