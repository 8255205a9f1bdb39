import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, insertOrg, insertUser, TEST_PASSWORD } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { SESSION_COOKIE } from '../../platform/session.ts';
import { checkPasswordPolicy } from './passwords.ts';
import { newTotpSecret, totpCode, totpStep } from './totp.ts';

const { t } = serverKit({}, { tree: false, security: { loginRateLimit: 1000 } });
let orgId: number;

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });

beforeAll(async () => {
  orgId = (await insertOrg(t.db, { code: 'A1', level: 'district' })).id;
  await insertUser(t.db, { username: 'alice', orgId, role: 'community_secretary', phone: '13912345678' });
  await insertUser(t.db, { username: 'locky', orgId, role: 'member' });
  await insertUser(t.db, { username: 'idle', orgId, role: 'member' });
});

describe('login', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and accepts the phone number too', async () => {
    const res = await login('alice', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const byPhone = await login('13912345678', TEST_PASSWORD);
    expect(byPhone.statusCode).toBe(200);
    expect(byPhone.cookies[0].value).not.toBe(cookie?.value);
  });

  it('issues a new session id at every login and revokes the one the browser had', async () => {
    const first = await t.login('alice');
    const res = await login('alice', TEST_PASSWORD, { cookie: first.cookie });
    expect(res.cookies[0].value).not.toBe(first.cookie.split('=')[1]);
    expect((await first({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('answers an unknown user and a wrong password the same way', async () => {
    const unknown = await login('nobody', 'Wrong#Pass1');
    const wrong = await login('alice', 'Wrong#Pass1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.json().error.message).toBe('用户名或密码错误');
  });

  it('locks after 5 failures for 15 minutes, even for the right password, then unlocks; all audited', async () => {
    for (let i = 0; i < 5; i++) expect((await login('locky', 'Wrong#Pass1')).statusCode).toBe(401);
    const locked = await login('locky', TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    for (let i = 0; i < 5; i++) await login('ghost', 'Wrong#Pass1');
    expect((await login('ghost', 'Wrong#Pass1')).statusCode).toBe(423);
    t.clock.advanceMinutes(14);
    expect((await login('locky', TEST_PASSWORD)).statusCode).toBe(423);
    t.clock.advanceMinutes(2);
    expect((await login('locky', TEST_PASSWORD)).statusCode).toBe(200);
    const rows = await t.db
      .selectFrom('auditLog')
      .select(['action', 'outcome'])
      .where('username', '=', 'locky')
      .execute();
    expect(rows.filter((r) => r.action === 'auth.login' && r.outcome === 'failure')).toHaveLength(5);
    expect(rows.some((r) => r.action === 'auth.lockout')).toBe(true);
    expect(rows.some((r) => r.action === 'auth.login' && r.outcome === 'denied')).toBe(true);
  });

  it('rate-limits login attempts per client address', async () => {
    const strict = await buildTestApp({ security: { loginRateLimit: 3 } });
    try {
      for (let i = 0; i < 3; i++) {
        await strict.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `x${i}`, password: 'a' },
        });
      }
      const res = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'y', password: 'a' },
      });
      expect(res.statusCode).toBe(429);
    } finally {
      await strict.close();
    }
  });
});

describe('sessions', () => {
  it('expires after 30 idle minutes but not while in use', async () => {
    const client = await t.login('idle');
    t.clock.advanceMinutes(29);
    expect((await client({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    t.clock.advanceMinutes(29);
    expect((await client({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    t.clock.advanceMinutes(31);
    const res = await client({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('ends at the absolute lifetime however active the user is', async () => {
    const client = await t.login('idle');
    for (let i = 0; i < 25; i++) {
      t.clock.advanceMinutes(29);
      const res = await client({ method: 'GET', url: '/api/v1/auth/me' });
      if (res.statusCode === 401) {
        expect(i * 29).toBeGreaterThanOrEqual(12 * 60 - 29);
        return;
      }
    }
    throw new Error('session outlived its absolute lifetime');
  });

  it('logout revokes the session on the server: replaying the cookie fails', async () => {
    const client = await t.login('alice');
    const out = await client({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(200);
    expect(out.headers['clear-site-data']).toContain('cookies');
    expect((await client({ method: 'GET', url: '/api/v1/orgs' })).statusCode).toBe(401);
  });

  it('rejects a cross-site write (foreign Origin) with 403 and does nothing', async () => {
    const client = await t.login('alice');
    const res = await client({
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/children`,
      headers: { origin: 'https://evil.example' },
      payload: { code: 'EVIL', name: '恶意', kind: 'branch', level: 'grid' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_REJECTED');
    expect(
      await t.db.selectFrom('orgs').select('id').where('code', '=', 'EVIL').executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('second factor for administrators', () => {
  it('keeps every admin API closed until TOTP is enrolled and verified; codes cannot be replayed', async () => {
    const mfa = await buildTestApp({ security: { mfaRequiredForAdmins: true } });
    try {
      const root = await insertOrg(mfa.db, { code: 'R', level: 'district' });
      await insertUser(mfa.db, { username: 'sec', orgId: root.id, role: 'security_admin' });
      const res = await mfa.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'sec', password: TEST_PASSWORD },
      });
      expect(res.json().data.pending).toBe('mfa_enrollment');
      const client = await mfa.login('sec');
      const blocked = await client({ method: 'GET', url: '/api/v1/accounts' });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.code).toBe('MFA_REQUIRED');
      const setup = await client({ method: 'POST', url: '/api/v1/auth/totp/setup' });
      const secret = setup.json().data.secret as string;
      expect(setup.json().data.otpauthUrl).toContain('otpauth://totp/');
      const bad = await client({
        method: 'POST',
        url: '/api/v1/auth/totp/enable',
        payload: { code: '000000' },
      });
      expect(bad.statusCode).toBe(422);
      const code = totpCode(secret, totpStep(mfa.clock.now()));
      expect(
        (await client({ method: 'POST', url: '/api/v1/auth/totp/enable', payload: { code } })).statusCode,
      ).toBe(200);
      expect((await client({ method: 'GET', url: '/api/v1/accounts' })).statusCode).toBe(200);

      // A new session needs the code again, and the code just used is refused (replay).
      const second = await mfa.login('sec');
      expect((await second({ method: 'GET', url: '/api/v1/accounts' })).json().error.code).toBe(
        'MFA_REQUIRED',
      );
      const replay = await second({ method: 'POST', url: '/api/v1/auth/totp/verify', payload: { code } });
      expect(replay.statusCode).toBe(422);
      mfa.clock.advanceMinutes(1);
      const fresh = totpCode(secret, totpStep(mfa.clock.now()));
      expect(
        (await second({ method: 'POST', url: '/api/v1/auth/totp/verify', payload: { code: fresh } }))
          .statusCode,
      ).toBe(200);
      expect((await second({ method: 'GET', url: '/api/v1/accounts' })).statusCode).toBe(200);
    } finally {
      await mfa.close();
    }
  });

  it('does not ask ordinary roles for a second factor', async () => {
    const mfa = await buildTestApp({ security: { mfaRequiredForAdmins: true } });
    try {
      const root = await insertOrg(mfa.db, { code: 'R', level: 'district' });
      await insertUser(mfa.db, {
        username: 'sec2',
        orgId: root.id,
        role: 'branch_secretary',
        totp: newTotpSecret(),
      });
      const client = await mfa.login('sec2');
      expect((await client({ method: 'GET', url: '/api/v1/orgs' })).statusCode).toBe(200);
    } finally {
      await mfa.close();
    }
  });
});

describe('passwords', () => {
  it.each([
    // security.md DB-AUTH-02 names `Passw0rd!` as passing; with the common list (issue 11) a l33t
    // "password" is refused, so a password of the same shape stands in for it.
    ['Kite#Rain42', 'bob', null],
    ['Passw0rd!', 'bob', /过于常见/],
    ['12345678', 'bob', /至少三类/],
    ['short1A!', 'bob', null],
    ['Sh0rt!', 'bob', /至少需要 8 位/],
    ['abcdefgh', 'bob', /至少三类/],
    ['P@ssw0rd', 'bob', /过于常见/],
    ['Bob#12345', 'bob', /用户名/],
  ])('policy(%s) → %s', (password, username, expected) => {
    const result = checkPasswordPolicy(password, username, 8);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatch(expected);
  });

  it('enforces periodic change under the 等保 profile: after 91 days only the change is reachable', async () => {
    const strict = await buildTestApp({ security: { passwordMaxAgeDays: 90 } });
    try {
      const root = await insertOrg(strict.db, { code: 'R', level: 'district' });
      await insertUser(strict.db, { username: 'old', orgId: root.id, role: 'member' });
      strict.clock.set('2027-02-01T00:00:00Z');
      const res = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'old', password: TEST_PASSWORD },
      });
      expect(res.json().data.pending).toBe('password_change');
      const client = await strict.login('old');
      expect((await client({ method: 'GET', url: '/api/v1/orgs' })).json().error.code).toBe(
        'PASSWORD_CHANGE_REQUIRED',
      );
      const same = await client({
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD },
      });
      expect(same.statusCode).toBe(422);
      expect(same.json().error.fields.newPassword).toMatch(/最近使用过/);
      const changed = await client({
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'Fresh#Pass2027' },
      });
      expect(changed.statusCode).toBe(200);
      expect((await client({ method: 'GET', url: '/api/v1/orgs' })).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
