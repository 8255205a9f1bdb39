import type { ColumnType, Generated } from 'kysely';

export interface PointsRuleSetsTable {
  id: Generated<number>;
  profile: string;
  version: string;
  effectiveFrom: string;
  name: string;
  allowUnverified: Generated<boolean>;
  rules: ColumnType<unknown, string, string>;
  createdBy: number | null;
  createdAt: Generated<Date>;
}

export interface PointsRequestsTable {
  id: Generated<number>;
  memberId: number;
  orgId: number;
  ruleCode: string;
  points: number;
  reason: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  requestedBy: number;
  requestedAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionComment: string | null;
}

export interface PointsEntriesTable {
  id: Generated<number>;
  memberId: number;
  orgId: number;
  year: number;
  ruleCode: string;
  ruleSetId: number;
  sourceType: string;
  sourceId: string;
  points: number;
  reason: string | null;
  /** What the points were for (e.g. 主题党日：学习新党章); null when only the rule says it. */
  subject: string | null;
  /** The day the points are for (e.g. the meeting's date). */
  forDate: string | null;
  authorId: number | null;
  at: Date;
  reversesId: number | null;
  requestId: number | null;
}

export interface PointsTables {
  pointsRuleSets: PointsRuleSetsTable;
  pointsRequests: PointsRequestsTable;
  pointsEntries: PointsEntriesTable;
}
