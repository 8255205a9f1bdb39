import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Insertable } from 'kysely';
import { z } from 'zod';
import type { ActionContext } from './actions.ts';
import { type Actor, authorize } from './actor.ts';
import type { AuditEvent } from './audit.ts';
import type { DB } from './database.ts';
import type { Executor, Trx } from './db.ts';
import { type AuditFn, actorOf, noStore, runAction } from './http.ts';
import { loadVisibleOrg, type ScopedOrg, visibleOrgPath } from './org-scope.ts';
import type { Permission } from './permissions.ts';
import { idParam } from './validation.ts';

/**
 * The pieces every record-keeping module (co-building, volunteers, dual reporting …) used to copy:
 * the service context of one action, "create a record under an organization", "list in the
 * caller's scope with an optional organization filter", and "insert one row and audit it".
 */

/** What a service function receives: one transaction, its audit, the caller and the time. */
export type ServiceContext = Omit<ActionContext, 'request'>;

/** The service context of one action of this request (pass it `runAction`'s transaction and audit). */
export function serviceContext(request: FastifyRequest): (trx: Trx, audit: AuditFn) => ServiceContext {
  return (trx, audit) => ({ trx, audit, actor: actorOf(request), now: request.server.deps.clock.now() });
}

/** The answer of a create: `201 { data: { id } }`. */
export const createdResponse = z.object({ data: z.object({ id: z.number() }) });

/**
 * `POST path` (with `:id` the organization or parent record) creating one record in one
 * transaction: `run` loads the parent in scope (404), authorizes and inserts; answers 201 `{ id }`.
 */
export function mountCreate<B extends z.ZodType>(
  app: FastifyInstance,
  spec: {
    path: string;
    access: Permission | 'authenticated';
    tags: string[];
    body: B;
    run: (ctx: ServiceContext, parentId: number, body: z.infer<B>) => Promise<number>;
  },
): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    spec.path,
    {
      config: { access: spec.access },
      schema: { tags: spec.tags, params: idParam, body: spec.body, response: { 201: createdResponse } },
    },
    async (request, reply) => {
      const id = await runAction(request, (trx, audit) =>
        spec.run(serviceContext(request)(trx, audit), request.params.id, request.body as z.infer<B>),
      );
      return reply.status(201).send({ data: { id } });
    },
  );
}

/**
 * `GET path?orgId=…` listing records in the caller's scope: an `orgId` outside the scope is 404;
 * `list` gets the organization's path (or undefined: the whole scope). `private` answers no-store.
 */
export function mountScopedList<Q extends z.ZodType<{ orgId?: number }>, Item extends z.ZodType>(
  app: FastifyInstance,
  spec: {
    path: string;
    access: Permission | 'authenticated';
    tags: string[];
    query: Q;
    item: Item;
    private?: boolean;
    list: (
      db: Executor,
      actor: Actor,
      query: z.infer<Q>,
      orgPath: string | undefined,
    ) => Promise<z.output<Item>[]>;
  },
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    spec.path,
    {
      config: { access: spec.access },
      schema: {
        tags: spec.tags,
        querystring: spec.query,
        response: { 200: z.object({ data: z.array(spec.item) }) },
      },
    },
    async (request, reply) => {
      if (spec.private) noStore(reply);
      const { db } = request.server.deps;
      const actor = actorOf(request);
      const query = request.query as z.infer<Q>;
      return { data: await spec.list(db, actor, query, await visibleOrgPath(db, actor, query.orgId)) };
    },
  );
}

/** An organization in the caller's scope (404 outside) on which the caller holds `permission` (403). */
export async function loadManagedOrg(
  ctx: Pick<ServiceContext, 'trx' | 'actor'>,
  orgId: number,
  permission: Permission,
): Promise<ScopedOrg> {
  const org = await loadVisibleOrg(ctx.trx, ctx.actor, orgId);
  authorize(ctx.actor, permission, org.path);
  return org;
}

/**
 * Inserts one row and records its audit event in the same transaction; answers the new id.
 * `audit` is the event without its object id (the new row's id).
 */
export async function insertAudited<T extends keyof DB & string>(
  ctx: Pick<ServiceContext, 'trx' | 'audit'>,
  table: T,
  values: Insertable<DB[T]>,
  audit: Omit<AuditEvent, 'objectId'>,
): Promise<number> {
  // The table name and its values are typed at the call; Kysely cannot follow a generic table name.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const trx = ctx.trx as any;
  const { id } = (await trx.insertInto(table).values(values).returning('id').executeTakeFirstOrThrow()) as {
    id: number;
  };
  await ctx.audit({ ...audit, objectId: id });
  return id;
}
