import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`work-calendar.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const workCalendarDocs: RouteDocs = {
  module: 'work-calendar',
  operations: {
    'GET /api/v1/work-calendar/years': ['listYears', '工作日历年份'],
    'GET /api/v1/work-calendar/years/{year}': ['getYear', '某年工作日历'],
    'PUT /api/v1/work-calendar/years/{year}': ['setYear', '设置某年工作日历'],
    'GET /api/v1/work-calendar/add-working-days': ['addWorkingDays', '推算工作日'],
  },
};
