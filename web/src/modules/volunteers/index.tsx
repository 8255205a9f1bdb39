import { HeartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { volunteersMessages } from './i18n.ts';

const VolunteersPage = lazy(() => import('./VolunteersPage.tsx'));
const ActivityPage = lazy(() => import('./ActivityPage.tsx'));

const ACCESS = ['volunteers.read', 'volunteers.participate'] as const;

/** Volunteers (C31): activities with sign-up and check-in at phone width, teams, confirmed hours. */
export const volunteersModule = defineWebModule({
  name: 'volunteers',
  messages: volunteersMessages,
  pages: [
    {
      path: '/volunteers',
      element: <VolunteersPage />,
      permission: ACCESS,
      menu: { key: 'volunteers', icon: <HeartOutlined />, labelKey: 'volunteers.menu' },
    },
    { path: '/volunteers/activities/:id', element: <ActivityPage />, permission: ACCESS },
  ],
});
