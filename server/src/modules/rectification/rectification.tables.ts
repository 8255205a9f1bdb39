import type { ColumnType, Generated } from 'kysely';
import type { CampaignKind, ItemStatus, SourceKind } from './rectification.contract.ts';

export interface RectificationRulesTable {
  id: Generated<number>;
  orgId: number | null;
  version: string;
  effectiveFrom: string;
  source: string;
  deadlineWorkingDays: number;
  reminderWorkingDays: number;
  highlightQuota: Generated<number>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  createdBy: number | null;
}

export interface InspectionCampaignsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  kind: CampaignKind;
  title: string;
  checklist: ColumnType<string[], string, string>;
  targetLevel: string;
  startsOn: string;
  endsOn: string;
  status: Generated<'open' | 'closed'>;
  createdBy: number | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface InspectionTargetsTable {
  id: Generated<number>;
  campaignId: number;
  orgId: number;
  orgPath: string;
}

export interface InspectionInspectorsTable {
  campaignId: number;
  userId: number;
  name: string;
}

export interface InspectionFindingsTable {
  id: Generated<number>;
  campaignId: number;
  targetId: number;
  orgId: number;
  orgPath: string;
  checklistItem: string | null;
  description: string;
  itemId: number | null;
  recordedBy: number | null;
  recordedByName: string;
  recordedAt: Date;
}

export interface RectificationItemsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  issuerOrgId: number;
  issuerPath: string;
  title: string;
  sourceKind: SourceKind;
  sourceId: number;
  ownerPerson: string;
  requiredEvidence: string;
  workingDays: number;
  ruleVersion: string;
  openedOn: string;
  reminderOn: string;
  deadline: string;
  status: Generated<ItemStatus>;
  submittedOn: string | null;
  remindedAt: Date | null;
  escalatedToOrgId: number | null;
  escalatedAt: Date | null;
  returnCount: Generated<number>;
  hard: Generated<boolean>;
  verifiedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RectificationEventsTable {
  id: Generated<string>;
  itemId: number;
  kind: 'opened' | 'reminded' | 'submitted' | 'returned' | 'verified' | 'closed' | 'escalated';
  comment: string | null;
  actorId: number | null;
  actorName: string | null;
  at: Date;
}

export interface RectificationEvidenceTable {
  id: Generated<number>;
  itemId: number | null;
  findingId: number | null;
  filename: string;
  mime: string;
  content: Buffer;
  uploadedBy: number | null;
  uploadedAt: Date;
}

export interface RectificationTables {
  rectificationRules: RectificationRulesTable;
  inspectionCampaigns: InspectionCampaignsTable;
  inspectionTargets: InspectionTargetsTable;
  inspectionInspectors: InspectionInspectorsTable;
  inspectionFindings: InspectionFindingsTable;
  rectificationItems: RectificationItemsTable;
  rectificationEvents: RectificationEventsTable;
  rectificationEvidence: RectificationEvidenceTable;
  rectificationInterviews: RectificationInterviewsTable;
  rectificationInterviewFindings: RectificationInterviewFindingsTable;
  rectificationInterviewNotes: RectificationInterviewNotesTable;
  siteVisits: SiteVisitsTable;
  siteVisitStops: SiteVisitStopsTable;
  gapLists: GapListsTable;
  highlightNominations: HighlightNominationsTable;
}

export interface SiteVisitsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  title: string;
  visitOn: string;
  scoreSheet: ColumnType<{ item: string; maxPoints: number }[], string, string>;
  status: Generated<'open' | 'closed'>;
  createdBy: number | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface SiteVisitStopsTable {
  id: Generated<number>;
  visitId: number;
  seq: number;
  orgId: number;
  orgPath: string;
  scores: ColumnType<{ item: string; points: number }[] | null, string | null, string | null>;
  total: ColumnType<string | null, number | null, number | null>;
  comment: string | null;
  commentedByName: string | null;
  commentedAt: Date | null;
}

export interface GapListsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  issuerOrgId: number;
  issuerPath: string;
  year: number;
  kind: 'gap_list' | 'task_book';
  title: string;
  benchmark: string | null;
  createdBy: number | null;
  createdAt: Date;
}

export interface HighlightNominationsTable {
  id: Generated<number>;
  year: number;
  category: 'project' | 'work' | 'person';
  orgId: number;
  orgPath: string;
  reviewerOrgId: number;
  reviewerPath: string;
  title: string;
  personName: string | null;
  summary: string;
  status: Generated<'nominated' | 'selected' | 'rejected' | 'published'>;
  reviewComment: string | null;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  publishedAt: Date | null;
  isCase: Generated<boolean>;
  practice: string | null;
  nominatedBy: number | null;
  nominatedByName: string;
  createdAt: Date;
}

export interface RectificationInterviewsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  byOrgId: number;
  byPath: string;
  secretaryName: string;
  heldOn: string;
  interviewers: string;
  reason: string;
  record: string;
  commitments: string;
  status: Generated<'open' | 'concluded'>;
  conclusion: string | null;
  createdBy: number | null;
  createdAt: Date;
  concludedAt: Date | null;
}

export interface RectificationInterviewFindingsTable {
  interviewId: number;
  findingId: number;
}

export interface RectificationInterviewNotesTable {
  id: Generated<number>;
  interviewId: number;
  note: string;
  byName: string;
  at: Date;
}
