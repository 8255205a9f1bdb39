import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  type Client,
  insertTwoDistricts,
  insertUser,
  type TestApp,
  testCrypto,
} from '../../../test/app.ts';
import { ADMIN_ROLES, ROLE_PLACEMENT, ROLES, type Role } from '../../platform/permissions.ts';
import { newTotpSecret, totpCode, totpStep } from './totp.ts';

// Issue 11: 三员 against business roles, one 三员 never acting as another, resets delivered to the
// person (security.md DB-AC-03, DB-AUTH-07).

let t: TestApp;
let tree: Awaited<ReturnType<typeof insertTwoDistricts>>;
let sys: Client;
let sec: Client;
let n = 0;
let sysId: number;
let secId: number;
let audId: number;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await insertTwoDistricts(t.db);
  sysId = await insertUser(t.db, { username: 'sys', orgId: tree.d1.id, role: 'system_admin' });
  secId = await insertUser(t.db, { username: 'sec', orgId: tree.d1.id, role: 'security_admin' });
  audId = await insertUser(t.db, { username: 'aud', orgId: tree.d1.id, role: 'audit_admin' });
  [sys, sec] = await Promise.all([t.login('sys'), t.login('sec')]);
});
afterAll(() => t.close());

const grant = (userId: number, role: Role, orgId: number) =>
  sec({ method: 'POST', url: `/api/v1/accounts/${userId}/role-grants`, payload: { role, orgId } });

describe('三员 and business roles never meet on one account', () => {
  // Roles granted only on a grid, building or unit organization (ROLE_PLACEMENT) are left out here:
  // their placement is tested in service-requests.roles.test.ts, and they are business roles like the rest.
  const anywhere = ROLES.filter((r) => !ROLE_PLACEMENT[r]);
  const pairs = anywhere.flatMap((a) => anywhere.map((b) => [a, b] as const));
  const isAdmin = (r: Role) => ADMIN_ROLES.includes(r);

  it.each(pairs)('%s granted, then %s', async (first, second) => {
    const userId = await insertUser(t.db, { username: `pair${++n}`, orgId: tree.d1.id });
    const a = await grant(userId, first, tree.d1.id);
    expect(a.statusCode, a.body).toBe(201);
    const b = await grant(userId, second, tree.c1.id);
    const allowed = !isAdmin(first) && !isAdmin(second);
    if (allowed) {
      expect(b.statusCode, b.body).toBe(201);
    } else {
      expect(b.statusCode, b.body).toBe(409);
      expect(b.json().error.message).toMatch(/三员分立/);
      expect(b.json().error.fields.role).toBeTruthy();
    }
    const active = await t.db
      .selectFrom('roleGrants')
      .select('role')
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .execute();
    expect(active).toHaveLength(allowed ? 2 : 1);
  });

  it('the database refuses a mixed account too, and after a revoke the other class is allowed', async () => {
    const userId = await insertUser(t.db, { username: `db${++n}`, orgId: tree.d1.id, role: 'audit_admin' });
    const insert = (role: Role) =>
      t.db
        .insertInto('roleGrants')
        .values({
          userId,
          role,
          orgId: tree.d1.id,
          grantedBy: null,
          grantedAt: new Date(),
          revokedAt: null,
          revokedBy: null,
        })
        .execute();
    await expect(insert('district_admin')).rejects.toThrow(/三员分立/);
    await t.db
      .updateTable('roleGrants')
      .set({ revokedAt: new Date() })
      .where('userId', '=', userId)
      .execute();
    await insert('district_admin');
    await expect(insert('system_admin')).rejects.toThrow(/三员分立/);
  });

  it('two concurrent grants of different classes: exactly one wins', async () => {
    const userId = await insertUser(t.db, { username: `race${++n}`, orgId: tree.d1.id });
    const results = await Promise.all([
      grant(userId, 'district_admin', tree.d1.id),
      grant(userId, 'audit_admin', tree.d1.id),
      grant(userId, 'branch_secretary', tree.b1.id),
      grant(userId, 'system_admin', tree.d1.id),
    ]);
    const active = await t.db
      .selectFrom('roleGrants')
      .select('role')
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .execute();
    const classes = new Set(active.map((g) => isAdmin(g.role)));
    expect(classes.size).toBe(1);
    expect(results.filter((r) => r.statusCode === 201).length).toBe(active.length);
  });
});

describe('one 三员 never acts as another', () => {
  const sysActions = (id: number) => [
    { method: 'POST' as const, url: `/api/v1/accounts/${id}/reset-password`, payload: { delivery: 'slip' } },
    { method: 'POST' as const, url: `/api/v1/accounts/${id}/disable` },
    { method: 'PATCH' as const, url: `/api/v1/accounts/${id}`, payload: { displayName: '冒名' } },
  ];

  it('the system administrator cannot reset, disable or edit any 三员 account', async () => {
    const otherSys = await insertUser(t.db, {
      username: `sys${++n}`,
      orgId: tree.d1.id,
      role: 'system_admin',
    });
    for (const target of [secId, audId, otherSys]) {
      for (const action of sysActions(target)) {
        const res = await sys(action);
        expect(res.statusCode, `${action.url} ${res.body}`).toBe(403);
        expect(res.json().error.message).toMatch(/三员/);
      }
    }
    const row = await t.db
      .selectFrom('users')
      .select(['displayName', 'disabledAt', 'mustChangePassword'])
      .where('id', '=', secId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ displayName: 'sec', disabledAt: null, mustChangePassword: false });
  });

  it('the security administrator manages 三员 accounts (not its own, not business ones)', async () => {
    const target = await insertUser(t.db, { username: `sys${++n}`, orgId: tree.d1.id, role: 'system_admin' });
    const reset = await sec({
      method: 'POST',
      url: `/api/v1/accounts/${target}/reset-password`,
      payload: { delivery: 'slip' },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await sec({ method: 'POST', url: `/api/v1/accounts/${target}/disable` })).statusCode).toBe(200);
    const own = await sec({
      method: 'POST',
      url: `/api/v1/accounts/${secId}/reset-password`,
      payload: { delivery: 'slip' },
    });
    expect(own.statusCode).toBe(403);
    const business = await insertUser(t.db, { username: `biz${++n}`, orgId: tree.c1.id, role: 'member' });
    const biz = await sec({
      method: 'POST',
      url: `/api/v1/accounts/${business}/reset-password`,
      payload: { delivery: 'slip' },
    });
    expect(biz.statusCode).toBe(403);
    // and the system administrator still manages business accounts
    expect((await sys({ method: 'POST', url: `/api/v1/accounts/${business}/disable` })).statusCode).toBe(200);
    expect(sysId).toBeGreaterThan(0);
  });
});

describe('password reset delivered to the person', () => {
  const loginWith = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const cookieOf = (res: Awaited<ReturnType<typeof loginWith>>) =>
    `jiceng_sid=${res.cookies.find((c) => c.name === 'jiceng_sid')?.value}`;

  it('by SMS: the administrator never sees the password; the text is queued encrypted', async () => {
    const id = await insertUser(t.db, {
      username: `sms${++n}`,
      orgId: tree.c1.id,
      role: 'branch_secretary',
      phone: '13700001234',
    });
    const res = await sys({
      method: 'POST',
      url: `/api/v1/accounts/${id}/reset-password`,
      payload: { delivery: 'sms' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toMatch(/temporaryPassword/);
    expect(res.json().data.sentTo).toBe('137****1234');
    expect(res.json().data.account.passwordResetPending).toBe(true);
    const msg = await t.db
      .selectFrom('smsOutbox')
      .selectAll()
      .where('userId', '=', id)
      .executeTakeFirstOrThrow();
    expect(msg.phoneEnc).not.toContain('13700001234');
    const text = testCrypto.decrypt(msg.bodyEnc);
    const password = /：(\S+)，/.exec(text)?.[1] ?? '';
    expect(msg.bodyEnc).not.toContain(password);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['detail'])
      .where('action', '=', 'accounts.reset_password')
      .where('objectId', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.detail)).not.toContain(password);

    // The temporary password opens only the "set your own password" step.
    const login = await loginWith(`sms${n}`, password);
    expect(login.json().data.pending).toBe('password_change');
    const cookie = cookieOf(login);
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: { cookie } });
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: { cookie } });
    expect(setup.statusCode).toBe(403);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: password, newPassword: 'Own#Choice-2027' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = await sys({ method: 'GET', url: `/api/v1/accounts/${id}` });
    expect(after.json().data.passwordResetPending).toBe(false);
    const reset = await t.db
      .selectFrom('passwordResets')
      .select(['status', 'delivery'])
      .where('userId', '=', id)
      .executeTakeFirstOrThrow();
    expect(reset).toEqual({ status: 'completed', delivery: 'sms' });
  });

  it('by sealed slip: shown once in the slip, recorded as printed by whom, pending until set', async () => {
    const id = await insertUser(t.db, { username: `slip${++n}`, orgId: tree.c1.id, role: 'member' });
    const res = await sys({
      method: 'POST',
      url: `/api/v1/accounts/${id}/reset-password`,
      payload: { delivery: 'slip' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { slip, account } = res.json().data;
    expect(account.passwordResetPending).toBe(true);
    expect(slip).toMatchObject({ username: `slip${n}`, issuedBy: 'sys' });
    expect(slip.temporaryPassword.length).toBeGreaterThanOrEqual(12);
    const listed = await sys({ method: 'GET', url: `/api/v1/accounts/${id}` });
    expect(listed.body).not.toContain(slip.temporaryPassword);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['detail', 'username'])
      .where('action', '=', 'accounts.reset_password')
      .where('objectId', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(audit.username).toBe('sys');
    expect(audit.detail).toMatchObject({ delivery: 'slip' });
    // The old password no longer works; the slip expires.
    expect((await loginWith(`slip${n}`, 'Test#Pass2026')).statusCode).toBe(401);
    t.clock.advanceDays(4);
    const late = await loginWith(`slip${n}`, slip.temporaryPassword);
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('RESET_EXPIRED');
    [sys, sec] = await Promise.all([t.login('sys'), t.login('sec')]);
  });

  it('keeps the second factor: a reset of an account with TOTP still asks for the code first', async () => {
    const secret = newTotpSecret();
    const id = await insertUser(t.db, {
      username: `totp${++n}`,
      orgId: tree.c1.id,
      role: 'branch_secretary',
      totp: secret,
    });
    const res = await sys({
      method: 'POST',
      url: `/api/v1/accounts/${id}/reset-password`,
      payload: { delivery: 'slip' },
    });
    const password = res.json().data.slip.temporaryPassword;
    const login = await loginWith(`totp${n}`, password);
    expect(login.json().data.pending).toBe('mfa');
    const cookie = cookieOf(login);
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: password, newPassword: 'Taken#Over-2027' },
    });
    expect(change.statusCode).toBe(403);
    expect(change.json().error.code).toBe('MFA_REQUIRED');
    const code = totpCode(secret, totpStep(t.clock.now()));
    const verify = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/verify',
      headers: { cookie },
      payload: { code },
    });
    expect(verify.statusCode, verify.body).toBe(200);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: password, newPassword: 'Mine#Really-2027' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
  });

  it('SMS needs a phone number on the account (named field)', async () => {
    const id = await insertUser(t.db, { username: `nophone${++n}`, orgId: tree.c1.id, role: 'member' });
    const res = await sys({
      method: 'POST',
      url: `/api/v1/accounts/${id}/reset-password`,
      payload: { delivery: 'sms' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.delivery).toMatch(/手机号/);
  });
});

describe('second-factor reset: a separate action of the security administrator', () => {
  it('clears TOTP so the person enrols again; never one’s own; not while a password reset is pending', async () => {
    const secret = newTotpSecret();
    const id = await insertUser(t.db, {
      username: `lost${++n}`,
      orgId: tree.c1.id,
      role: 'branch_secretary',
      totp: secret,
    });
    expect((await sys({ method: 'POST', url: `/api/v1/accounts/${id}/reset-totp` })).statusCode).toBe(403);
    const own = await sec({ method: 'POST', url: `/api/v1/accounts/${secId}/reset-totp` });
    expect(own.statusCode).toBe(403);
    const res = await sec({ method: 'POST', url: `/api/v1/accounts/${id}/reset-totp` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.totpEnabled).toBe(false);
    const row = await t.db
      .selectFrom('users')
      .select(['totpSecretEnc', 'totpEnabled'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ totpSecretEnc: null, totpEnabled: false });
    const audit = await t.db
      .selectFrom('auditLog')
      .select('username')
      .where('action', '=', 'accounts.reset_totp')
      .where('objectId', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(audit.username).toBe('sec');

    // A password reset pending: the second factor cannot be cleared as well.
    const other = await insertUser(t.db, {
      username: `both${++n}`,
      orgId: tree.c1.id,
      role: 'member',
      totp: newTotpSecret(),
    });
    await sys({
      method: 'POST',
      url: `/api/v1/accounts/${other}/reset-password`,
      payload: { delivery: 'slip' },
    });
    const blocked = await sec({ method: 'POST', url: `/api/v1/accounts/${other}/reset-totp` });
    expect(blocked.statusCode).toBe(409);
  });

  it('no sealed slip for an account that must use TOTP but has none (the printer could enrol)', async () => {
    const mfa = await buildTestApp({ security: { mfaRequiredForAdmins: true } });
    try {
      const tree2 = await insertTwoDistricts(mfa.db);
      const adminSecret = newTotpSecret();
      await insertUser(mfa.db, {
        username: 'sec',
        orgId: tree2.d1.id,
        role: 'security_admin',
        totp: adminSecret,
      });
      const target = await insertUser(mfa.db, { username: 'aud', orgId: tree2.d1.id, role: 'audit_admin' });
      const client = await mfa.login('sec');
      await client({
        method: 'POST',
        url: '/api/v1/auth/totp/verify',
        payload: { code: totpCode(adminSecret, totpStep(mfa.clock.now())) },
      });
      const res = await client({
        method: 'POST',
        url: `/api/v1/accounts/${target}/reset-password`,
        payload: { delivery: 'slip' },
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.fields.delivery).toMatch(/短信/);
    } finally {
      await mfa.close();
    }
  });
});
