import type { Generated } from 'kysely';

export interface Open311ApiKeysTable {
  id: Generated<number>;
  name: string;
  orgId: number;
  keyPrefix: string;
  keyHash: string;
  createdAt: Date;
  createdBy: number | null;
  revokedAt: Date | null;
  revokedBy: number | null;
  lastUsedAt: Date | null;
}

export interface Open311Tables {
  open311ApiKeys: Open311ApiKeysTable;
}
