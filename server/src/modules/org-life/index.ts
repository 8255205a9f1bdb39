import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedOrgLifeDemo } from './org-life.demo.ts';
import { orgLifeRoutes } from './org-life.routes.ts';

export { computeCompliance, rebuildHeldSummaries } from './compliance.ts';
export { computeComplianceSummary } from './summary.ts';

export const orgLifeModule = defineModule({
  name: 'org-life',
  migrations,
  routes: orgLifeRoutes,
  seedDemo: seedOrgLifeDemo,
});
