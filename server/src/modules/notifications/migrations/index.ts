import * as createReads from './20261207T145000_notifications_create-reads.ts';

export const migrations = {
  '20261207T145000_notifications_create-reads': createReads,
};
