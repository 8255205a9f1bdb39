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
  /** Change the shown rows in place (an action answered the changed row). */
  updateRows: (change: (rows: Row[]) => Row[]) => void;
}

export function useList<Row, F extends object = Record<string, never>>(
  load: (query: ListQuery<F>, signal: AbortSignal) => Promise<ListAnswer<Row>>,
  options: {
    initialFilters?: F;
    /** Filters owned by the page (read from the address); a change starts again at page 1. */
    filters?: F;
    pageSize?: number;
  } = {},
): ListState<Row, F> {
  const [ownFilters, setFiltersState] = useState<F>(options.initialFilters ?? ({} as F));
  const filters = options.filters ?? ownFilters;
  const filterKey = JSON.stringify(filters);
  const [paging, setPaging] = useState({ filterKey, page: 1, pageSize: options.pageSize ?? 20 });
  const page = paging.filterKey === filterKey ? paging.page : 1;
  const [version, setVersion] = useState(0);
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [isServerPaged, setServerPaged] = useState(true);
  // The loader may be a new closure on every render; only filters, page and reload trigger a request.
  const loadRef = useRef(load);
  loadRef.current = load;
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const latest = useRef(0);
  /**
   * The request of the current query. React may run the effect again for the same query without a
   * change (a Suspense boundary above hides and shows the page again, which disconnects and
   * reconnects effects): the same query is then not sent twice, its answer is still awaited.
   */
  const sent = useRef<{ key: string; controller: AbortController } | null>(null);

  // filterKey stands for the filters, version is the reload trigger.
  useEffect(() => {
    const key = JSON.stringify([filterKey, page, paging.pageSize, version]);
    if (sent.current?.key === key) return;
    // A new query: the older request is aborted, and its answer ignored should it still arrive.
    sent.current?.controller.abort();
    const id = ++latest.current;
    const controller = new AbortController();
    sent.current = { key, controller };
    setLoading(true);
    loadRef.current({ filters: filtersRef.current, page, pageSize: paging.pageSize }, controller.signal).then(
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
  }, [filterKey, page, paging.pageSize, version]);
  // Leaving the page does not abort: an answer that arrives after it is dropped by React, and a
  // page only hidden for a moment (see above) must still receive it.

  const setFilters = useCallback((next: F) => setFiltersState(next), []);
  const setPage = useCallback(
    (nextPage: number, pageSize?: number) =>
      setPaging((p) => ({ filterKey, page: nextPage, pageSize: pageSize ?? p.pageSize })),
    [filterKey],
  );
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return {
    rows,
    total,
    page,
    pageSize: paging.pageSize,
    filters,
    loading,
    error,
    isServerPaged,
    setFilters,
    setPage,
    reload,
    updateRows: setRows,
  };
}
