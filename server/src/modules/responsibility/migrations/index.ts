import * as createLists from './20261207T147000_responsibility_create-lists.ts';

export const migrations = {
  '20261207T147000_responsibility_create-lists': createLists,
};
