import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { orgLifeRoutes } from './org-life.routes.ts';

export { computeCompliance, rebuildHeldSummaries } from './compliance.ts';

export const orgLifeModule = defineModule({ name: 'org-life', migrations, routes: orgLifeRoutes });
