import * as createLists from './20261207T147000_responsibility_create-lists.ts';
import * as breakthroughs from './20261208T130000_responsibility_breakthroughs.ts';
import * as scheduledReports from './20261209T010000_responsibility_scheduled-reports.ts';

export const migrations = {
  '20261207T147000_responsibility_create-lists': createLists,
  '20261208T130000_responsibility_breakthroughs': breakthroughs,
  '20261209T010000_responsibility_scheduled-reports': scheduledReports,
};
