import * as create from './20261122T040200_dual-reporting_create-dual-reporting.ts';

export const migrations = {
  '20261122T040200_dual-reporting_create-dual-reporting': create,
};
