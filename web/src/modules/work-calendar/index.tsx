import { CalendarOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { workCalendarMessages } from './i18n.ts';

const WorkCalendarPage = lazy(() => import('./WorkCalendarPage.tsx'));

/** The holiday and make-up-workday calendar (loaded as data each year) for request deadlines. */
export const workCalendarModule = defineWebModule({
  name: 'work-calendar',
  messages: workCalendarMessages,
  pages: [
    {
      path: '/work-calendar',
      element: <WorkCalendarPage />,
      permission: 'work_calendar.manage',
      menu: { key: 'work-calendar', icon: <CalendarOutlined />, labelKey: 'work-calendar.menu' },
    },
  ],
});
