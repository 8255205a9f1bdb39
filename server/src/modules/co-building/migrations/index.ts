import * as create from './20261122T040300_co-building_create-co-building.ts';

export const migrations = {
  '20261122T040300_co-building_create-co-building': create,
};
