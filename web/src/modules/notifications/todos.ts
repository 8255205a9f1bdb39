/**
 * The person's to-do list, shared by the header bell and the `/todos` page: loaded on sign-in, on
 * every page change and every 2 minutes; a read mark reloads it everywhere.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { notificationsEndpoints } from '../../../../server/src/modules/notifications/notifications.contract.ts';
import { type Answer, createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';

export const notificationsApi = createClient(notificationsEndpoints);
export type Todos = Answer<typeof notificationsEndpoints.todos>['data'];
export type TodoItem = Todos['groups'][number]['items'][number];

const CHANGED = 'jc:todos-changed';
const REFRESH_MS = 120_000;

export async function markRead(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await notificationsApi.markRead({ body: { keys } });
  window.dispatchEvent(new Event(CHANGED));
}

export function useTodos(): { todos: Todos | null; error: string | null; reload: () => void } {
  const location = useLocation();
  const [todos, setTodos] = useState<Todos | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on every page change and tick
  useEffect(() => {
    const controller = new AbortController();
    notificationsApi
      .todos({ signal: controller.signal })
      .then((answer) => {
        setTodos(answer.data);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(errorText(e));
      });
    return () => controller.abort();
  }, [location.pathname, tick]);

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    window.addEventListener(CHANGED, reload);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(CHANGED, reload);
    };
  }, [reload]);

  return { todos, error, reload };
}
