import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { orgLifeAuditObjects } from './org-life.audit.ts';
import { seedOrgLifeDemo } from './org-life.demo.ts';
import { orgLifeDocs } from './org-life.docs.ts';
import { meetingPrintRoutes } from './org-life.print.ts';
import { orgLifeRoutes } from './org-life.routes.ts';
import { orgLifeTodos } from './org-life.todos.ts';

export { computeCompliance, rebuildHeldSummaries } from './compliance.ts';
export { computeComplianceSummary } from './summary.ts';

export const orgLifeModule = defineModule({
  name: 'org-life',
  docs: orgLifeDocs,
  migrations,
  auditObjects: orgLifeAuditObjects,
  permissions: {
    'org_life.read': '查看组织生活',
    'org_life.read_own': '查看本人组织生活',
    'org_life.plan': '安排组织生活',
    'org_life.record': '记录组织生活',
    'org_life.sign': '签认会议记录',
    'org_life.supervise': '督导组织生活',
    'org_life.inspect': '检查会议记录',
    'org_life.configure': '设置组织生活规则',
  },
  menu: [
    {
      key: 'org-life',
      path: '/org-life',
      title: '组织生活',
      permission: 'org_life.read',
      for: 'branch',
      order: 30,
    },
    {
      key: 'org-life-mine',
      path: '/org-life/mine',
      title: '我的组织生活',
      permission: 'org_life.read_own',
      for: 'member',
      order: 29,
    },
    {
      key: 'org-life-supervision',
      path: '/org-life/supervision',
      title: '组织生活督导',
      permission: 'org_life.supervise',
      for: 'community',
      order: 31,
    },
  ],
  async routes(app) {
    await app.register(orgLifeRoutes);
    await app.register(meetingPrintRoutes);
  },
  todos: orgLifeTodos,
  seedDemo: seedOrgLifeDemo,
});

export { profileOf } from './catalogue.ts';
export { meetingFacts } from './org-life.facts.ts';
export type { OrgLifeTables } from './org-life.tables.ts';
export { insertPlannedMeeting } from './org-life.testkit.ts';
export { chinaDate } from './periods.ts';
/** The branch assembly's quorum and vote arithmetic (发展党员 reuses it for 接收预备党员 and 转正). */
export { evaluateVote, type VoteInput, type VoteResult } from './quorum.contract.ts';
