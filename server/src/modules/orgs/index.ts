import { defineModule } from '../../platform/module.ts';
import { orgImportRoutes } from './import/import.routes.ts';
import { migrations } from './migrations/index.ts';
import { orgsRoutes } from './orgs.routes.ts';

export const orgsModule = defineModule({
  name: 'orgs',
  migrations,
  async routes(app) {
    await app.register(orgsRoutes);
    await app.register(orgImportRoutes);
  },
});

/** What other modules use: the tree locks of ADR 0010. */
export { lockOrgTree } from './locks.ts';
