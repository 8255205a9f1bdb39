import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { orgsRoutes } from './orgs.routes.ts';

export const orgsModule = defineModule({ name: 'orgs', migrations, routes: orgsRoutes });
