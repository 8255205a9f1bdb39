import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Grant } from '../../platform/actor.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { pageInfoOf } from '../../platform/paging.ts';
import type { Permission } from '../../platform/permissions.ts';
import { requiresMfa } from '../../platform/session.ts';
import { idParam } from '../../platform/validation.ts';
import {
  accountListResponse,
  accountSchema,
  createAccountBody,
  grantRoleBody,
  listAccountsQuery,
  resetPasswordBody,
  resetPasswordResponse,
  temporaryPasswordResponse,
  updateAccountBody,
} from './accounts.contract.ts';
import { findAccounts, getAccountInScope, presentAccounts } from './accounts.queries.ts';
import {
  type AccountCtx,
  createAccount,
  grantRole,
  resetPassword,
  resetTotp,
  revokeRole,
  setAccountDisabled,
  unlockAccount,
  updateAccount,
} from './accounts.service.ts';
import { type PasswordResetDelivery, slipDelivery, smsDelivery } from './password-reset.ts';
import { deliverSmsOutbox, httpSmsSender } from './sms.ts';

const tags = ['accounts'];
const dataAccount = z.object({ data: accountSchema });

export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto, config } = app.deps;
  const deliveries: Record<'sms' | 'slip', PasswordResetDelivery> = {
    sms: smsDelivery({
      gatewayConfigured: Boolean(config.smsGatewayUrl),
      production: config.nodeEnv === 'production',
    }),
    slip: slipDelivery,
  };
  const smsSender = config.smsGatewayUrl ? httpSmsSender(config.smsGatewayUrl) : null;
  // After the commit: hand queued texts to the gateway; failures stay queued for the next send.
  const flushSms = () => {
    if (!smsSender) return;
    deliverSmsOutbox(db, crypto, smsSender, () => clock.now()).catch((error) =>
      app.log.error({ err: error }, 'SMS delivery failed'),
    );
  };
  const present = async (
    id: number,
    actor: ReturnType<typeof actorOf>,
    permission: Permission = 'accounts.read',
  ) => {
    const row = await getAccountInScope(db, actor, id, permission);
    return (await presentAccounts(db, crypto, [row], clock.now()))[0];
  };
  if (smsSender) {
    // texts the gateway refused stay queued: retried every minute (the receiver dedupes by id)
    const timer = setInterval(flushSms, 60_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  const act = <T>(request: Parameters<typeof runAction>[0], fn: (ctx: AccountCtx) => Promise<T>) => {
    const actor = actorOf(request);
    const mfaRequired = (grants: Grant[], isDemo: boolean) =>
      requiresMfa(grants, config.security) && !(config.demo && isDemo);
    return runAction(request, (trx, audit) =>
      fn({ trx, audit, actor, now: clock.now(), crypto, mfaRequired }),
    );
  };
  /** Run a command on the account `:id` and answer the account as it is after it. */
  const actOn = async (
    request: Parameters<typeof runAction>[0] & { params: { id: number } },
    fn: (ctx: AccountCtx, id: number) => Promise<unknown>,
    permission?: Permission,
  ) => {
    await act(request, (ctx) => fn(ctx, request.params.id));
    return { data: await present(request.params.id, actorOf(request), permission) };
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
        page: pageInfoOf(request.query, total),
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
      // the service decides: business accounts by the system administrator, 三员 accounts by the
      // security administrator (accounts.manage_admins)
      config: { access: 'accounts.read' },
      schema: { tags, params: idParam, body: updateAccountBody, response: { 200: dataAccount } },
    },
    async (request) => actOn(request, (ctx, id) => updateAccount(ctx, id, request.body)),
  );

  for (const [suffix, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/accounts/:id/${suffix}`,
      {
        config: { access: 'accounts.read' },
        schema: { tags, params: idParam, response: { 200: dataAccount } },
      },
      async (request) => actOn(request, (ctx, id) => setAccountDisabled(ctx, id, disabled)),
    );
  }

  app.post(
    '/accounts/:id/unlock',
    {
      config: { access: 'accounts.unlock' },
      schema: { tags, params: idParam, response: { 200: dataAccount } },
    },
    async (request) => actOn(request, unlockAccount, 'accounts.unlock'),
  );

  app.post(
    '/accounts/:id/reset-password',
    {
      config: { access: 'accounts.read' },
      schema: { tags, params: idParam, body: resetPasswordBody, response: { 200: resetPasswordResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const delivery = deliveries[request.body.delivery];
      const result = await act(request, (ctx) => resetPassword(ctx, request.params.id, delivery));
      if (result.delivery === 'sms') flushSms();
      const account = await present(request.params.id, actorOf(request));
      return { data: { account, ...result } };
    },
  );

  app.post(
    '/accounts/:id/reset-totp',
    {
      config: { access: 'accounts.reset_totp' },
      schema: { tags, params: idParam, response: { 200: dataAccount } },
    },
    async (request) => actOn(request, resetTotp),
  );

  app.post(
    '/accounts/:id/role-grants',
    {
      config: { access: 'roles.grant' },
      schema: { tags, params: idParam, body: grantRoleBody, response: { 201: dataAccount } },
    },
    async (request, reply) => {
      const { role, orgId } = request.body;
      const answer = await actOn(request, (ctx, id) => grantRole(ctx, id, role, orgId), 'roles.grant');
      return reply.status(201).send(answer);
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
