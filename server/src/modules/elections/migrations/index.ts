import * as createTerms from './20261208T161000_elections_create-terms.ts';

export const migrations = {
  '20261208T161000_elections_create-terms': createTerms,
};
