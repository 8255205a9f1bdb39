import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { notificationsDocs } from './notifications.docs.ts';
import { notificationsRoutes } from './notifications.routes.ts';

/**
 * Each person's to-do list and the header's unread badge. The module owns no to-do: the other
 * modules' manifests contribute sources (`todos`, one scoped query per person, in their own
 * `<module>.todos.ts`); the platform's registry hands this module the ones the person may see.
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  docs: notificationsDocs,
  migrations,
  routes: notificationsRoutes,
});

export type { NotificationsTables } from './notifications.tables.ts';
