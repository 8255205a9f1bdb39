/**
 * The data loading every detail page shares: one record loaded when its key changes (an older
 * answer is aborted and ignored), the error and the spinner while there is no record yet, and
 * the record replaced in place when an action answers the changed one.
 *
 *   const { record: p, setRecord: setP, reload, fallback } = useRecord(
 *     (signal) => proposalsApi.get({ params: { id }, signal }).then((r) => r.data), [id]);
 *   if (!p) return fallback;
 */
import { Alert, Spin } from 'antd';
import { type DependencyList, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './errors.ts';

export interface RecordState<T> {
  /** The record, or null until it is loaded (and while a new key loads). */
  record: T | null;
  error: string | null;
  /** Replace the record (an action answered the changed one). */
  setRecord: (record: T) => void;
  /** Load the same record again. */
  reload: () => void;
  /** What the page shows while there is no record: the error, else a spinner. */
  fallback: ReactNode;
}

export function useRecord<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  options: {
    /** `info` for a page that is not an error to miss (a member without a record). */ errorType?:
      | 'error'
      | 'info';
  } = {},
): RecordState<T> {
  const [record, setRecordState] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  // The loader may be a new closure on every render; only the deps and reload trigger a request.
  const loadRef = useRef(load);
  loadRef.current = load;
  const key = JSON.stringify(deps);
  const shown = useRef(key);

  // key stands for the deps, version is the reload trigger.
  // biome-ignore lint/correctness/useExhaustiveDependencies: key and version are the triggers
  useEffect(() => {
    const controller = new AbortController();
    if (shown.current !== key) {
      // Another record: never show the previous one under the new address.
      shown.current = key;
      setRecordState(null);
    }
    loadRef.current(controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        setRecordState(answer);
        setError(null);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(errorText(e));
      },
    );
    return () => controller.abort();
  }, [key, version]);

  const setRecord = useCallback((next: T) => setRecordState(next), []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const fallback = error ? <Alert type={options.errorType ?? 'error'} showIcon title={error} /> : <Spin />;
  return { record, error, setRecord, reload, fallback };
}
