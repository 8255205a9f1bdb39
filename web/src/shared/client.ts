/**
 * Typed API clients built from the modules' contracts: a module declares its endpoints once in its
 * `*.contract.ts` (`defineEndpoints`), and `createClient` turns them into functions whose
 * parameters, query, body and answer types come from the zod schemas. Nothing here is written per
 * endpoint, so a changed contract changes the client (and the type checker finds every caller).
 * Calls go through the one HTTP client (api.ts): same cookie, same errors.
 */
import type { z } from 'zod';
import type { Endpoint, Endpoints } from '../../../server/src/platform/endpoints.contract.ts';
import { api, type Query } from './api.ts';

/** `/orgs/:id/children` → `{ id: number | string }`. */
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: number | string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: number | string }
    : Record<never, never>;

type Input<S> = S extends z.ZodType ? z.input<S> : never;

/** What one call takes: the path's parameters, the query and the body where the endpoint has them. */
export type CallArgs<E extends Endpoint> = (keyof PathParams<E['path']> extends never
  ? { params?: undefined }
  : { params: PathParams<E['path']> }) &
  (E['query'] extends z.ZodType ? { query?: Partial<Input<E['query']>> } : { query?: undefined }) &
  (E['body'] extends z.ZodType ? { body: Input<E['body']> } : { body?: undefined }) & {
    signal?: AbortSignal;
    /** Extra request headers (an `Idempotency-Key`). */
    headers?: Record<string, string>;
  };

type HasRequired<E extends Endpoint> = keyof PathParams<E['path']> extends never
  ? E['body'] extends z.ZodType
    ? true
    : false
  : true;

export type Call<E extends Endpoint> =
  HasRequired<E> extends true
    ? (args: CallArgs<E>) => Promise<z.output<E['response']>>
    : (args?: CallArgs<E>) => Promise<z.output<E['response']>>;

export type Client<E extends Endpoints> = { [K in keyof E]: Call<E[K]> };

/** The answer type of one endpoint (`Answer<typeof orgsEndpoints.search>`). */
export type Answer<E extends Endpoint> = z.output<E['response']>;

export function fillPath(path: string, params: Record<string, number | string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}

function call(
  endpoint: Endpoint,
  args: {
    params?: Record<string, number | string>;
    query?: object;
    body?: unknown;
    signal?: AbortSignal;
    headers?: Record<string, string>;
  } = {},
) {
  const url = fillPath(endpoint.path, args.params);
  const options = { signal: args.signal, headers: args.headers };
  switch (endpoint.method) {
    case 'GET':
      return api.get(url, args.query as Query | undefined, options);
    case 'POST':
      return api.post(url, args.body, options);
    case 'PUT':
      return api.put(url, args.body, options);
    case 'PATCH':
      return api.patch(url, args.body, options);
    case 'DELETE':
      return api.delete(url, options);
  }
}

export function createClient<E extends Endpoints>(endpoints: E): Client<E> {
  const client: Record<string, unknown> = {};
  for (const [name, endpoint] of Object.entries(endpoints)) {
    client[name] = (args?: Parameters<typeof call>[1]) => call(endpoint, args);
  }
  return client as Client<E>;
}
