import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { workCalendarDocs } from './work-calendar.docs.ts';
import { workCalendarRoutes } from './work-calendar.routes.ts';

export {
  addDays,
  addWorkingDays,
  endOfLocalDay,
  isWorkday,
  localDate,
  type WorkCalendar,
  workingDaysBetween,
  yearsOf,
} from './calendar.ts';
export { loadWorkCalendar } from './work-calendar.queries.ts';

export const workCalendarModule = defineModule({
  name: 'work-calendar',
  docs: workCalendarDocs,
  migrations,
  permissions: {
    'work_calendar.manage': '管理节假日安排',
  },
  menu: [
    {
      key: 'work-calendar',
      path: '/work-calendar',
      title: '节假日安排',
      permission: 'work_calendar.manage',
      for: 'admin',
      order: 85,
    },
  ],
  routes: workCalendarRoutes,
});

export type { WorkCalendarTables } from './work-calendar.tables.ts';
