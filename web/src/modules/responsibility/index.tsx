import { FileDoneOutlined, ScheduleOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { responsibilityMessages } from './i18n.ts';

const ResponsibilityPage = lazy(() => import('./ResponsibilityPage.tsx'));
const ScheduledReportsPage = lazy(() => import('./ScheduledReportsPage.tsx'));

export const responsibilityModule = defineWebModule({
  name: 'responsibility',
  messages: responsibilityMessages,
  pages: [
    {
      path: '/responsibility',
      element: <ResponsibilityPage />,
      permission: 'responsibility.read',
      menu: { key: 'responsibility', icon: <FileDoneOutlined />, labelKey: 'responsibility.menu' },
    },
    {
      path: '/scheduled-reports',
      element: <ScheduledReportsPage />,
      permission: 'responsibility.read',
      menu: { key: 'scheduled-reports', icon: <ScheduleOutlined />, labelKey: 'responsibility.reports.menu' },
    },
  ],
});
