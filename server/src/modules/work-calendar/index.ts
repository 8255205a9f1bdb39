import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
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
  migrations,
  routes: workCalendarRoutes,
});
