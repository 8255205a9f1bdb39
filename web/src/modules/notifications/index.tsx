import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { notificationsMessages } from './i18n.ts';
import { TodoBell } from './TodoBell.tsx';

const TodosPage = lazy(() => import('./TodosPage.tsx'));

/** Each person's to-do list (sources from every module, assembled by the server) and the header bell. */
export const notificationsModule = defineWebModule({
  name: 'notifications',
  messages: notificationsMessages,
  pages: [{ path: '/todos', element: <TodosPage /> }],
  headerItems: [{ key: 'todos', component: TodoBell }],
});
