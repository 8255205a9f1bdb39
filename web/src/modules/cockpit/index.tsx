import { DashboardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { cockpitMessages } from './i18n.ts';

const CockpitPage = lazy(() => import('./CockpitPage.tsx'));

/** The cockpit: members, organizations, party birthdays and 两新 coverage of a scope (ECharts). */
export const cockpitModule = defineWebModule({
  name: 'cockpit',
  messages: cockpitMessages,
  pages: [
    {
      path: '/cockpit',
      element: <CockpitPage />,
      permission: 'cockpit.read',
      menu: { key: 'cockpit', icon: <DashboardOutlined />, labelKey: 'cockpit.menu' },
    },
  ],
});
