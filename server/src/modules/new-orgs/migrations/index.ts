import * as createNewOrgs from './20261122T010100_new-orgs_create-new-orgs.ts';

export const migrations = {
  '20261122T010100_new-orgs_create-new-orgs': createNewOrgs,
};
