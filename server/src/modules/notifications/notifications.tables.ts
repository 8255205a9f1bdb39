export interface NotificationReadsTable {
  userId: number;
  itemKey: string;
  readAt: Date;
}

export interface NotificationsTables {
  notificationReads: NotificationReadsTable;
}
