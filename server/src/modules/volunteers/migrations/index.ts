import * as create from './20261122T040400_volunteers_create-volunteers.ts';

export const migrations = {
  '20261122T040400_volunteers_create-volunteers': create,
};
