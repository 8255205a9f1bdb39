import { sql } from 'kysely';
import { backfillStatusHistory, generateMembers, linkDemoMemberAccount } from '../../demo/demo-members.ts';
import { DEMO_MEMBER_BATCH } from '../../demo/pregenerate.ts';
import { defineModule, rollupTotal } from '../../platform/module.ts';
import { exportRequestRoutes } from './export-requests.ts';
import { memberImportRoutes } from './import/import.routes.ts';
import { membersAuditObjects } from './members.audit.ts';
import { membersDocs } from './members.docs.ts';
import { membersRoutes } from './members.routes.ts';
import { migrations } from './migrations/index.ts';
import { registrationConflictRoutes, routeRegistrationConflicts } from './registration-conflicts.ts';
import { withRollupsDeferred } from './rollups.ts';
import { memberRulesRoutes } from './rules.routes.ts';
import { transferPrintRoutes } from './transfers.print.ts';
import { transferRoutes } from './transfers.ts';

/**
 * Members of the demo district (示范区): 30,000 by default, like the source reports, deterministic
 * from the seed. JICENG_DEMO_MEMBERS changes the number (tests that only need the tree use 0).
 */
export function demoMemberCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.JICENG_DEMO_MEMBERS ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 30_000;
}

export const membersModule = defineModule({
  name: 'members',
  docs: membersDocs,
  migrations,
  auditObjects: membersAuditObjects,
  permissions: {
    'members.read': '查看党员',
    'members.read_self': '查看本人党员档案',
    'members.create': '新增党员',
    'members.update': '修改党员信息',
    'members.delete': '删除党员',
    'members.reveal': '查看完整个人信息',
    'members.transfer': '办理组织关系转接',
    'members.import': '导入党员',
    'members.export': '导出党员名册',
    'members.export_unmasked': '申请导出完整个人信息',
    'members.approve_export': '审批完整个人信息导出',
    'members.configure': '设置党员规则',
  },
  figures: [
    {
      key: 'members.total',
      title: '党员总数',
      permission: 'members.read',
      // One indexed read of the subtree rollup, whatever the number of members.
      compute: rollupTotal('member_rollups'),
      drill: { path: '/members' },
    },
  ],
  menu: [
    {
      key: 'me-member',
      path: '/me/member',
      title: '我的党员档案',
      permission: 'members.read_self',
      for: 'member',
      order: 19,
    },
    {
      key: 'members',
      path: '/members',
      title: '党员管理',
      permission: 'members.read',
      for: 'branch',
      order: 20,
    },
    {
      key: 'member-import',
      path: '/member-import',
      title: '党员导入',
      permission: 'members.import',
      for: 'district',
      order: 21,
    },
    {
      key: 'member-transfers',
      path: '/member-transfers',
      title: '关系转接',
      permission: 'members.transfer',
      for: 'branch',
      order: 22,
    },
    {
      key: 'member-rules',
      path: '/member-rules',
      title: '党员规则',
      permission: 'members.read',
      for: 'district',
      order: 23,
    },
    {
      key: 'member-export-requests',
      path: '/member-export-requests',
      title: '导出审批',
      permission: ['members.export_unmasked', 'members.approve_export'],
      for: 'district',
      order: 24,
    },
    {
      key: 'member-registration-conflicts',
      path: '/member-registration-conflicts',
      title: '登记冲突',
      permission: 'members.transfer',
      for: 'community',
      order: 25,
    },
  ],
  async routes(app) {
    routeRegistrationConflicts(app);
    await app.register(membersRoutes);
    await app.register(registrationConflictRoutes);
    await app.register(memberImportRoutes);
    await app.register(exportRequestRoutes);
    await app.register(transferRoutes);
    await app.register(transferPrintRoutes);
    await app.register(memberRulesRoutes);
  },
  async seedDemo({ db, crypto, now, seed, pglite }) {
    await db.transaction().execute(async (trx) => {
      // COPY on the embedded engine only into an empty table (a fresh demo district).
      const empty = !(await trx.selectFrom('members').select('id').limit(1).executeTakeFirst());
      // A fresh embedded database: every reference written below holds by construction (branch ids
      // read from orgs, rollups joined with orgs, history from the members), so the per-row
      // foreign-key checks (about 230,000 of them) are skipped until the demo account is linked.
      // Superuser only: the embedded engine. demo-members.test.ts checks there are no orphans.
      const bulk = empty && pglite !== undefined;
      if (bulk) await sql`set local session_replication_role = replica`.execute(trx);
      await withRollupsDeferred(trx, () =>
        generateMembers(trx, crypto, now, {
          count: demoMemberCount(),
          seed,
          batchSize: DEMO_MEMBER_BATCH,
          copyInto: empty ? pglite : undefined,
        }),
      );
      await backfillStatusHistory(trx, now);
      if (bulk) await sql`set local session_replication_role = origin`.execute(trx);
      await linkDemoMemberAccount(trx);
    });
  },
});

/** Overdue probation conversions of a subtree (org-life supervision). */
export { overdueConversions } from './conversions.ts';
export {
  checkDigit,
  ID_PROBLEM_MESSAGES,
  idNumberFacts,
  idNumberProblem,
  normalizeIdNumber,
} from './idcard.ts';
export {
  hasCommittee,
  joinAgeProblem,
  type OrgSetupRule,
  probationEnd,
  setupAdvice,
} from './member-checks.contract.ts';
export {
  ACTIVE_STATUSES,
  AGE_BANDS,
  birthdayItem,
  EDUCATION_LABELS,
  GENDER_LABELS,
  MEMBER_STATUSES,
  STATUS_LABELS,
} from './members.contract.ts';
/** What other modules (the cockpit, 两新) read from the members module. */
export { upcomingPartyBirthdays } from './members.queries.ts';
export { encryptedColumns, today } from './members.service.ts';
export type { MembersTables } from './members.tables.ts';
/** Factories for other modules' tests (Decidim's shared factories). */
export { insertMember, nextIdNumber } from './members.testkit.ts';
export { memberRollupsOf, recountRollups, storedRollups } from './rollups.ts';
/** The register as organizational life reads it (rosters, a person's own member records). */
export { type BranchMemberOnDate, branchMembersOn, membersOfUser } from './roster.ts';
export { categoryLabelsWithin, getRule } from './rules.ts';
