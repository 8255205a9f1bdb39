import type { ColumnType, Generated } from 'kysely';
import type { AttributeDatatype } from './open311.contract.ts';

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

export interface AttributeValue {
  key: string;
  name: string;
}

/** One attribute of a service definition. */
export interface Open311ServiceAttributesTable {
  id: Generated<number>;
  categoryId: number;
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  variable: boolean;
  description: string;
  datatypeDescription: string | null;
  sortOrder: number;
  values: ColumnType<AttributeValue[], string, string>;
}

/** An attribute value as stored with a request: list values by key and by name. */
export interface StoredAttribute {
  code: string;
  description: string;
  values: string[];
}

export interface Open311RequestDetailsTable {
  requestId: number;
  mediaUrl: string | null;
  emailEnc: string | null;
  emailHash: string | null;
  addressId: string | null;
  attributes: ColumnType<StoredAttribute[], string, string>;
}

export interface Open311Tables {
  open311ApiKeys: Open311ApiKeysTable;
  open311ServiceAttributes: Open311ServiceAttributesTable;
  open311RequestDetails: Open311RequestDetailsTable;
}
