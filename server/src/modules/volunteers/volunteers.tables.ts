import type { Generated } from 'kysely';

export interface VolunteerRulesTable {
  id: Generated<number>;
  orgId: number | null;
  version: string;
  pointsPerHour: number;
  maxHoursPerActivity: number;
  effectiveFrom: string;
  source: string;
  createdAt: Generated<Date>;
}

export interface VolunteersTable {
  id: Generated<number>;
  orgId: number;
  userId: number | null;
  memberId: number | null;
  name: string;
  skills: string | null;
  registeredOn: string;
  createdAt: Date;
}

export interface VolunteerTeamsTable {
  id: Generated<number>;
  orgId: number;
  name: string;
  description: string | null;
  createdAt: Date;
}

export interface VolunteerTeamMembersTable {
  teamId: number;
  volunteerId: number;
}

export interface VolunteerActivitiesTable {
  id: Generated<number>;
  orgId: number;
  teamId: number | null;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  createdBy: number | null;
  createdAt: Date;
}

export interface VolunteerSignupsTable {
  id: Generated<number>;
  activityId: number;
  volunteerId: number;
  signedUpAt: Date;
  checkedInAt: Date | null;
  hours: number | null;
  confirmedBy: number | null;
  confirmedAt: Date | null;
  ruleId: number | null;
  points: number | null;
  pointsEntryId: number | null;
  pointsNote: string | null;
}

export interface VolunteersTables {
  volunteerRules: VolunteerRulesTable;
  volunteers: VolunteersTable;
  volunteerTeams: VolunteerTeamsTable;
  volunteerTeamMembers: VolunteerTeamMembersTable;
  volunteerActivities: VolunteerActivitiesTable;
  volunteerSignups: VolunteerSignupsTable;
}
