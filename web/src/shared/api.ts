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

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${url}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
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
  get: <T>(url: string, query?: Query) => request<T>('GET', withQuery(url, query)),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, body ?? {}),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
};

/** URL for a download the browser fetches itself (CSV exports); same origin, cookie attached. */
export function downloadUrl(url: string, query?: Query): string {
  return withQuery(`/api/v1${url}`, query);
}
