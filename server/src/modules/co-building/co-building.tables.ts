import type { Generated } from 'kysely';
import type { CbUnitType } from './co-building.contract.ts';

export interface CoBuildingUnitsTable {
  id: Generated<number>;
  orgId: number;
  name: string;
  unitType: CbUnitType;
  unitOrgId: number | null;
  contactName: string | null;
  joinedOn: string;
  leftOn: string | null;
  createdAt: Date;
}

export interface CoBuildingMeetingsTable {
  id: Generated<number>;
  orgId: number;
  title: string;
  heldOn: string;
  minutes: string;
  createdBy: number | null;
  createdAt: Date;
}

export interface CoBuildingMeetingUnitsTable {
  meetingId: number;
  unitId: number;
}

export interface CoBuildingIssuesTable {
  id: Generated<number>;
  meetingId: number;
  title: string;
  status: Generated<'open' | 'solved'>;
  solvedOn: string | null;
  outcome: string | null;
}

export interface CoBuildingActivitiesTable {
  id: Generated<number>;
  orgId: number;
  kind: 'activity' | 'joint_service';
  title: string;
  heldOn: string;
  participants: number;
  createdBy: number | null;
  createdAt: Date;
}

export interface CoBuildingActivityUnitsTable {
  activityId: number;
  unitId: number;
}

export interface CoBuildingAgreementsTable {
  id: Generated<number>;
  orgId: number;
  unitId: number;
  title: string;
  resources: string;
  signedOn: string;
  expiresOn: string | null;
  createdBy: number | null;
  createdAt: Date;
}

export interface CoBuildingTables {
  coBuildingUnits: CoBuildingUnitsTable;
  coBuildingMeetings: CoBuildingMeetingsTable;
  coBuildingMeetingUnits: CoBuildingMeetingUnitsTable;
  coBuildingIssues: CoBuildingIssuesTable;
  coBuildingActivities: CoBuildingActivitiesTable;
  coBuildingActivityUnits: CoBuildingActivityUnitsTable;
  coBuildingAgreements: CoBuildingAgreementsTable;
}
