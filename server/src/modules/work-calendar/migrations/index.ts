import * as createCalendar from './20261122T030000_work-calendar_create-calendar.ts';
import * as load2026 from './20261122T030010_work-calendar_load-2026.ts';

export const migrations = {
  '20261122T030000_work-calendar_create-calendar': createCalendar,
  '20261122T030010_work-calendar_load-2026': load2026,
};
