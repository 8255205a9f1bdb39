import type { ColumnType, Generated } from 'kysely';

export interface ResponsibilityListKindsTable {
  code: string;
  name: string;
  sortOrder: Generated<number>;
  active: Generated<boolean>;
}

export interface ResponsibilityListsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  year: number;
  kind: string;
  holder: 'committee' | 'secretary';
  title: string;
  parentListId: number | null;
  version: Generated<number>;
  signDueOn: string;
  signedVersion: number | null;
  signedBy: number | null;
  signedByName: string | null;
  signedAt: Date | null;
  signedOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ResponsibilityItemsTable {
  id: Generated<number>;
  listId: number;
  orgId: number;
  orgPath: string;
  sourceItemId: number | null;
  ownerOrgId: number;
  ownerPath: string;
  ownerPerson: string;
  title: string;
  measure: string;
  deadline: string;
  weight: ColumnType<string, string | number, string | number>;
  passDown: Generated<boolean>;
  status: Generated<'open' | 'done'>;
  progress: Generated<number>;
  doneOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ResponsibilitySignaturesTable {
  id: Generated<number>;
  listId: number;
  version: number;
  userId: number | null;
  name: string;
  signedAt: Date;
}

export interface ResponsibilityProgressTable {
  id: Generated<number>;
  itemId: number;
  text: string;
  figures: ColumnType<{ label: string; value: number }[], string, string>;
  progress: number;
  reportedBy: number | null;
  reportedByName: string;
  reportedAt: Date;
}

export interface ResponsibilityAttachmentsTable {
  id: Generated<number>;
  progressId: number;
  filename: string;
  mime: string;
  content: Buffer;
  createdAt: Date;
}

export interface ResponsibilityTables {
  responsibilityListKinds: ResponsibilityListKindsTable;
  responsibilityLists: ResponsibilityListsTable;
  responsibilityItems: ResponsibilityItemsTable;
  responsibilitySignatures: ResponsibilitySignaturesTable;
  responsibilityProgress: ResponsibilityProgressTable;
  responsibilityAttachments: ResponsibilityAttachmentsTable;
  breakthroughProjects: BreakthroughProjectsTable;
  breakthroughMilestones: BreakthroughMilestonesTable;
  responsibilityReportRounds: ResponsibilityReportRoundsTable;
  responsibilityReports: ResponsibilityReportsTable;
}

export interface ResponsibilityReportRoundsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  year: number;
  quarter: number;
  title: string;
  sections: ColumnType<string[], string, string>;
  dueOn: string;
  createdBy: number | null;
  createdAt: Date;
}

/** One item of a report's snapshot of the street's responsibility items. */
export interface ReportItem {
  itemId: number;
  title: string;
  deadline: string;
  progress: number;
  status: 'open' | 'done';
  late: boolean;
  lastReport: string | null;
}

export interface ResponsibilityReportsTable {
  id: Generated<number>;
  roundId: number;
  orgId: number;
  orgPath: string;
  status: Generated<'requested' | 'submitted' | 'returned' | 'accepted'>;
  items: ColumnType<ReportItem[], string | undefined, string>;
  figures: ColumnType<
    { items: number; done: number; late: number; avgProgress: number },
    string | undefined,
    string
  >;
  sections: ColumnType<{ title: string; text: string }[], string, string>;
  submittedOn: string | null;
  submittedByName: string | null;
  reviewComment: string | null;
  reviewedByName: string | null;
  returnCount: Generated<number>;
  acceptedAt: Date | null;
  updatedAt: Date;
}

export interface BreakthroughProjectsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  year: number;
  title: string;
  secretaryName: string;
  goal: string;
  status: Generated<'open' | 'done'>;
  results: string | null;
  completedOn: string | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BreakthroughMilestonesTable {
  id: Generated<number>;
  projectId: number;
  seq: number;
  title: string;
  dueOn: string;
  doneOn: string | null;
  note: string | null;
  doneByName: string | null;
}
