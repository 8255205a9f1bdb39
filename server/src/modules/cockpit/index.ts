import { defineModule } from '../../platform/module.ts';
import { cockpitRoutes } from './cockpit.routes.ts';

export const cockpitModule = defineModule({ name: 'cockpit', migrations: {}, routes: cockpitRoutes });
