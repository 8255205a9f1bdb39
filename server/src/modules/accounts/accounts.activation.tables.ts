import type { Generated } from 'kysely';

/** An activation code of one member (实名注册): hashed, expiring, used once. */
export interface MemberActivationsTable {
  id: Generated<number>;
  memberId: number;
  orgId: number;
  codeHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  userId: number | null;
  revokedAt: Date | null;
  createdBy: number | null;
  createdAt: Date;
}

/** An SMS code sent to a phone number for a resident's self-registration. */
export interface PhoneVerificationsTable {
  id: Generated<number>;
  phoneHash: string;
  codeHash: string;
  expiresAt: Date;
  attempts: Generated<number>;
  usedAt: Date | null;
  createdAt: Date;
}

export interface ActivationTables {
  memberActivations: MemberActivationsTable;
  phoneVerifications: PhoneVerificationsTable;
}
