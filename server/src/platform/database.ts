import type { AccountsTables } from '../modules/accounts/accounts.tables.ts';
import type { AuditTables } from '../modules/audit/audit.tables.ts';
import type { CoBuildingTables } from '../modules/co-building/co-building.tables.ts';
import type { DualReportingTables } from '../modules/dual-reporting/dual-reporting.tables.ts';
import type { MembersTables } from '../modules/members/members.tables.ts';
import type { NewOrgsTables } from '../modules/new-orgs/new-orgs.tables.ts';
import type { Open311Tables } from '../modules/open311/open311.tables.ts';
import type { OrgLifeTables } from '../modules/org-life/org-life.tables.ts';
import type { OrgsTables } from '../modules/orgs/orgs.tables.ts';
import type { PointsTables } from '../modules/points/points.tables.ts';
import type { ProposalsTables } from '../modules/proposals/proposals.tables.ts';
import type { ServiceCentersTables } from '../modules/service-centers/service-centers.tables.ts';
import type { ServiceRequestsTables } from '../modules/service-requests/service-requests.tables.ts';
import type { VolunteersTables } from '../modules/volunteers/volunteers.tables.ts';
import type { WorkCalendarTables } from '../modules/work-calendar/work-calendar.tables.ts';

/** The database type: the union of every module's tables (atproto pattern). */
export type DB = AuditTables &
  OrgsTables &
  AccountsTables &
  MembersTables &
  NewOrgsTables &
  OrgLifeTables &
  PointsTables &
  ProposalsTables &
  DualReportingTables &
  CoBuildingTables &
  VolunteersTables &
  WorkCalendarTables &
  ServiceRequestsTables &
  Open311Tables &
  ServiceCentersTables;
