/**
 * An endpoint declared once in a module's contract: method, path, and the zod schemas of its
 * params, query, body and answer. The web builds its typed client from these declarations
 * (`web/src/shared/client.ts`), and a server test checks that every declared endpoint is a
 * mounted route, so the client cannot drift from the server. Imports zod only.
 */
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint<
  M extends HttpMethod = HttpMethod,
  P extends string = string,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  method: M;
  /** Under /api/v1, with `:name` parameters: `/orgs/:id/children`. */
  path: P;
  query: Q;
  body: B;
  response: R;
}

/** `GET path` answering `response`, with an optional query schema. */
export function get<P extends string, R extends z.ZodType, Q extends z.ZodType | undefined = undefined>(
  path: P,
  schemas: { query?: Q; response: R },
): Endpoint<'GET', P, Q, undefined, R> {
  return { method: 'GET', path, query: schemas.query as Q, body: undefined, response: schemas.response };
}

/** `POST path` taking `body` and answering `response`. */
export function post<P extends string, R extends z.ZodType, B extends z.ZodType | undefined = undefined>(
  path: P,
  schemas: { body?: B; response: R },
): Endpoint<'POST', P, undefined, B, R> {
  return { method: 'POST', path, query: undefined, body: schemas.body as B, response: schemas.response };
}

/** `PATCH path` taking `body` and answering `response`. */
export function patch<P extends string, R extends z.ZodType, B extends z.ZodType | undefined = undefined>(
  path: P,
  schemas: { body?: B; response: R },
): Endpoint<'PATCH', P, undefined, B, R> {
  return { method: 'PATCH', path, query: undefined, body: schemas.body as B, response: schemas.response };
}

/** `PUT path` taking `body` and answering `response` (replace a whole record). */
export function put<P extends string, R extends z.ZodType, B extends z.ZodType | undefined = undefined>(
  path: P,
  schemas: { body?: B; response: R },
): Endpoint<'PUT', P, undefined, B, R> {
  return { method: 'PUT', path, query: undefined, body: schemas.body as B, response: schemas.response };
}

/** A module's endpoints by name (the names the web client uses). */
export type Endpoints = Record<string, Endpoint>;

export function defineEndpoints<E extends Endpoints>(endpoints: E): E {
  return endpoints;
}
