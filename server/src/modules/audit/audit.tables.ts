import type { ColumnType, Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, Date | string, never>;
  userId: number | null;
  username: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  orgPath: string | null;
  outcome: 'success' | 'failure' | 'denied';
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  prevHash: Generated<string>;
  hash: Generated<string>;
}

export interface AuditTables {
  auditLog: AuditLogTable;
}
