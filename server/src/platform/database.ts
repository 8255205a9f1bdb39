import type { AccountsTables } from '../modules/accounts/accounts.tables.ts';
import type { AuditTables } from '../modules/audit/audit.tables.ts';
import type { MembersTables } from '../modules/members/members.tables.ts';
import type { OrgLifeTables } from '../modules/org-life/org-life.tables.ts';
import type { OrgsTables } from '../modules/orgs/orgs.tables.ts';
import type { PointsTables } from '../modules/points/points.tables.ts';
import type { ProposalsTables } from '../modules/proposals/proposals.tables.ts';

/** The database type: the union of every module's tables (atproto pattern). */
export type DB = AuditTables &
  OrgsTables &
  AccountsTables &
  MembersTables &
  OrgLifeTables &
  PointsTables &
  ProposalsTables;
