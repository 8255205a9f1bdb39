import * as createOrgLife from './20261122T020000_org-life_create-org-life.ts';

export const migrations = {
  '20261122T020000_org-life_create-org-life': createOrgLife,
};
