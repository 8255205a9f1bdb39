import type { Generated } from 'kysely';

export type SourceLevel = 'provincial' | 'municipal' | 'district' | 'street' | 'other';

export interface DualReportingRulesTable {
  id: Generated<number>;
  orgId: number | null;
  version: string;
  pointsPerHour: number;
  maxHoursPerRecord: number;
  yearlyHoursTarget: number;
  effectiveFrom: string;
  source: string;
  createdAt: Generated<Date>;
}

export interface DualReportingUnitsTable {
  id: Generated<number>;
  communityOrgId: number;
  unitName: string;
  unitOrgId: number | null;
  sourceLevel: SourceLevel;
  declaredMembers: number;
  contactName: string | null;
  registeredOn: string;
  endedOn: string | null;
  createdBy: number | null;
  createdAt: Date;
}

export interface DualReportingMembersTable {
  id: Generated<number>;
  unitId: number;
  memberId: number;
  basis: 'work' | 'residence';
  registeredOn: string;
  createdBy: number | null;
  createdAt: Date;
}

export interface DualReportingProjectsTable {
  id: Generated<number>;
  communityOrgId: number;
  origin: 'need' | 'resource';
  offeredByUnitId: number | null;
  title: string;
  description: string;
  status: Generated<'open' | 'claimed' | 'completed' | 'withdrawn'>;
  claimedByUnitId: number | null;
  claimedAt: Date | null;
  completedAt: Date | null;
  outcome: string | null;
  createdBy: number | null;
  createdAt: Date;
}

export interface DualReportingServicesTable {
  id: Generated<number>;
  registrationId: number;
  projectId: number | null;
  servedOn: string;
  hours: number;
  description: string;
  status: Generated<'pending' | 'confirmed' | 'rejected'>;
  recordedBy: number | null;
  decidedBy: number | null;
  decidedAt: Date | null;
  rejectReason: string | null;
  ruleId: number | null;
  points: number | null;
  pointsEntryId: number | null;
  pointsNote: string | null;
  createdAt: Date;
}

export interface DualReportingTables {
  dualReportingRules: DualReportingRulesTable;
  dualReportingUnits: DualReportingUnitsTable;
  dualReportingMembers: DualReportingMembersTable;
  dualReportingProjects: DualReportingProjectsTable;
  dualReportingServices: DualReportingServicesTable;
}
