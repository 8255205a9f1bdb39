import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../../platform/permissions.ts';
import type { ActivationTables } from './accounts.activation.tables.ts';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  phoneHash: string | null;
  phoneEnc: string | null;
  homeOrgId: number;
  passwordHash: string;
  passwordChangedAt: Date;
  mustChangePassword: Generated<boolean>;
  totpSecretEnc: string | null;
  totpEnabled: Generated<boolean>;
  totpLastStep: number | null;
  failedAttempts: Generated<number>;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  isDemo: Generated<boolean>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  userId: number;
  passwordHash: string;
  createdAt: Date;
}

export interface RoleGrantsTable {
  id: Generated<number>;
  userId: number;
  role: Role;
  orgId: number;
  grantedBy: number | null;
  grantedAt: Date;
  revokedAt: Date | null;
  revokedBy: number | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a database leak does not leak live sessions. */
  id: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  mfaVerifiedAt: Date | null;
  revokedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  identifier: string;
  ip: string;
  at: Date;
  success: boolean;
}

/** Fixed-window request counters (platform/rate-limit.ts). */
export interface RateLimitsTable {
  bucket: string;
  key: string;
  windowStart: Date;
  hits: number;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  userId: number;
  delivery: 'sms' | 'slip';
  status: Generated<'pending' | 'completed' | 'cancelled'>;
  requestedBy: number | null;
  requestedAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  purpose: string;
  userId: number | null;
  /** AES-GCM, like every phone number. */
  phoneEnc: string;
  /** AES-GCM: the text may hold a temporary password. */
  bodyEnc: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: Generated<number>;
  lastError: string | null;
}

export interface LoginLockoutsTable {
  identifier: string;
  lockedAt: Date;
  lockedUntil: Date;
}

export interface AccountsTables extends ActivationTables {
  users: UsersTable;
  passwordHistory: PasswordHistoryTable;
  roleGrants: RoleGrantsTable;
  sessions: SessionsTable;
  loginAttempts: LoginAttemptsTable;
  rateLimits: RateLimitsTable;
  passwordResets: PasswordResetsTable;
  smsOutbox: SmsOutboxTable;
  loginLockouts: LoginLockoutsTable;
}
