import type { ColumnType, Generated } from 'kysely';
import type {
  Disposition,
  EventKind,
  LevelLimits,
  Rating,
  RequestLevel,
  RequestSource,
  RequestStatus,
} from './service-requests.contract.ts';

export interface ServiceRequestCategoriesTable {
  id: Generated<number>;
  code: string;
  name: string;
  description: string | null;
  sortOrder: Generated<number>;
  active: Generated<boolean>;
}

export interface ServiceRequestRulesTable {
  id: Generated<number>;
  version: string;
  effectiveFrom: string;
  source: string;
  limits: ColumnType<LevelLimits, string, never>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  createdBy: number | null;
  /** Hours a return-visit rating can still be corrected (or turned into "not solved"). */
  ratingWindowHours: Generated<number>;
}

export interface ServiceRequestsTable {
  id: Generated<number>;
  code: string;
  orgId: number;
  orgPath: string;
  originLevel: RequestLevel;
  handlingOrgId: number;
  handlingPath: string;
  handlingLevel: RequestLevel;
  source: RequestSource;
  categoryId: number;
  title: string;
  description: string;
  location: string | null;
  lat: number | null;
  lng: number | null;
  residentUserId: number | null;
  contactName: string | null;
  contactPhoneEnc: string | null;
  contactPhoneHash: string | null;
  status: RequestStatus;
  disposition: Disposition | null;
  nextRoute: string | null;
  ruleVersion: string;
  levelStartedOn: string;
  dueOn: string;
  resolution: string | null;
  resolvedAt: Date | null;
  resolvedLevel: RequestLevel | null;
  closedAt: Date | null;
  escalationCount: Generated<number>;
  reopenCount: Generated<number>;
  wasOverdue: Generated<boolean>;
  open311KeyId: number | null;
  proposalId: number | null;
  receivedAt: Date;
  updatedAt: Date;
}

export interface ServiceRequestPhotosTable {
  id: Generated<number>;
  requestId: number;
  mime: string;
  content: Buffer;
  createdAt: Date;
}

export interface ServiceRequestEventsTable {
  id: Generated<number>;
  requestId: number;
  kind: EventKind;
  fromLevel: RequestLevel | null;
  toLevel: RequestLevel | null;
  fromOrgId: number | null;
  toOrgId: number | null;
  actorId: number | null;
  actorName: string | null;
  reason: string | null;
  nextRoute: string | null;
  note: string | null;
  isAutomatic: Generated<boolean>;
  open311KeyId: number | null;
  externalUpdateId: string | null;
  at: Date;
}

export interface ServiceRequestNotificationsTable {
  id: Generated<number>;
  userId: number;
  requestId: number;
  eventId: number | null;
  message: string;
  createdAt: Date;
  readAt: Date | null;
}

/** 满意度回访: one row per visit (a "not solved" visit reopens the request and stays). */
export interface ServiceRequestVisitsTable {
  id: Generated<number>;
  requestId: number;
  rating: Rating;
  solved: boolean;
  comment: string | null;
  byUserId: number | null;
  byName: string;
  ratedAt: Date;
  finalAt: Date;
  correctedAt: Date | null;
}

export interface ServiceRequestsTables {
  serviceRequestCategories: ServiceRequestCategoriesTable;
  serviceRequestRules: ServiceRequestRulesTable;
  serviceRequests: ServiceRequestsTable;
  serviceRequestPhotos: ServiceRequestPhotosTable;
  serviceRequestEvents: ServiceRequestEventsTable;
  serviceRequestNotifications: ServiceRequestNotificationsTable;
  serviceRequestVisits: ServiceRequestVisitsTable;
}
