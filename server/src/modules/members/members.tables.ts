import type { ColumnType, Generated } from 'kysely';
import type { Education, Gender, MemberStatus, TransferStatus } from './members.contract.ts';

export interface RuleSettingsTable {
  id: Generated<number>;
  key: string;
  orgId: number | null;
  version: number;
  effectiveFrom: string;
  source: string;
  value: ColumnType<unknown, string, string>;
  createdAt: Generated<Date>;
}

export interface MembersTable {
  id: Generated<number>;
  orgId: number;
  userId: number | null;
  name: string;
  gender: Gender;
  ethnicity: string | null;
  birthDate: string;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  addressEnc: string | null;
  education: Education | null;
  workUnit: string | null;
  position: string | null;
  joinedOn: string;
  fullOn: string | null;
  category: string;
  status: MemberStatus;
  statusSince: string;
  importId: number | null;
  joinedMd: ColumnType<number, never, never>;
  fullMd: ColumnType<number | null, never, never>;
  createdAt: Date;
  updatedAt: Date;
}

export interface MemberStatusHistoryTable {
  id: Generated<number>;
  memberId: number;
  status: MemberStatus;
  since: string;
  reason: string | null;
  actorId: number | null;
  at: Date;
}

export interface MemberPostsTable {
  id: Generated<number>;
  memberId: number;
  orgId: number;
  title: string;
  startedOn: string;
  endedOn: string | null;
}

export interface MemberTransfersTable {
  id: Generated<number>;
  memberId: number;
  fromOrgId: number;
  toOrgId: number | null;
  outsideOrgName: string | null;
  status: TransferStatus;
  reason: string;
  duesPaidUntil: string | null;
  letterNo: string;
  validUntil: string;
  decisionReason: string | null;
  requestedBy: number | null;
  requestedAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
}

export interface MemberImportsTable {
  id: Generated<number>;
  orgId: number;
  kind: 'members' | 'orgs';
  fileHash: string;
  filename: string | null;
  rowCount: number;
  createdBy: number | null;
  createdAt: Date;
}

/** An import's preview and progress, shared by every app process (members and organizations). */
export interface MemberImportJobsTable {
  id: string;
  kind: 'members' | 'orgs';
  orgId: number;
  createdBy: number | null;
  status: 'parsing' | 'ready' | 'failed' | 'committed';
  phase: string;
  done: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  error: string | null;
  fileHash: string;
  filename: string | null;
  preview: ColumnType<unknown, string | null, string | null>;
  result: ColumnType<unknown, string | null, string | null>;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

/** Checked rows of an import job, in chunks, until it is committed or expires. */
export interface MemberImportJobRowsTable {
  jobId: string;
  seq: number;
  orgId: number;
  rowCount: number;
  rows: ColumnType<unknown, string, string>;
}

export interface MemberNoticesTable {
  id: Generated<number>;
  memberId: number;
  kind: string;
  year: number;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface MemberRollupsTable {
  orgId: number;
  dim: string;
  bucket: string;
  n: number;
}

export interface MemberLookupCountersTable {
  userId: number;
  windowStart: Date;
  n: number;
}

export interface MemberRegistrationConflictsTable {
  id: Generated<number>;
  requestedOrgId: number;
  existingMemberId: number | null;
  ancestorOrgId: number | null;
  name: string;
  idNumberMasked: string;
  requestedBy: number | null;
  requestedAt: Date;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  closedBy: number | null;
  closedAt: Date | null;
  closedNote: string | null;
}

export type ExportRequestStatus = 'pending' | 'approved' | 'rejected' | 'downloaded' | 'expired';

export interface MemberExportRequestsTable {
  id: Generated<number>;
  orgId: number;
  requestedBy: number;
  requestedAt: Date;
  reason: string;
  filters: ColumnType<unknown, string, string>;
  format: 'xlsx' | 'csv';
  rowCount: number;
  status: ExportRequestStatus;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  expiresAt: Date | null;
  downloadedAt: Date | null;
}

export interface MembersTables {
  memberLookupCounters: MemberLookupCountersTable;
  memberRegistrationConflicts: MemberRegistrationConflictsTable;
  memberExportRequests: MemberExportRequestsTable;
  ruleSettings: RuleSettingsTable;
  members: MembersTable;
  memberStatusHistory: MemberStatusHistoryTable;
  memberPosts: MemberPostsTable;
  memberTransfers: MemberTransfersTable;
  memberImports: MemberImportsTable;
  memberImportJobs: MemberImportJobsTable;
  memberImportJobRows: MemberImportJobRowsTable;
  memberNotices: MemberNoticesTable;
  memberRollups: MemberRollupsTable;
}
