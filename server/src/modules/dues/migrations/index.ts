import * as createDues from './20261208T160000_dues_create-dues.ts';

export const migrations = {
  '20261208T160000_dues_create-dues': createDues,
};
