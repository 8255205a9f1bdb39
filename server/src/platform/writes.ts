import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { z } from 'zod';
import type { Actor } from './actor.ts';
import type { Db } from './db.ts';
import { type Access, actorOf, noStore } from './http.ts';

/**
 * Routes with their options on one line: `mountWrite` for commands (`POST`, `PUT`, `PATCH`,
 * `DELETE`), `mountGet`/`mountRead` (`platform/reads.ts`) for reads, both through `mountRoute`.
 * The handler receives the parsed params, query and body, the caller and the database; a command
 * runs its change in `runAction` (one transaction with its audit) as any route does and answers with
 * its return value or `reply.status(…).send(…)`. The OpenAPI document sees the same route as a
 * hand-written one. A state change on a record belongs on the module's action table instead
 * (`platform/actions.ts`).
 */

/** What a route handler receives. `actor` is the signed-in caller (these routes are never `public`). */
export interface RouteInput<P, Q, B = undefined> {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  db: Db;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type Schema = z.ZodType;
export type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** A route's options: who may call it, its OpenAPI tags and the schemas of its input. */
export interface RouteOptions<P, Q, B = undefined> {
  access: Exclude<Access, 'public'>;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Chinese names of the input's fields, when they differ from the shared labels. */
  fieldLabels?: Record<string, string>;
  /** Personal data: the answer is not cached (`Cache-Control: no-store`). */
  private?: boolean;
}

/** Mounts one route; `response` holds its schemas by status. */
export function mountRoute<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
>(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RouteOptions<P, Q, B> & { response: Record<number, Schema> },
  handler: (input: RouteInput<Parsed<P>, Parsed<Q>, Parsed<B>>) => unknown,
): void {
  const schema: FastifySchema = {
    tags: options.tags,
    ...(options.params ? { params: options.params } : {}),
    ...(options.query ? { querystring: options.query } : {}),
    ...(options.body ? { body: options.body } : {}),
    response: options.response,
  };
  const config = {
    access: options.access,
    ...(options.fieldLabels ? { fieldLabels: options.fieldLabels } : {}),
  };
  app.route({
    method,
    url: path,
    config,
    schema,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      if (options.private) noStore(reply);
      return handler({
        params: request.params as Parsed<P>,
        query: request.query as Parsed<Q>,
        body: request.body as Parsed<B>,
        actor: actorOf(request),
        db: request.server.deps.db,
        request,
        reply,
      });
    },
  });
}

/** A command route: `write` runs the change and answers (201 and the like through `reply`). */
export function mountWrite<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  app: FastifyInstance,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RouteOptions<P, Q, B> & { response: Record<number, Schema> },
  write: (input: RouteInput<Parsed<P>, Parsed<Q>, Parsed<B>>) => Promise<unknown>,
): void {
  mountRoute(app, method, path, options, write);
}
