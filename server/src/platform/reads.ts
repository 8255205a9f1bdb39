import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { mountRoute, type Parsed, type RouteInput, type RouteOptions, type Schema } from './writes.ts';

/**
 * Read routes (`GET`) in one line of options: "validate → load in the caller's scope → present"
 * without repeating Fastify's route options in every module. `read` receives the parsed params
 * and query, the caller and the database (`RouteInput`); what it returns is the answer,
 * validated against the schema on the way out.
 *
 *   mountGet(app, '/orgs/:id/roster', { access: 'org_life.read', tags, params: idParam, response: rosterResponse },
 *     async ({ db, actor, params }) => ({ data: await rosterOf(db, actor, params.id) }));
 */

/** A read has no body. */
export type ReadInput<P, Q> = RouteInput<P, Q, Parsed<undefined>>;
type ReadOptions<P, Q> = Omit<RouteOptions<P, Q>, 'body'>;

/** `GET path` answering what `read` returns, validated against `response`. */
export function mountGet<
  R extends Schema,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
>(
  app: FastifyInstance,
  path: string,
  options: ReadOptions<P, Q> & { response: R },
  read: (input: ReadInput<Parsed<P>, Parsed<Q>>) => Promise<z.input<R>> | z.input<R>,
): void {
  mountRoute<P, Q, undefined>(app, 'GET', path, { ...options, response: { 200: options.response } }, read);
}
