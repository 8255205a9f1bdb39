import * as createInspections from './20261207T147100_rectification_create-inspections.ts';
import * as interviews from './20261208T130100_rectification_interviews.ts';
import * as siteVisitsGapsHighlights from './20261209T010100_rectification_site-visits-gaps-highlights.ts';

export const migrations = {
  '20261207T147100_rectification_create-inspections': createInspections,
  '20261208T130100_rectification_interviews': interviews,
  '20261209T010100_rectification_site-visits-gaps-highlights': siteVisitsGapsHighlights,
};
