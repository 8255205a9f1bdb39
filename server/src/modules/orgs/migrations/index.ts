import * as createOrgs from './20261121T100100_orgs_create-orgs.ts';
import * as orgRollups from './20261122T100000_orgs_org-rollups.ts';

export const migrations = {
  '20261121T100100_orgs_create-orgs': createOrgs,
  '20261122T100000_orgs_org-rollups': orgRollups,
};
