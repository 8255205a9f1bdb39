import type { ColumnType, Generated } from 'kysely';
import type { DuesCategory, DuesChannel, MovementKind } from './dues.contract.ts';

export interface DuesRulesTable {
  id: Generated<number>;
  orgId: number | null;
  version: string;
  effectiveFrom: string;
  source: string;
  schedule: ColumnType<DuesSchedule, string, string>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  createdBy: number | null;
}

/** Per category: brackets on the whole base (the bracket's rate applies to all of it) or a fixed monthly amount (yuan). */
export type DuesSchedule = Partial<
  Record<CamelCategory, { brackets: { upTo: number | null; rate: number }[] } | { fixed: number }>
>;
/** Category codes as keys of the stored schedule (annual_salary → annualSalary). */
export type CamelCategory = Exclude<DuesCategory, 'annual_salary'> | 'annualSalary';

export interface DuesDeclarationsTable {
  id: Generated<number>;
  memberId: number;
  orgId: number;
  orgPath: string;
  year: number;
  fromMonth: number;
  category: DuesCategory;
  baseCents: ColumnType<number, number, number>;
  monthlyCents: ColumnType<number, number, number>;
  ruleVersion: string;
  note: string | null;
  status: Generated<'submitted' | 'approved' | 'rejected'>;
  decisionReason: string | null;
  declaredBy: number | null;
  decidedBy: number | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface DuesPaymentsTable {
  id: Generated<number>;
  memberId: number;
  orgId: number;
  orgPath: string;
  /** The first day of the month paid for. */
  month: string;
  dueCents: ColumnType<number, number, number>;
  paidCents: ColumnType<number, number, number>;
  paidOn: string;
  channel: DuesChannel;
  receiptNo: string | null;
  recordedBy: number | null;
  createdAt: Date;
}

export interface DuesReasonsTable {
  id: Generated<number>;
  memberId: number;
  orgId: number;
  orgPath: string;
  fromMonth: string;
  toMonth: string;
  reason: string;
  recordedBy: number | null;
  createdAt: Date;
}

export interface DuesMovementsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  kind: MovementKind;
  counterpartOrgId: number | null;
  amountCents: ColumnType<number, number, number>;
  onDate: string;
  note: string | null;
  recordedBy: number | null;
  createdAt: Date;
}

export interface DuesOrgFiguresTable {
  orgId: number;
  asOf: string;
  members: number;
  owing: number;
  flagged: number;
  monthsUnpaid: number;
  paidLastMonth: number;
  computedAt: ColumnType<Date, Date | undefined, Date | undefined>;
}

export interface DuesTables {
  duesOrgFigures: DuesOrgFiguresTable;
  duesRules: DuesRulesTable;
  duesDeclarations: DuesDeclarationsTable;
  duesPayments: DuesPaymentsTable;
  duesReasons: DuesReasonsTable;
  duesMovements: DuesMovementsTable;
}
