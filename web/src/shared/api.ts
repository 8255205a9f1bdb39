/**
 * The HTTP client: fetch with the session cookie (same origin only), JSON in and out, and the
 * server's `{ error: { code, message, fields } }` turned into an ApiError that forms can show
 * under their fields (see errors.ts).
 */

export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
}

export interface Paged<T> {
  data: T[];
  page: PageInfo;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

const unauthorizedListeners = new Set<(error: ApiError) => void>();

/** The session context listens here so an expired session sends the user back to the login page. */
export function onUnauthorized(listener: (error: ApiError) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function withQuery(url: string, query?: Query): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

/** What a request can carry besides JSON: a raw body (file uploads) and a signal to abort it. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Sent as is with this content type instead of JSON (a file upload). */
  raw?: { body: Blob | ArrayBuffer; contentType: string };
}

async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.raw) headers['content-type'] = options.raw.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${url}`, {
      method,
      headers,
      credentials: 'same-origin',
      signal: options.signal,
      body: options.raw ? options.raw.body : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; fields?: Record<string, string> } })
      ?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `请求失败（${response.status}）`,
      error?.fields ?? {},
    );
    if (response.status === 401 && !url.startsWith('/auth/login') && !url.startsWith('/auth/me')) {
      for (const listener of unauthorizedListeners) listener(apiError);
    }
    throw apiError;
  }
  return json as T;
}

export const api = {
  get: <T>(url: string, query?: Query, options?: RequestOptions) =>
    request<T>('GET', withQuery(url, query), undefined, options),
  post: <T>(url: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', url, body ?? {}, options),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  delete: <T>(url: string) => request<T>('DELETE', url),
  /** A file sent as the request body (imports); same errors as every other call. */
  upload: <T>(url: string, file: Blob, contentType: string) =>
    request<T>('POST', url, undefined, { raw: { body: file, contentType } }),
};

/** URL for a download the browser fetches itself (CSV exports); same origin, cookie attached. */
export function downloadUrl(url: string, query?: Query): string {
  return withQuery(`/api/v1${url}`, query);
}
