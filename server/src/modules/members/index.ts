import { defineModule } from '../../platform/module.ts';
import { membersRoutes } from './members.routes.ts';
import { migrations } from './migrations/index.ts';

export const membersModule = defineModule({ name: 'members', migrations, routes: membersRoutes });
