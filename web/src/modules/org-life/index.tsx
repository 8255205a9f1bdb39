import { CalendarOutlined, FundViewOutlined, ScheduleOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import DigestCard from './DigestCard.tsx';
import { orgLifeMessages } from './i18n.ts';

const BranchPage = lazy(() => import('./BranchPage.tsx'));
const MeetingPage = lazy(() => import('./MeetingPage.tsx'));
const MyMeetingsPage = lazy(() => import('./MyMeetingsPage.tsx'));
const SupervisionPage = lazy(() => import('./SupervisionPage.tsx'));

/** Organizational life (C09–C11): must-do calendar, plan → record → sign, supervision and inspection. */
export const orgLifeModule = defineWebModule({
  name: 'org-life',
  messages: orgLifeMessages,
  pages: [
    {
      path: '/org-life',
      element: <BranchPage />,
      permission: 'org_life.read',
      menu: { key: 'org-life', icon: <CalendarOutlined />, labelKey: 'org-life.menu' },
    },
    {
      path: '/org-life/mine',
      element: <MyMeetingsPage />,
      permission: 'org_life.read_own',
      menu: { key: 'org-life-mine', icon: <ScheduleOutlined />, labelKey: 'org-life.menu.mine' },
    },
    {
      path: '/org-life/meetings/:id',
      personalData: true,
      element: <MeetingPage />,
      permission: ['org_life.read', 'org_life.read_own'],
    },
    {
      path: '/org-life/supervision',
      element: <SupervisionPage />,
      permission: 'org_life.supervise',
      menu: {
        key: 'org-life-supervision',
        icon: <FundViewOutlined />,
        labelKey: 'org-life.menu.supervision',
      },
    },
  ],
  homeCards: [{ key: 'org-life-digest', permission: 'org_life.record', order: 20, component: DigestCard }],
});
