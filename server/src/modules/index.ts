/**
 * The composition root: every module of the platform, in dependency order. The platform imports
 * no module; it receives this list (routes, migrations, permissions, menu, figures, demo seeds)
 * and the database and permission types merged below.
 */
import type { PermissionOf } from '../platform/module.ts';
import { type AccountsTables, accountsModule } from './accounts/index.ts';
import { type AssessmentTables, assessmentModule } from './assessment/index.ts';
import { type AuditTables, auditModule } from './audit/index.ts';
import { benchModule } from './bench/index.ts';
import { type CoBuildingTables, coBuildingModule } from './co-building/index.ts';
import { cockpitModule } from './cockpit/index.ts';
import { type DevelopmentTables, developmentModule } from './development/index.ts';
import { type DualReportingTables, dualReportingModule } from './dual-reporting/index.ts';
import { type DuesTables, duesModule } from './dues/index.ts';
import { type ElectionsTables, electionsModule } from './elections/index.ts';
import { type MembersTables, membersModule } from './members/index.ts';
import { type NewOrgsTables, newOrgsModule } from './new-orgs/index.ts';
import { type NotificationsTables, notificationsModule } from './notifications/index.ts';
import { type Open311Tables, open311Module } from './open311/index.ts';
import { type OrgLifeTables, orgLifeModule } from './org-life/index.ts';
import { type OrgsTables, orgsModule } from './orgs/index.ts';
import { type PointsTables, pointsModule } from './points/index.ts';
import { type ProposalsTables, proposalsModule } from './proposals/index.ts';
import { type RectificationTables, rectificationModule } from './rectification/index.ts';
import { type ResponsibilityTables, responsibilityModule } from './responsibility/index.ts';
import { type ServiceCentersTables, serviceCentersModule } from './service-centers/index.ts';
import { type ServiceRequestsTables, serviceRequestsModule } from './service-requests/index.ts';
import { type VolunteersTables, volunteersModule } from './volunteers/index.ts';
import { type WorkCalendarTables, workCalendarModule } from './work-calendar/index.ts';

const all = [
  auditModule,
  orgsModule,
  accountsModule,
  membersModule,
  newOrgsModule,
  cockpitModule,
  orgLifeModule,
  pointsModule,
  proposalsModule,
  dualReportingModule,
  coBuildingModule,
  volunteersModule,
  workCalendarModule,
  serviceRequestsModule,
  open311Module,
  serviceCentersModule,
  notificationsModule,
  responsibilityModule,
  rectificationModule,
  assessmentModule,
  developmentModule,
  duesModule,
  electionsModule,
] as const;

/** Every module of the platform, in dependency order. The platform reads only this list. */
export const modules = [
  ...all,
  // Comparison routes for `npm run bench` only (docs/performance.md).
  ...(process.env.JICENG_BENCH_ROUTES === '1' ? [benchModule] : []),
];

type ModulePermission = PermissionOf<(typeof all)[number]>;

declare module '../platform/database.ts' {
  /** The database: every module's tables. */
  interface DB
    extends AuditTables,
      OrgsTables,
      AccountsTables,
      MembersTables,
      NewOrgsTables,
      OrgLifeTables,
      PointsTables,
      ProposalsTables,
      DualReportingTables,
      CoBuildingTables,
      VolunteersTables,
      WorkCalendarTables,
      ServiceRequestsTables,
      Open311Tables,
      ServiceCentersTables,
      NotificationsTables,
      ResponsibilityTables,
      RectificationTables,
      AssessmentTables,
      DevelopmentTables,
      DuesTables,
      ElectionsTables {}
}

declare module '../platform/permissions.ts' {
  /** Every permission the modules declare. */
  interface PermissionRegistry extends Record<ModulePermission, string> {}
}
