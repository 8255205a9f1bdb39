import { useCallback, useEffect, useState } from 'react';

/**
 * The record a drawer shows: loaded when `id` is set, cleared when it is not (or fails), with a
 * reload for after an action.
 */
export function useDrawerRecord<T>(
  id: number | null,
  fetch: (id: number) => Promise<{ data: T }>,
): [T | null, () => void] {
  const [record, setRecord] = useState<T | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `fetch` is a module-level client call
  const load = useCallback(() => {
    if (id)
      fetch(id).then(
        (r) => setRecord(r.data),
        () => setRecord(null),
      );
    else setRecord(null);
  }, [id]);
  useEffect(load, [load]);
  return [record, load];
}
