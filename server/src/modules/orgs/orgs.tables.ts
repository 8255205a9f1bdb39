import type { ColumnType, Generated } from 'kysely';
import type { OrgKind, OrgLevel, UnitType } from './orgs.contract.ts';

export interface OrgsTable {
  id: Generated<number>;
  parentId: number | null;
  /** Written by the database (trigger on insert, subtree rewrite on move). */
  path: ColumnType<string, never, string>;
  depth: ColumnType<number, never, number>;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  level: OrgLevel | null;
  unitType: UnitType | null;
  status: Generated<'active' | 'closed'>;
  establishedOn: string | null;
  closedOn: string | null;
  closedReason: string | null;
  sortOrder: Generated<number>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface OrgEventsTable {
  id: Generated<number>;
  orgId: number;
  kind: 'created' | 'updated' | 'moved' | 'closed' | 'reopened';
  before: ColumnType<Record<string, unknown> | null, string | null, never>;
  after: ColumnType<Record<string, unknown> | null, string | null, never>;
  reason: string | null;
  actorId: number | null;
  at: Date;
}

export interface OrgPartTimeMembersTable {
  id: Generated<number>;
  orgId: number;
  name: string;
  unitName: string;
  unitOrgId: number | null;
  position: string;
  startedOn: string;
  endedOn: string | null;
  createdAt: Generated<Date>;
}

/** Active organizations of a subtree per kind and level, kept by statement triggers on orgs. */
export interface OrgRollupsTable {
  orgId: number;
  dim: 'all' | 'kind' | 'level';
  bucket: string;
  n: number;
}

/** Idempotency keys of creating requests (platform/idempotency.ts; the table is in the orgs migrations). */
export interface IdempotencyKeysTable {
  userId: number;
  scope: string;
  idempotencyKey: string;
  requestHash: string;
  objectId: number;
  createdAt: Date;
}

export interface OrgsTables {
  orgs: OrgsTable;
  orgEvents: OrgEventsTable;
  orgPartTimeMembers: OrgPartTimeMembersTable;
  orgRollups: OrgRollupsTable;
  idempotencyKeys: IdempotencyKeysTable;
}
