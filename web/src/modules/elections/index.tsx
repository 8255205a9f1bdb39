import { CalendarOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { electionsMessages } from './i18n.ts';

const ElectionsPage = lazy(() => import('./ElectionsPage.tsx'));

export const electionsModule = defineWebModule({
  name: 'elections',
  messages: electionsMessages,
  pages: [
    {
      path: '/elections',
      element: <ElectionsPage />,
      permission: 'elections.read',
      menu: { key: 'elections', icon: <CalendarOutlined />, labelKey: 'elections.menu' },
    },
  ],
});
