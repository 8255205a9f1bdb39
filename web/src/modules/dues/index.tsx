import { WalletOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { duesMessages } from './i18n.ts';

const DuesPage = lazy(() => import('./DuesPage.tsx'));
const MyDuesPage = lazy(() => import('./MyDuesPage.tsx'));

export const duesModule = defineWebModule({
  name: 'dues',
  messages: duesMessages,
  pages: [
    {
      path: '/dues',
      element: <DuesPage />,
      permission: 'dues.read',
      menu: { key: 'dues', icon: <WalletOutlined />, labelKey: 'dues.menu' },
    },
    {
      path: '/my-dues',
      element: <MyDuesPage />,
      permission: 'dues.read_own',
      menu: { key: 'my-dues', icon: <WalletOutlined />, labelKey: 'dues.menu.mine' },
    },
  ],
});
