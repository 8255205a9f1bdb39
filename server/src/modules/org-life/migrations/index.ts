import * as createOrgLife from './20261122T020000_org-life_create-org-life.ts';
import * as indexHeldPeriods from './20261122T020200_org-life_index-held-periods.ts';
import * as createComplianceRollups from './20261122T100500_org-life_create-compliance-rollups.ts';
import * as orderRollupWrites from './20261207T020011_org-life_order-rollup-writes.ts';
import * as createLeaveRequests from './20261207T141000_org-life_create-leave-requests.ts';

export const migrations = {
  '20261122T020000_org-life_create-org-life': createOrgLife,
  '20261122T020200_org-life_index-held-periods': indexHeldPeriods,
  '20261122T100500_org-life_create-compliance-rollups': createComplianceRollups,
  '20261207T020011_org-life_order-rollup-writes': orderRollupWrites,
  '20261207T141000_org-life_create-leave-requests': createLeaveRequests,
};
