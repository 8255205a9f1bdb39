import { TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { dualReportingMessages } from './i18n.ts';

const DualReportingPage = lazy(() => import('./DualReportingPage.tsx'));

/** 双报到 with dual points (C24, C25): the community desk and a unit's own party branch. */
export const dualReportingModule = defineWebModule({
  name: 'dual-reporting',
  messages: dualReportingMessages,
  pages: [
    {
      path: '/dual-reporting',
      element: <DualReportingPage />,
      permission: ['dual_reporting.read', 'dual_reporting.unit'],
      menu: { key: 'dual-reporting', icon: <TeamOutlined />, labelKey: 'dual-reporting.menu' },
    },
  ],
});
