import * as createInspections from './20261207T147100_rectification_create-inspections.ts';
import * as interviews from './20261208T130100_rectification_interviews.ts';

export const migrations = {
  '20261207T147100_rectification_create-inspections': createInspections,
  '20261208T130100_rectification_interviews': interviews,
};
