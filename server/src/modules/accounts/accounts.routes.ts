import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import type { Permission } from '../../platform/permissions.ts';
import { idParam } from '../../platform/validation.ts';
import {
  accountListResponse,
  accountSchema,
  createAccountBody,
  grantRoleBody,
  listAccountsQuery,
  temporaryPasswordResponse,
  updateAccountBody,
} from './accounts.contract.ts';
import { findAccounts, getAccountInScope, presentAccounts } from './accounts.queries.ts';
import {
  type AccountCtx,
  createAccount,
  grantRole,
  resetPassword,
  revokeRole,
  setAccountDisabled,
  unlockAccount,
  updateAccount,
} from './accounts.service.ts';

const tags = ['accounts'];
const dataAccount = z.object({ data: accountSchema });

export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto } = app.deps;
  const present = async (
    id: number,
    actor: ReturnType<typeof actorOf>,
    permission: Permission = 'accounts.read',
  ) => {
    const row = await getAccountInScope(db, actor, id, permission);
    return (await presentAccounts(db, crypto, [row], clock.now()))[0];
  };
  const act = <T>(request: Parameters<typeof runAction>[0], fn: (ctx: AccountCtx) => Promise<T>) => {
    const actor = actorOf(request);
    return runAction(request, (trx, audit) => fn({ trx, audit, actor, now: clock.now(), crypto }));
  };

  app.get(
    '/accounts',
    {
      config: { access: 'accounts.read' },
      schema: { tags, querystring: listAccountsQuery, response: { 200: accountListResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const { rows, total } = await findAccounts(db, actorOf(request), request.query);
      return {
        data: await presentAccounts(db, crypto, rows, clock.now()),
        page: { page: request.query.page, pageSize: request.query.pageSize, total },
      };
    },
  );

  app.get(
    '/accounts/:id',
    {
      config: { access: 'accounts.read' },
      schema: { tags, params: idParam, response: { 200: dataAccount } },
    },
    async (request, reply) => {
      noStore(reply);
      return { data: await present(request.params.id, actorOf(request)) };
    },
  );

  app.post(
    '/orgs/:id/accounts',
    {
      config: { access: 'accounts.create' },
      schema: {
        tags,
        params: idParam,
        body: createAccountBody,
        response: { 201: temporaryPasswordResponse },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const created = await act(request, (ctx) => createAccount(ctx, request.params.id, request.body));
      const account = await present(created.id, actorOf(request), 'accounts.create');
      return reply.status(201).send({ data: { account, temporaryPassword: created.temporaryPassword } });
    },
  );

  app.patch(
    '/accounts/:id',
    {
      config: { access: 'accounts.update' },
      schema: { tags, params: idParam, body: updateAccountBody, response: { 200: dataAccount } },
    },
    async (request) => {
      await act(request, (ctx) => updateAccount(ctx, request.params.id, request.body));
      return { data: await present(request.params.id, actorOf(request), 'accounts.update') };
    },
  );

  for (const [suffix, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/accounts/:id/${suffix}`,
      {
        config: { access: 'accounts.disable' },
        schema: { tags, params: idParam, response: { 200: dataAccount } },
      },
      async (request) => {
        await act(request, (ctx) => setAccountDisabled(ctx, request.params.id, disabled));
        return { data: await present(request.params.id, actorOf(request), 'accounts.disable') };
      },
    );
  }

  app.post(
    '/accounts/:id/unlock',
    {
      config: { access: 'accounts.unlock' },
      schema: { tags, params: idParam, response: { 200: dataAccount } },
    },
    async (request) => {
      await act(request, (ctx) => unlockAccount(ctx, request.params.id));
      return { data: await present(request.params.id, actorOf(request), 'accounts.unlock') };
    },
  );

  app.post(
    '/accounts/:id/reset-password',
    {
      config: { access: 'accounts.reset_password' },
      schema: { tags, params: idParam, response: { 200: temporaryPasswordResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const temporary = await act(request, (ctx) => resetPassword(ctx, request.params.id));
      const account = await present(request.params.id, actorOf(request), 'accounts.reset_password');
      return { data: { account, temporaryPassword: temporary } };
    },
  );

  app.post(
    '/accounts/:id/role-grants',
    {
      config: { access: 'roles.grant' },
      schema: { tags, params: idParam, body: grantRoleBody, response: { 201: dataAccount } },
    },
    async (request, reply) => {
      await act(request, (ctx) => grantRole(ctx, request.params.id, request.body.role, request.body.orgId));
      return reply
        .status(201)
        .send({ data: await present(request.params.id, actorOf(request), 'roles.grant') });
    },
  );

  app.post(
    '/role-grants/:id/revoke',
    { config: { access: 'roles.revoke' }, schema: { tags, params: idParam, response: { 200: dataAccount } } },
    async (request) => {
      const userId = await act(request, (ctx) => revokeRole(ctx, request.params.id));
      return { data: await present(userId, actorOf(request), 'roles.revoke') };
    },
  );
};
