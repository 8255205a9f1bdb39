import * as createInspections from './20261207T147100_rectification_create-inspections.ts';

export const migrations = {
  '20261207T147100_rectification_create-inspections': createInspections,
};
