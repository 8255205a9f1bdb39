import { describe, expect, it } from 'vitest';
import { insertUser } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';

const { t, tree, sys, sec, aud } = serverKit({
  sys: { org: 'd1', role: 'system_admin' },
  sec: { org: 'd1', role: 'security_admin' },
  aud: { org: 'd1', role: 'audit_admin' },
});
let n = 0;

const newAccount = async (orgId: number) =>
  insertUser(t.db, { username: `acc${++n}`, orgId, role: 'member' });

describe('三员分立 (separation of the three administrators)', () => {
  type Case = {
    label: string;
    method: 'GET' | 'POST';
    url: (accountId: number) => string;
    payload?: () => Record<string, unknown>;
    allowed: 'sys' | 'sec' | 'aud';
  };
  const cases: Case[] = [
    {
      label: 'create an account',
      method: 'POST',
      url: () => `/api/v1/orgs/${tree.c1.id}/accounts`,
      payload: () => ({ username: `new${++n}`, displayName: '新用户' }),
      allowed: 'sys',
    },
    {
      label: 'grant a role',
      method: 'POST',
      url: (id) => `/api/v1/accounts/${id}/role-grants`,
      payload: () => ({ role: 'branch_secretary', orgId: tree.c1.id }),
      allowed: 'sec',
    },
    { label: 'read the audit log', method: 'GET', url: () => '/api/v1/audit', allowed: 'aud' },
  ];
  it.each(cases)('only one administrator may $label', async ({ method, url, payload, allowed }) => {
    const results: Record<string, number> = {};
    for (const [name, client] of [
      ['sys', sys],
      ['sec', sec],
      ['aud', aud],
    ] as const) {
      const accountId = await newAccount(tree.c1.id);
      const res = await client({ method, url: url(accountId), payload: payload?.() });
      results[name] = res.statusCode;
    }
    for (const [name, status] of Object.entries(results)) {
      if (name === allowed) expect(status, name).toBeLessThan(300);
      else expect(status, name).toBe(403);
    }
  });

  it('no account may hold two of the three roles (checked by the service and by the database)', async () => {
    const id = await insertUser(t.db, { username: `adm${++n}`, orgId: tree.d1.id, role: 'system_admin' });
    const res = await sec({
      method: 'POST',
      url: `/api/v1/accounts/${id}/role-grants`,
      payload: { role: 'audit_admin', orgId: tree.d1.id },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/三员分立/);
    await expect(
      t.db
        .insertInto('roleGrants')
        .values({
          userId: id,
          role: 'security_admin',
          orgId: tree.d2.id,
          grantedBy: null,
          grantedAt: new Date(),
          revokedAt: null,
          revokedBy: null,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('every administrator action is audited', async () => {
    const id = await newAccount(tree.c1.id);
    await sec({
      method: 'POST',
      url: `/api/v1/accounts/${id}/role-grants`,
      payload: { role: 'branch_secretary', orgId: tree.b1.id },
    });
    await sys({ method: 'POST', url: `/api/v1/accounts/${id}/disable` });
    const rows = await t.db
      .selectFrom('auditLog')
      .select(['action', 'username'])
      .where('objectType', 'in', ['user', 'role_grant'])
      .execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        { action: 'roles.grant', username: 'sec' },
        { action: 'accounts.disable', username: 'sys' },
      ]),
    );
  });
});

describe('account management', () => {
  it('creates an account with a one-time temporary password that must be changed', async () => {
    const res = await sys({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/accounts`,
      payload: { username: 'Zhang.San', displayName: '张三', phone: '13800001111' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { account, temporaryPassword } = res.json().data;
    expect(account.username).toBe('zhang.san');
    expect(account.phone).toBe('138****1111');
    expect(res.headers['cache-control']).toBe('no-store');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'zhang.san', password: temporaryPassword },
    });
    expect(login.json().data.pending).toBe('password_change');
    const raw = await t.db
      .selectFrom('users')
      .select(['phoneEnc', 'passwordHash'])
      .where('username', '=', 'zhang.san')
      .executeTakeFirstOrThrow();
    expect(raw.phoneEnc).not.toContain('13800001111');
    expect(raw.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('never reuses a username, and names the field', async () => {
    const res = await sys({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/accounts`,
      payload: { username: 'sec', displayName: '重复' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields.username).toMatch(/用户名/);
  });

  it('disabling an account ends its live sessions', async () => {
    const id = await newAccount(tree.c1.id);
    const user = await t.login(`acc${n}`);
    expect((await sys({ method: 'POST', url: `/api/v1/accounts/${id}/disable` })).statusCode).toBe(200);
    expect((await user({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('lets the security administrator unlock a locked account', async () => {
    const id = await newAccount(tree.c1.id);
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `acc${n}`, password: 'Wrong#1234' },
      });
    }
    const list = await sec({ method: 'GET', url: `/api/v1/accounts/${id}` });
    expect(list.json().data.status).toBe('locked');
    expect((await sec({ method: 'POST', url: `/api/v1/accounts/${id}/unlock` })).statusCode).toBe(200);
    expect(await t.login(`acc${n}`)).toBeTruthy();
  });
});

describe('scope', () => {
  const unchanged = async (id: number | string) => {
    const row = await t.db
      .selectFrom('users')
      .select(['disabledAt', 'displayName'])
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row.disabledAt).toBeNull();
    expect(row.displayName).toMatch(/^acc/);
  };
  it('system administrator: same, parent, sibling, child, other district × read/update/disable', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'system_admin',
      create: newAccount,
      read: { route: 'GET /api/v1/accounts/:id' },
      update: { route: 'PATCH /api/v1/accounts/:id', payload: { displayName: '改名' } },
      delete: { route: 'POST /api/v1/accounts/:id/disable' },
      unchanged,
    });
    for (const [route, payload] of [
      ['POST /api/v1/accounts/:id/enable', undefined],
      ['POST /api/v1/accounts/:id/reset-password', { delivery: 'slip' }],
    ] as const) {
      await runCrossScopeMatrix(t, tree, {
        role: 'system_admin',
        create: newAccount,
        update: { route, payload },
        unchanged,
      });
    }
    await runCrossScopeMatrix(t, tree, {
      role: 'system_admin',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/accounts', query: { orgId: ':id' } },
      update: {
        route: 'POST /api/v1/orgs/:id/accounts',
        payload: () => ({ username: `m${++n}`, displayName: '矩阵' }),
      },
    });
  });

  it('security administrator: grants, revokes and unlocks only within scope', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'security_admin',
      create: newAccount,
      update: {
        route: 'POST /api/v1/accounts/:id/role-grants',
        payload: () => ({ role: 'member', orgId: tree.b1.id }),
      },
      delete: { route: 'POST /api/v1/accounts/:id/unlock' },
      allowedFromByAction: { update: ['same', 'parent'], delete: ['same', 'parent'] },
    });
    const grantOf = async (orgId: number) => {
      const userId = await newAccount(orgId);
      const g = await t.db
        .selectFrom('roleGrants')
        .select('id')
        .where('userId', '=', userId)
        .executeTakeFirstOrThrow();
      return g.id;
    };
    await runCrossScopeMatrix(t, tree, {
      role: 'security_admin',
      create: grantOf,
      delete: { route: 'POST /api/v1/role-grants/:id/revoke' },
    });
  });
});
