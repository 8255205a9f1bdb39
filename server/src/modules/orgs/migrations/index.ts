import * as createOrgs from './20261121T100100_orgs_create-orgs.ts';

export const migrations = {
  '20261121T100100_orgs_create-orgs': createOrgs,
};
