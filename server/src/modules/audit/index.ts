import { defineModule } from '../../platform/module.ts';
import { auditRoutes } from './audit.routes.ts';
import { migrations } from './migrations/index.ts';

export const auditModule = defineModule({ name: 'audit', migrations, routes: auditRoutes });
