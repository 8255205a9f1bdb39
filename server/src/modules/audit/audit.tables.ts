import type { ColumnType } from 'kysely';

export interface AuditLogTable {
  id: ColumnType<number, number | undefined, never>;
  at: ColumnType<Date, Date | string, never>;
  userId: number | null;
  username: string | null;
  /** The caller's roles (comma-separated), chain version 2 rows. */
  roles: ColumnType<string | null, string | null | undefined, never>;
  action: string;
  objectType: string | null;
  objectId: string | null;
  orgPath: string | null;
  outcome: 'success' | 'failure' | 'denied';
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  prevHash: ColumnType<string, string | undefined, never>;
  hash: ColumnType<string, string | undefined, never>;
  /** 1: unkeyed SHA-256 digest computed by the database (before ADR 0011); 2: HMAC by the application. */
  chainVersion: ColumnType<number, number | undefined, never>;
}

export interface AuditTables {
  auditLog: AuditLogTable;
}
