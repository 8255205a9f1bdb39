import { TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { accountsMessages } from './i18n.ts';

const AccountsPage = lazy(() => import('./AccountsPage.tsx'));

/** Accounts (system administrator) and role grants (security administrator). */
export const accountsModule = defineWebModule({
  name: 'accounts',
  messages: accountsMessages,
  pages: [
    {
      path: '/accounts',
      personalData: true,
      element: <AccountsPage />,
      permission: 'accounts.read',
      menu: { key: 'accounts', icon: <TeamOutlined />, labelKey: 'accounts.menu' },
    },
  ],
});
