/**
 * The data loading every list page shares: one request per change of filters or page, the answer
 * of an older request discarded (aborted, and ignored by request number should it still arrive),
 * loading and error states, and the total for the pager.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PageInfo } from './api.ts';
import { errorText } from './errors.ts';

/** A list answer: paged (`{ data, page }`) or the whole list (`{ data }`). */
export interface ListAnswer<Row> {
  data: Row[];
  page?: PageInfo;
}

export interface ListQuery<F> {
  filters: F;
  page: number;
  pageSize: number;
}

export interface ListState<Row, F> {
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
  filters: F;
  loading: boolean;
  error: string | null;
  /** The server pages this list (it answered `page`); otherwise the page pages it on screen. */
  isServerPaged: boolean;
  /** New filters start again at page 1. */
  setFilters: (filters: F) => void;
  setPage: (page: number, pageSize?: number) => void;
  /** Load the same page again (after an action changed a row). */
  reload: () => void;
}

export function useList<Row, F extends object = Record<string, never>>(
  load: (query: ListQuery<F>, signal: AbortSignal) => Promise<ListAnswer<Row>>,
  options: { initialFilters?: F; pageSize?: number } = {},
): ListState<Row, F> {
  const [filters, setFiltersState] = useState<F>(options.initialFilters ?? ({} as F));
  const [paging, setPaging] = useState({ page: 1, pageSize: options.pageSize ?? 20 });
  const [version, setVersion] = useState(0);
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [isServerPaged, setServerPaged] = useState(true);
  // The loader may be a new closure on every render; only filters, page and reload trigger a request.
  const loadRef = useRef(load);
  loadRef.current = load;
  const latest = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload trigger
  useEffect(() => {
    const id = ++latest.current;
    const controller = new AbortController();
    setLoading(true);
    loadRef.current({ filters, page: paging.page, pageSize: paging.pageSize }, controller.signal).then(
      (answer) => {
        if (id !== latest.current) return;
        setRows(answer.data);
        setTotal(answer.page?.total ?? answer.data.length);
        setServerPaged(answer.page !== undefined);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== latest.current || controller.signal.aborted) return;
        setError(errorText(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [filters, paging, version]);

  const setFilters = useCallback((next: F) => {
    setFiltersState(next);
    setPaging((p) => ({ ...p, page: 1 }));
  }, []);
  const setPage = useCallback((page: number, pageSize?: number) => {
    setPaging((p) => ({ page, pageSize: pageSize ?? p.pageSize }));
  }, []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return {
    rows,
    total,
    page: paging.page,
    pageSize: paging.pageSize,
    filters,
    loading,
    error,
    isServerPaged,
    setFilters,
    setPage,
    reload,
  };
}
