import type { ColumnType, Generated } from 'kysely';
import type { BookingStatus, CatalogueItem, OpeningHours, RoomKind } from './service-centers.contract.ts';

export interface ServiceCentersTable {
  id: Generated<number>;
  orgId: number;
  name: string;
  address: string | null;
  phone: string | null;
  openingHours: ColumnType<OpeningHours, string, string>;
  catalogue: ColumnType<CatalogueItem[], string, string>;
  noShowGraceMinutes: Generated<number>;
  createdAt: Date;
}

export interface ServiceCenterRoomsTable {
  id: Generated<number>;
  centerId: number;
  name: string;
  kind: RoomKind;
  capacity: number;
  requiresApproval: Generated<boolean>;
  active: Generated<boolean>;
}

export interface RoomBookingsTable {
  id: Generated<number>;
  roomId: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  attendees: number;
  bookedBy: number;
  status: BookingStatus;
  linkedType: 'meeting' | 'activity' | null;
  linkedId: number | null;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  checkedInAt: Date | null;
  createdAt: Date;
}

export interface ServiceCentersTables {
  serviceCenters: ServiceCentersTable;
  serviceCenterRooms: ServiceCenterRoomsTable;
  roomBookings: RoomBookingsTable;
}
