import type { ColumnType, Generated } from 'kysely';
import type { Frequency } from './periods.ts';

type Json<T> = ColumnType<T, string, string>;

export type MeetingStatus = 'planned' | 'recorded' | 'signed' | 'cancelled';
export type AttendanceStatus = 'present' | 'absent' | 'leave';
export type InspectionStatus = 'none' | 'accepted' | 'returned';

export interface OrgLifeCataloguesTable {
  id: Generated<number>;
  profile: string;
  version: string;
  effectiveFrom: string;
  name: string;
  source: string;
  types: Json<unknown>;
  createdBy: number | null;
  createdAt: Generated<Date>;
}

export interface PlaceProfilesTable {
  orgId: number;
  profile: string;
  assignedBy: number | null;
  assignedAt: Generated<Date>;
}

export interface OrgLifeMeetingsTable {
  id: Generated<number>;
  orgId: number;
  typeCode: string;
  catalogueId: number;
  status: Generated<MeetingStatus>;
  topic: string;
  plannedOn: string;
  place: string | null;
  hostName: string;
  recorderName: string;
  heldOn: string | null;
  minutes: string | null;
  expectedCount: number | null;
  presentCount: number | null;
  absentCount: number | null;
  leaveCount: number | null;
  filedBy: number;
  filedAt: Date;
  recordedBy: number | null;
  recordedAt: Date | null;
  signedBy: number | null;
  signedAt: Date | null;
  cancelledReason: string | null;
  inspectionStatus: Generated<InspectionStatus>;
  inspectionComment: string | null;
  inspectedBy: number | null;
  inspectedAt: Date | null;
  updatedAt: Date;
}

export interface OrgLifeAttendanceTable {
  meetingId: number;
  memberId: number;
  memberName: string;
  canVote: boolean;
  status: AttendanceStatus;
  reason: string | null;
}

export interface OrgLifeResolutionsTable {
  id: Generated<number>;
  meetingId: number;
  seq: number;
  title: string;
  body: string | null;
  voted: boolean;
  expectedVoting: number | null;
  presentVoting: number | null;
  yesVotes: number | null;
  noVotes: number | null;
  abstentions: number | null;
  writtenYes: number | null;
  writtenNo: number | null;
  quorumMet: boolean | null;
  passed: boolean | null;
}

export interface OrgLifeAttachmentsTable {
  id: Generated<number>;
  meetingId: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: number;
  uploadedAt: Date;
}

export interface OrgLifeAmendmentsTable {
  id: Generated<number>;
  meetingId: number;
  field: string;
  before: Json<unknown>;
  after: Json<unknown>;
  reason: string;
  authorId: number;
  at: Date;
}

export interface OrgLifeInspectionsTable {
  id: Generated<number>;
  meetingId: number;
  decision: 'accepted' | 'returned';
  comment: string | null;
  inspectorId: number;
  at: Date;
}

export interface OrgLifeLastHeldTable {
  orgId: number;
  typeCode: string;
  lastHeldOn: string;
  meetingId: number;
}

export interface OrgLifeHeldCountsTable {
  orgId: number;
  typeCode: string;
  frequency: Frequency;
  periodStart: string;
  heldCount: number;
  lastHeldOn: string;
}

/** Active branches of each kind in an organization's subtree (itself included). */
export interface OrgLifeBranchRollupsTable {
  orgId: number;
  kind: string;
  n: number;
}

/** How many branches of the subtree held `heldCount` signed meetings of a type in a period. */
export interface OrgLifeHeldRollupsTable {
  orgId: number;
  frequency: Frequency;
  periodStart: string;
  typeCode: string;
  kind: string;
  heldCount: number;
  n: number;
}

export type LeaveStatus = 'pending' | 'approved' | 'declined' | 'withdrawn';

/** 请假: a member's request to be excused from a planned meeting, and the secretary's answer. */
export interface OrgLifeLeaveRequestsTable {
  id: Generated<number>;
  meetingId: number;
  memberId: number;
  /** The member's name when they asked (as attendance rows keep it). */
  memberName: string;
  reason: string;
  status: LeaveStatus;
  requestedBy: number;
  requestedAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionComment: string | null;
}

export interface OrgLifeTables {
  orgLifeLeaveRequests: OrgLifeLeaveRequestsTable;
  orgLifeCatalogues: OrgLifeCataloguesTable;
  placeProfiles: PlaceProfilesTable;
  orgLifeMeetings: OrgLifeMeetingsTable;
  orgLifeAttendance: OrgLifeAttendanceTable;
  orgLifeResolutions: OrgLifeResolutionsTable;
  orgLifeAttachments: OrgLifeAttachmentsTable;
  orgLifeAmendments: OrgLifeAmendmentsTable;
  orgLifeInspections: OrgLifeInspectionsTable;
  orgLifeLastHeld: OrgLifeLastHeldTable;
  orgLifeHeldCounts: OrgLifeHeldCountsTable;
  orgLifeBranchRollups: OrgLifeBranchRollupsTable;
  orgLifeHeldRollups: OrgLifeHeldRollupsTable;
}
