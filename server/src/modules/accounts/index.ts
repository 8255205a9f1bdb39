import { defineModule } from '../../platform/module.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { migrations } from './migrations/index.ts';

export const accountsModule = defineModule({
  name: 'accounts',
  migrations,
  routes: async (app) => {
    await app.register(authRoutes);
    await app.register(accountsRoutes);
  },
});
