import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ConflictError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { mountGet } from '../../platform/reads.ts';
import { pathWithin } from '../../platform/scope.ts';
import { countLookup, lookupsSoFar, rateLimited } from './lookups.ts';
import { type RegistrationConflictDto, registrationConflictSchema } from './members.contract.ts';

/**
 * ID numbers are unique across the deployment, but a refusal must not tell a branch that the
 * person is registered somewhere it cannot see (security.md ID-08; issue 11). Outside the caller's
 * scope the answer is neutral, the same whatever and wherever the other record is, and the case
 * goes to the lowest organization that sees both sides, which can start a transfer.
 */
export const CANNOT_REGISTER_HERE_MESSAGE =
  '此人暂不能在本组织登记。如该党员已在其他组织，请通过组织关系转接办理';

export class CannotRegisterHereError extends AppError {
  constructor(readonly existing: { memberId: number; orgPath: string; idNumberMasked: string }) {
    super(409, 'CANNOT_REGISTER_HERE', CANNOT_REGISTER_HERE_MESSAGE);
  }
}

/** The record is in the caller's scope: they may be told (they can see it anyway). */
export class AlreadyRegisteredError extends ConflictError {
  constructor() {
    super('该身份证号已在本组织范围内登记，请勿重复登记', { idNumber: '该身份证号已登记' });
  }
}

/** '/1/2/5/' and '/1/3/' → '/1/'; null when the two paths share no organization. */
export function commonAncestorPath(a: string, b: string): string | null {
  const x = a.split('/').filter(Boolean);
  const y = b.split('/').filter(Boolean);
  const shared: string[] = [];
  for (let i = 0; i < Math.min(x.length, y.length) && x[i] === y[i]; i++) shared.push(x[i] as string);
  return shared.length ? `/${shared.join('/')}/` : null;
}

/**
 * After the refused action's transaction is undone, record the routed case (once per open pair)
 * and the refusal's audit row, in a transaction of their own.
 */
async function recordConflict(request: FastifyRequest, error: CannotRegisterHereError): Promise<void> {
  const { db, clock } = request.server.deps;
  const actor = actorOf(request);
  const params = request.params as { id?: string | number };
  const body = (request.body ?? {}) as { name?: string };
  const id = Number(params.id);
  if (!Number.isInteger(id)) return;
  // POST /orgs/:id/members names the organization; PATCH /members/:id the member being edited.
  const creating = request.method === 'POST';
  const target = creating
    ? await db.selectFrom('orgs').select(['id', 'path']).where('id', '=', id).executeTakeFirst()
    : await db
        .selectFrom('members as m')
        .innerJoin('orgs as o', 'o.id', 'm.orgId')
        .select(['o.id', 'o.path', 'm.name'])
        .where('m.id', '=', id)
        .executeTakeFirst();
  if (!target) return;
  const name = String(body.name ?? ('name' in target ? target.name : ''));
  const ancestorPath = commonAncestorPath(target.path, error.existing.orgPath);
  const ancestorId = ancestorPath ? Number(ancestorPath.split('/').filter(Boolean).pop()) : null;
  const now = clock.now();
  await runAction(request, async (trx, audit) => {
    const row = await trx
      .insertInto('memberRegistrationConflicts')
      .values({
        requestedOrgId: target.id,
        existingMemberId: error.existing.memberId,
        ancestorOrgId: ancestorId,
        name: name.slice(0, 50),
        idNumberMasked: error.existing.idNumberMasked,
        requestedBy: actor.user.id,
        requestedAt: now,
        closedBy: null,
        closedAt: null,
        closedNote: null,
      })
      .onConflict((oc) =>
        oc.columns(['requestedOrgId', 'existingMemberId']).where('status', '=', 'open').doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    await audit({
      action: creating ? 'members.create' : 'members.update',
      objectType: creating ? 'org' : 'member',
      objectId: id,
      orgPath: target.path,
      outcome: 'denied',
      detail: { reason: 'cannot_register_here', conflictId: row?.id ?? null, routedTo: ancestorId },
    });
  });
}

/** A request that registers an ID number: member creation, or an edit that changes the number. */
function registersIdNumber(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  if (request.method === 'POST') return url.endsWith('/orgs/:id/members');
  if (request.method === 'PATCH' && url.endsWith('/members/:id'))
    return typeof (request.body as { idNumber?: unknown } | undefined)?.idNumber === 'string';
  return false;
}

/**
 * Around the member routes: a refusal for an ID number already registered (here or elsewhere)
 * answers whether the number exists, so it counts as an exact lookup, and once the account's
 * lookups of the window are spent it may register no number until the window ends (429). The
 * out-of-scope refusal is routed to the common ancestor.
 */
export function routeRegistrationConflicts(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.actor || !registersIdNumber(request)) return;
    const { clock, config } = request.server.deps;
    const { exactLookupLimit, exactLookupWindowMinutes } = config.personalData;
    const so = await lookupsSoFar(
      request.server.deps.db,
      request.actor.user.id,
      clock.now(),
      exactLookupWindowMinutes,
    );
    if (so.n >= exactLookupLimit)
      throw rateLimited(reply, so.retryAfter, exactLookupLimit, exactLookupWindowMinutes);
  });
  app.addHook('onError', async (request: FastifyRequest, _reply: FastifyReply, error: FastifyError) => {
    if (!(error instanceof CannotRegisterHereError) && !(error instanceof AlreadyRegisteredError)) return;
    try {
      const { db, clock, config } = request.server.deps;
      await countLookup(
        db,
        actorOf(request).user.id,
        clock.now(),
        config.personalData.exactLookupWindowMinutes,
      );
      if (error instanceof CannotRegisterHereError) await recordConflict(request, error);
    } catch (failure) {
      request.log.error(failure, 'registration conflict');
    }
  });
}

export const registrationConflictRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  mountGet(
    app,
    '/member-registration-conflicts',
    {
      access: 'members.transfer',
      tags: ['members'],
      query: z.object({ status: z.enum(['open', 'closed']).default('open') }),
      response: z.object({ data: z.array(registrationConflictSchema) }),
    },
    async ({ actor, query, reply }) => {
      noStore(reply);
      const rows = await db
        .selectFrom('memberRegistrationConflicts as c')
        .innerJoin('orgs as a', 'a.id', 'c.ancestorOrgId')
        .innerJoin('orgs as r', 'r.id', 'c.requestedOrgId')
        .leftJoin('members as m', 'm.id', 'c.existingMemberId')
        .leftJoin('orgs as e', 'e.id', 'm.orgId')
        .select([
          'c.id',
          'c.requestedOrgId',
          'r.name as requestedOrgName',
          'c.existingMemberId',
          'm.orgId as existingOrgId',
          'e.name as existingOrgName',
          'c.ancestorOrgId',
          'a.name as ancestorOrgName',
          'c.name',
          'c.idNumberMasked',
          'c.requestedAt',
          'c.status',
        ])
        // Listed where both sides are seen: the common ancestor and the levels above it.
        .where((eb) => pathWithin(eb, 'a.path', actor.paths('members.transfer')))
        .where('c.status', '=', query.status)
        .orderBy('c.id', 'desc')
        .limit(500)
        .execute();
      return {
        data: rows.map(
          (r): RegistrationConflictDto => ({
            id: r.id,
            requestedOrgId: r.requestedOrgId,
            requestedOrgName: r.requestedOrgName,
            existingMemberId: r.existingMemberId,
            existingOrgId: r.existingOrgId,
            existingOrgName: r.existingOrgName,
            ancestorOrgId: r.ancestorOrgId as number,
            ancestorOrgName: r.ancestorOrgName,
            name: r.name,
            idNumber: r.idNumberMasked,
            requestedAt: r.requestedAt.toISOString(),
            status: r.status,
          }),
        ),
      };
    },
  );
};
