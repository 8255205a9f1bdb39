import type { Generated } from 'kysely';

export type NewOrgKind = 'enterprise' | 'social_org';
export type Coverage = 'own' | 'joint' | 'attached' | 'none';

export interface NewOrgsTable {
  id: Generated<number>;
  orgId: number;
  code: string;
  name: string;
  kind: NewOrgKind;
  creditCode: string | null;
  employeeCount: number;
  memberCount: number;
  fullMemberCount: number;
  coverage: Coverage;
  coveringOrgId: number | null;
  instructorName: string | null;
  workCovered: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewOrgsTables {
  newOrgs: NewOrgsTable;
}
