import * as createCenters from './20261122T030300_service-centers_create-centers.ts';

export const migrations = {
  '20261122T030300_service-centers_create-centers': createCenters,
};
