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

/** What a request can carry besides JSON. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra headers (an idempotency key). */
  headers?: Record<string, string>;
  /** Sent as is instead of JSON: a file (with its content type) or a multipart form. */
  raw?: { body: BodyInit; contentType?: string };
}

async function send(method: string, url: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.raw?.contentType) headers['content-type'] = options.raw.contentType;
  else if (!options.raw && body !== undefined) headers['content-type'] = 'application/json';
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
  if (!response.ok) throw await toApiError(response, url);
  return response;
}

async function toApiError(response: Response, url: string): Promise<ApiError> {
  const json = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; fields?: Record<string, string> };
  } | null;
  const error = json?.error;
  const apiError = new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? `请求失败（${response.status}）`,
    error?.fields ?? {},
  );
  if (response.status === 401 && !url.startsWith('/auth/login') && !url.startsWith('/auth/me')) {
    for (const listener of unauthorizedListeners) listener(apiError);
  }
  return apiError;
}

async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const response = await send(method, url, body, options);
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  return json as T;
}

export const api = {
  get: <T>(url: string, query?: Query, options?: RequestOptions) =>
    request<T>('GET', withQuery(url, query), undefined, options),
  post: <T>(url: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', url, body ?? {}, options),
  patch: <T>(url: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', url, body, options),
  put: <T>(url: string, body: unknown, options?: RequestOptions) => request<T>('PUT', url, body, options),
  delete: <T>(url: string, options?: RequestOptions) => request<T>('DELETE', url, undefined, options),
  /** A file or a multipart form as the request body (imports, attachments). */
  upload: <T>(url: string, body: Blob | FormData, contentType?: string) =>
    request<T>('POST', url, undefined, { raw: { body, contentType } }),
  /** POST, then save the answer as a file named by the server (exports); errors as for any call. */
  download: async (url: string, body: unknown, fallbackName: string): Promise<void> => {
    const response = await send('POST', url, body, {});
    const blob = await response.blob();
    const disposition = response.headers.get('content-disposition') ?? '';
    const name = decodeURIComponent(disposition.match(/filename\*=UTF-8''([^;]+)/)?.[1] ?? fallbackName);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  },
};

/** URL for a download the browser fetches itself (CSV exports); same origin, cookie attached. */
export function downloadUrl(url: string, query?: Query): string {
  return withQuery(`/api/v1${url}`, query);
}
