import { ShopOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { newOrgsMessages } from './i18n.ts';

const NewOrgsPage = lazy(() => import('./NewOrgsPage.tsx'));

export const newOrgsModule = defineWebModule({
  name: 'new-orgs',
  messages: newOrgsMessages,
  pages: [
    {
      path: '/new-orgs',
      element: <NewOrgsPage />,
      permission: 'new_orgs.read',
      menu: { key: 'new-orgs', icon: <ShopOutlined />, labelKey: 'new-orgs.menu' },
    },
  ],
});
