import * as createOrgs from './20261121T100100_orgs_create-orgs.ts';
import * as orgRollups from './20261122T100000_orgs_org-rollups.ts';
import * as orderRollupWrites from './20261207T020001_orgs_order-rollup-writes.ts';
import * as createIdempotencyKeys from './20261207T020010_orgs_create-idempotency-keys.ts';
import * as orgIdOnChildRows from './20261209T050000_orgs_org-id-on-child-rows.ts';

export const migrations = {
  '20261121T100100_orgs_create-orgs': createOrgs,
  '20261122T100000_orgs_org-rollups': orgRollups,
  '20261207T020001_orgs_order-rollup-writes': orderRollupWrites,
  '20261207T020010_orgs_create-idempotency-keys': createIdempotencyKeys,
  '20261209T050000_orgs_org-id-on-child-rows': orgIdOnChildRows,
};
