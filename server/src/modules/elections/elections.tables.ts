import type { ColumnType, Generated } from 'kysely';
import type { ElectionStatus } from './elections.contract.ts';

/** Term length in years by kind of committee; `villageCommunity` for committees of villages and communities. */
export type TermLengths = Record<'committee' | 'generalBranch' | 'branch' | 'villageCommunity', number>;

export interface TermRulesTable {
  id: Generated<number>;
  orgId: number | null;
  version: string;
  effectiveFrom: string;
  source: string;
  lengths: ColumnType<TermLengths, string, string>;
  remindMonths: number;
  maxAdjustMonths: number;
  createdAt: ColumnType<Date, Date | undefined, never>;
  createdBy: number | null;
}

export interface OrgTermsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  startedOn: string;
  lengthYears: number;
  endsOn: string;
  ruleVersion: string;
  status: Generated<'current' | 'ended'>;
  adjustment: 'postponed' | 'early' | null;
  adjustmentReason: string | null;
  electionId: number | null;
  createdBy: number | null;
  createdAt: Date;
}

export interface TermAdjustmentsTable {
  id: Generated<number>;
  termId: number;
  orgId: number;
  orgPath: string;
  kind: 'postpone' | 'early';
  months: number;
  newEndsOn: string;
  reason: string;
  status: Generated<'requested' | 'approved' | 'rejected'>;
  decisionReason: string | null;
  requestedBy: number | null;
  decidedBy: number | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface Candidate {
  name: string;
  group?: 'street_staff' | 'experienced' | 'young_graduate';
}

export interface ElectionsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  status: Generated<ElectionStatus>;
  seats: number;
  reason: string | null;
  plannedOn: string | null;
  checklist: ColumnType<Record<string, boolean>, string | undefined, string>;
  candidates: ColumnType<Candidate[], string | undefined, string>;
  entitled: number | null;
  present: number | null;
  votes: ColumnType<Record<string, number> | null, string | null, string | null>;
  elected: ColumnType<string[] | null, string | null, string | null>;
  votedOn: string | null;
  secretary: string | null;
  deputy: string | null;
  termId: number | null;
  requestedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ElectionsTables {
  termRules: TermRulesTable;
  orgTerms: OrgTermsTable;
  termAdjustments: TermAdjustmentsTable;
  elections: ElectionsTable;
}
