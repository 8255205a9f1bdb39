import * as createDues from './20261208T160000_dues_create-dues.ts';
import * as orgFigures from './20261209T040000_dues_org-figures.ts';

export const migrations = {
  '20261208T160000_dues_create-dues': createDues,
  '20261209T040000_dues_org-figures': orgFigures,
};
