import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from './actor.ts';
import type { AuditEvent } from './audit.ts';
import type { Executor, Trx } from './db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.ts';
import { type AuditFn, actorOf, runAction } from './http.ts';
import type { Permission } from './permissions.ts';
import { idParam } from './validation.ts';

/**
 * Why an action cannot run now, in Chinese for the person who asked; `field` names the input the
 * reason is about (the error's field, default `status`); `status` overrides the action's
 * `conflictStatus` for this reason (e.g. 422 for a step not yet taken, 409 for one already taken).
 */
export type Refusal = string | { reason: string; field?: string; status?: 409 | 422 };

/** What every action's service function receives: one transaction, its audit, the caller and the time. */
export interface ActionContext {
  trx: Trx;
  audit: AuditFn;
  now: Date;
  actor: Actor;
  request: FastifyRequest;
}

type Params = Record<string, unknown>;

/**
 * One command on one kind of record. The platform mounts it as `POST path` inside `runAction`:
 * load in scope (404) → permission on the record's scope (403, or 404 where the caller sees nothing) → `allowed` (403 with its reason)
 * → `when` (422 with its reason) → `run` → the audit row (written here when `run` wrote none of
 * `audit`'s type) → the table's reply. `abilitiesOf` answers the same checks without running.
 */
export interface ActionDef<Row, Body, Out> {
  /** What the button says (Chinese). */
  title: string;
  /** Route path under /api/v1, with the table's params (e.g. `/service-requests/:id/complete`). */
  path: string;
  /** HTTP method of the route (default POST; PATCH for a change to a part of the record). */
  method?: 'POST' | 'PATCH';
  /** The route params when the action names more than the table's (e.g. a task of the record). */
  params?: z.ZodType<Params>;
  /** The permission the route declares; `'authenticated'` when `allowed` decides who (e.g. only the resident who raised it). */
  permission: Permission | 'authenticated';
  /** Answer 404 instead of 403 where the caller sees nothing of the permission's scope. */
  hiddenOutside?: boolean;
  /** Where the permission must hold; default the table's `scope`. */
  scope?: (row: Row) => string;
  /** Who besides the permission may act: null when the caller may, else the reason (403). */
  allowed?: (actor: Actor, row: Row) => Refusal | null;
  /** The precondition on the record's state: null when it holds, else the reason (422, or `conflictStatus`). */
  when?: (row: Row, actor: Actor) => Refusal | null;
  /** HTTP status of a failed precondition: 422 (default) or 409 when the record changed under the caller. */
  conflictStatus?: 409 | 422;
  body: z.ZodType<Body>;
  /** The service function; it runs in the action's transaction with the record locked by the loader. */
  run: (ctx: ActionContext, row: Row, body: Body) => Promise<Out>;
  /**
   * The audit event type (`module.verb`) this action leaves; a list when the outcome decides
   * which (e.g. a feedback that confirms or reopens). Written here (the first) when `run` wrote none.
   */
  audit: string | readonly string[];
  /** HTTP status of a success (default 200). */
  status?: number;
  /** The answer, when it differs from the table's `reply`. */
  reply?: (out: Out, request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;
  /** Its response schema, when `reply` is given. */
  response?: z.ZodType;
}

export interface ActionTableSpec<Row, Out, Defs extends Record<string, AnyAction>> {
  /** OpenAPI tags of the mounted routes. */
  tags: string[];
  /** Chinese labels of the bodies' fields where a name means something else elsewhere (`config.fieldLabels`). */
  fieldLabels?: Record<string, string>;
  /** Audit object type of the records. */
  objectType: string;
  /** The route params (default `{ id }`). */
  params?: z.ZodType<Params>;
  /**
   * Loads the record within the caller's scope: throws NotFoundError outside it. With `lock`,
   * the row is locked for the transaction first (state changes). `now` is the request's clock
   * (absent when abilities are computed outside a request), for preconditions that are timed.
   */
  load: (db: Executor, actor: Actor, params: Params, options: { lock: boolean; now?: Date }) => Promise<Row>;
  /** The record's id, for the audit row. */
  id: (row: Row) => number | string;
  /** The organization path the permission is checked on (and the audit row's scope). */
  scope: (row: Row) => string;
  /** The answer of every action without its own `reply`. */
  reply: (out: Out, request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;
  /** Response schema of `reply` (status 200 / the action's status). */
  response: z.ZodType;
  actions: Defs;
}

export type ActionTable<
  Row,
  Out = Row,
  Defs extends Record<string, AnyAction> = Record<string, AnyAction>,
> = ActionTableSpec<Row, Out, Defs>;

/** The booleans a presented record carries: `{ [action]: true | false }`. */
export type Abilities<Names extends string> = Record<Names, boolean>;

/**
 * Declares a module's action table. Each entry is written with `act` so its body type reaches
 * its `run`: `actions: { complete: act({ … body: resolutionBody, run: (ctx, row, b) => … }) }`.
 */
/** Any declared action (the table's checks are typed by its record through `actionFor`). */
// biome-ignore lint/suspicious/noExplicitAny: a table's entries differ in body type; each is typed where declared
export type AnyAction = ActionDef<any, any, any>;
type RowOf<Defs> = Defs[keyof Defs] extends {
  run: (ctx: ActionContext, row: infer R, body: never) => unknown;
}
  ? R
  : never;
type OutOf<Defs> = Defs[keyof Defs] extends { run: (...args: never[]) => Promise<infer O> } ? O : never;

export function defineActions<Defs extends Record<string, AnyAction>>(
  spec: ActionTableSpec<RowOf<Defs>, OutOf<Defs>, Defs>,
): ActionTable<RowOf<Defs>, OutOf<Defs>, Defs> {
  return spec;
}

/** One action of a table whose record type is `Row` and whose result type is `Out`. */
export function actionFor<Row, Out>() {
  return <Body>(def: ActionDef<Row, Body, Out>): ActionDef<Row, Body, Out> => def;
}

function refusalError(status: 409 | 422, refusal: Refusal): Error {
  const { reason, field } = typeof refusal === 'string' ? { reason: refusal, field: undefined } : refusal;
  const fields = { [field ?? 'status']: reason };
  return status === 409 ? new ConflictError(reason, fields) : new ValidationError(fields, reason);
}

/**
 * Why the caller cannot run `def` on `row` now, or null when it can. The same order as the
 * route: permission, who, state.
 */
export function refusalOf<Row>(
  table: Pick<ActionTable<Row, unknown>, 'scope'>,
  def: Pick<
    ActionDef<Row, unknown, unknown>,
    'permission' | 'scope' | 'allowed' | 'when' | 'conflictStatus' | 'hiddenOutside'
  >,
  actor: Actor,
  row: Row,
): { status: 403 | 404 | 409 | 422; refusal: Refusal } | null {
  if (def.permission !== 'authenticated') {
    const path = (def.scope ?? table.scope)(row);
    // A record the caller may read but not act on is 403; an action whose other side must not learn
    // that the record exists (the receiving side of a transfer) declares `hiddenOutside` and is 404
    // where the caller sees nothing of that scope, as `authorize` answers.
    if (!actor.can(def.permission, path)) {
      return def.hiddenOutside && !actor.sees(path)
        ? { status: 404, refusal: '记录不存在或无权访问' }
        : { status: 403, refusal: '没有执行此操作的权限' };
    }
  }
  const who = def.allowed?.(actor, row);
  if (who) return { status: 403, refusal: who };
  const state = def.when?.(row, actor);
  if (state) {
    const own = typeof state === 'string' ? undefined : state.status;
    return { status: own ?? def.conflictStatus ?? 422, refusal: state };
  }
  return null;
}

/** What the caller may do with this record, from the same checks as the routes. */
export function abilitiesOf<Row, Out, Defs extends Record<string, AnyAction>>(
  table: ActionTable<Row, Out, Defs>,
  actor: Actor,
  row: Row,
): Abilities<Extract<keyof Defs, string>> {
  const out = {} as Record<string, boolean>;
  for (const [name, def] of Object.entries(table.actions)) {
    out[name] = refusalOf(table, def, actor, row) === null;
  }
  return out as Abilities<Extract<keyof Defs, string>>;
}

/** For each action the caller cannot run, the reason (for a tooltip on a disabled button). */
export function reasonsOf<Row, Out, Defs extends Record<string, AnyAction>>(
  table: ActionTable<Row, Out, Defs>,
  actor: Actor,
  row: Row,
): Partial<Record<Extract<keyof Defs, string>, string>> {
  const out: Record<string, string> = {};
  for (const [name, def] of Object.entries(table.actions)) {
    const refused = refusalOf(table, def, actor, row);
    if (refused) out[name] = typeof refused.refusal === 'string' ? refused.refusal : refused.refusal.reason;
  }
  return out as Partial<Record<Extract<keyof Defs, string>, string>>;
}

/**
 * Runs one action of `table` for this request: what the mounted route does, callable from a
 * hand-written route whose path or answer the table cannot express.
 */
export async function performAction<Row, Out>(
  request: FastifyRequest,
  table: ActionTable<Row, Out>,
  name: string,
  params: Params,
  body: unknown,
): Promise<Out> {
  const def = table.actions[name] as ActionDef<Row, unknown, Out> | undefined;
  if (!def) throw new Error(`no action ${name}`);
  const actor = actorOf(request);
  return runAction(request, async (trx, audit) => {
    const row = await table.load(trx, actor, params, { lock: true, now: request.server.deps.clock.now() });
    const refused = refusalOf(table, def, actor, row);
    if (refused?.status === 403 || refused?.status === 404) {
      const r = refused.refusal;
      const reason = typeof r === 'string' ? r : r.reason;
      throw refused.status === 403 ? new ForbiddenError(reason) : new NotFoundError(reason);
    }
    if (refused) throw refusalError(refused.status, refused.refusal);
    let audited = false;
    const types = auditTypesOf(def);
    const tracked: AuditFn = (event: AuditEvent) => {
      if (types.includes(event.action)) audited = true;
      return audit(event);
    };
    const out = await def.run(
      { trx, audit: tracked, now: request.server.deps.clock.now(), actor, request },
      row,
      body,
    );
    if (!audited) {
      await audit({
        action: types[0] as string,
        objectType: table.objectType,
        objectId: table.id(row),
        orgPath: table.scope(row),
      });
    }
    return out;
  });
}

/** The audit types an action may leave (its `audit`, as a list). */
export function auditTypesOf(def: Pick<AnyAction, 'audit'>): readonly string[] {
  return typeof def.audit === 'string' ? [def.audit] : def.audit;
}

/** Mounts every action of the table as `POST <path>` (call it from the module's routes plugin). */
export function mountActions<Row, Out, Defs extends Record<string, AnyAction>>(
  app: FastifyInstance,
  table: ActionTable<Row, Out, Defs>,
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const [name, entry] of Object.entries(table.actions)) {
    const def = entry as ActionDef<Row, unknown, Out>;
    const status = def.status ?? 200;
    typed.route({
      method: def.method ?? 'POST',
      url: def.path,
      config: { access: def.permission, fieldLabels: table.fieldLabels },
      schema: {
        tags: table.tags,
        summary: def.title,
        params: def.params ?? table.params ?? idParam,
        body: def.body,
        response: { [status]: def.response ?? table.response },
      },
      handler: async (request, reply) => {
        const out = await performAction(
          request,
          table as unknown as ActionTable<Row, Out>,
          name,
          request.params as Params,
          request.body,
        );
        const answer = await (def.reply ?? table.reply)(out, request, reply);
        return reply.status(status).send(answer);
      },
    });
  }
}

/** An empty body for actions that take no input. */
export const noBody = z.object({}).strict();
