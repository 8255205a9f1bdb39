import { defineModule, rollupTotal } from '../../platform/module.ts';
import { orgImportRoutes } from './import/import.routes.ts';
import { migrations } from './migrations/index.ts';
import { orgsAuditObjects } from './orgs.audit.ts';
import { orgsDocs } from './orgs.docs.ts';
import { orgsRoutes } from './orgs.routes.ts';

export const orgsModule = defineModule({
  name: 'orgs',
  docs: orgsDocs,
  migrations,
  auditObjects: orgsAuditObjects,
  permissions: {
    'orgs.read': '查看组织',
    'orgs.create': '新建组织',
    'orgs.update': '修改组织',
    'orgs.move': '调整组织隶属关系',
    'orgs.close': '撤销组织',
    'orgs.manage_part_time_members': '管理兼职委员',
  },
  figures: [
    {
      key: 'orgs.total',
      title: '党组织总数',
      permission: 'orgs.read',
      // The subtree rollup kept by statement triggers on orgs (the organization itself included).
      compute: rollupTotal('org_rollups'),
      drill: { path: '/orgs' },
    },
  ],
  menu: [
    { key: 'orgs', path: '/orgs', title: '组织架构', permission: 'orgs.read', for: 'branch', order: 10 },
  ],
  async routes(app) {
    await app.register(orgsRoutes);
    await app.register(orgImportRoutes);
  },
});

/** What other modules use: the tree locks of ADR 0010. */
export { lockOrgTree } from './locks.ts';
export { ALLIANCE_KINDS } from './orgs.contract.ts';
export { getVisibleOrg, type OrgRow } from './orgs.queries.ts';
export type { OrgsTables } from './orgs.tables.ts';
export { recountOrgRollups, storedOrgRollups, subtreeOrgCounts } from './rollups.ts';
