import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { authMessages } from './i18n.ts';

const LoginPage = lazy(() => import('./LoginPage.tsx'));

/** Login and the steps after the password (TOTP, password change). Public: outside the layout. */
export const authModule = defineWebModule({
  name: 'auth',
  messages: authMessages,
  pages: [{ path: '/login', element: <LoginPage /> }],
});
