import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, insertOrg, insertUser, TEST_PASSWORD } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { loadConfig } from '../../config.ts';
import { SESSION_COOKIE } from '../../platform/session.ts';
import { COMMON_PASSWORDS, checkPasswordPolicy } from './passwords.ts';
import { newTotpSecret, totpCode, totpStep } from './totp.ts';

// Issue 11: lockout, second-factor attempts, TOTP for personal data, weak passwords
// (security.md DB-AUTH-02, DB-AUTH-04, DB-AUTH-07).

const { t } = serverKit({}, { tree: false });
let orgId: number;

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

beforeAll(async () => {
  orgId = (await insertOrg(t.db, { code: 'A1', level: 'district' })).id;
});

describe('lockout is fixed from the failure that reaches the threshold', () => {
  it('refuses the right password 56 s after the 5th failure even when earlier ones are old', async () => {
    await insertUser(t.db, { username: 'fixed', orgId, role: 'member' });
    for (let i = 0; i < 4; i++) expect((await login('fixed', 'Wrong#Pass1')).statusCode).toBe(401);
    t.clock.advanceMinutes(14.5);
    expect((await login('fixed', 'Wrong#Pass1')).statusCode).toBe(401); // the 5th: locks
    t.clock.advanceMinutes(56 / 60);
    const locked = await login('fixed', TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    t.clock.advanceMinutes(13);
    expect((await login('fixed', TEST_PASSWORD)).statusCode).toBe(423);
    t.clock.advanceMinutes(1.1); // 15 minutes after the 5th failure
    expect((await login('fixed', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('locks an unknown name the same way', async () => {
    for (let i = 0; i < 4; i++) await login('ghost-fixed', 'Wrong#Pass1');
    t.clock.advanceMinutes(14.5);
    await login('ghost-fixed', 'Wrong#Pass1');
    t.clock.advanceMinutes(1);
    expect((await login('ghost-fixed', 'Wrong#Pass1')).statusCode).toBe(423);
  });
});

describe('second-factor attempts are limited like passwords', () => {
  const wrongCode = (secret: string) => {
    const step = totpStep(t.clock.now());
    const valid = new Set([step - 1, step, step + 1].map((s) => totpCode(secret, s)));
    let code = 0;
    while (valid.has(String(code).padStart(6, '0'))) code++;
    return String(code).padStart(6, '0');
  };

  it('locks the account at the 5th wrong code: the 101st attempt with the right code is refused', async () => {
    const mfa = await buildTestApp({ security: { mfaRequiredForAdmins: true } });
    try {
      const root = await insertOrg(mfa.db, { code: 'R', level: 'district' });
      const secret = newTotpSecret();
      const userId = await insertUser(mfa.db, {
        username: 'guess',
        orgId: root.id,
        role: 'security_admin',
        totp: secret,
      });
      const client = await mfa.login('guess');
      const verify = (code: string) =>
        client({ method: 'POST', url: '/api/v1/auth/totp/verify', payload: { code } });
      const statuses: number[] = [];
      const step = totpStep(mfa.clock.now());
      const valid = new Set([step - 1, step, step + 1].map((s) => totpCode(secret, s)));
      for (let i = 0, c = 0; i < 100; c++) {
        const code = String(c).padStart(6, '0');
        if (valid.has(code)) continue;
        statuses.push((await verify(code)).statusCode);
        i++;
      }
      expect(statuses.slice(0, 4)).toEqual([422, 422, 422, 422]);
      expect(statuses[4]).toBe(423);
      expect(new Set(statuses.slice(5))).toEqual(new Set([423]));
      const right = await verify(totpCode(secret, step));
      expect(right.statusCode).toBe(423);
      expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
      // The password alone does not start a new round of guesses.
      expect(
        (
          await mfa.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: 'guess', password: TEST_PASSWORD },
          })
        ).statusCode,
      ).toBe(423);
      const audit = await mfa.db
        .selectFrom('auditLog')
        .select(['action', 'outcome'])
        .where('userId', '=', userId)
        .execute();
      expect(audit.filter((a) => a.action === 'auth.totp_verify' && a.outcome === 'failure')).toHaveLength(5);
      expect(audit.some((a) => a.action === 'auth.lockout')).toBe(true);
      expect(audit.filter((a) => a.action === 'auth.totp_verify' && a.outcome === 'denied').length).toBe(96);
      // After the lock, the right code works.
      mfa.clock.advanceMinutes(16);
      const again = await mfa.login('guess');
      const ok = await again({
        method: 'POST',
        url: '/api/v1/auth/totp/verify',
        payload: { code: totpCode(secret, totpStep(mfa.clock.now())) },
      });
      expect(ok.statusCode, ok.body).toBe(200);
    } finally {
      await mfa.close();
    }
  });

  it('logging in again with the password does not reset the count of wrong codes', async () => {
    const mfa = await buildTestApp({ security: { mfaRequiredForAdmins: true } });
    try {
      const root = await insertOrg(mfa.db, { code: 'R', level: 'district' });
      const secret = newTotpSecret();
      await insertUser(mfa.db, { username: 'again', orgId: root.id, role: 'audit_admin', totp: secret });
      const codes: number[] = [];
      for (let round = 0; round < 3; round++) {
        const client = await mfa.login('again').catch(() => null);
        if (!client) break;
        for (let i = 0; i < 2; i++) {
          const res = await client({
            method: 'POST',
            url: '/api/v1/auth/totp/verify',
            payload: { code: wrongCode(secret) },
          });
          codes.push(res.statusCode);
        }
      }
      expect(codes.slice(0, 5)).toEqual([422, 422, 422, 422, 423]);
    } finally {
      await mfa.close();
    }
  });

  it('counts codes in the per-address rate limit', async () => {
    const strict = await buildTestApp({ security: { loginRateLimit: 3 } });
    try {
      const root = await insertOrg(strict.db, { code: 'R', level: 'district' });
      const secret = newTotpSecret();
      await insertUser(strict.db, { username: 'rate', orgId: root.id, role: 'member', totp: secret });
      const client = await strict.login('rate');
      await client({ method: 'POST', url: '/api/v1/auth/totp/verify', payload: { code: '123456' } });
      await client({ method: 'POST', url: '/api/v1/auth/totp/verify', payload: { code: '123457' } });
      const res = await client({
        method: 'POST',
        url: '/api/v1/auth/totp/verify',
        payload: { code: '123458' },
      });
      expect(res.statusCode).toBe(429);
    } finally {
      await strict.close();
    }
  });
});

describe('TOTP for everyone who can reveal personal data (等保 profile)', () => {
  it('is on in the dengbao profile and off by default', () => {
    expect(loadConfig({ JICENG_SECURITY_PROFILE: 'dengbao' }).security.mfaRequiredForPersonalData).toBe(true);
    expect(loadConfig({}).security.mfaRequiredForPersonalData).toBe(false);
  });

  it('a branch secretary (members.reveal) must enrol; a party member need not', async () => {
    const strict = await buildTestApp({ security: { mfaRequiredForPersonalData: true } });
    try {
      const root = await insertOrg(strict.db, { code: 'R', level: 'district' });
      await insertUser(strict.db, { username: 'branch', orgId: root.id, role: 'branch_secretary' });
      await insertUser(strict.db, { username: 'plain', orgId: root.id, role: 'member' });
      const res = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'branch', password: TEST_PASSWORD },
      });
      expect(res.json().data.pending).toBe('mfa_enrollment');
      const cookie = `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)?.value}`;
      const members = await strict.app.inject({ method: 'GET', url: '/api/v1/members', headers: { cookie } });
      expect(members.statusCode).toBe(403);
      expect(members.json().error.code).toBe('MFA_REQUIRED');
      const plain = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'plain', password: TEST_PASSWORD },
      });
      expect(plain.json().data.pending).toBeNull();
    } finally {
      await strict.close();
    }
  });
});

describe('weak passwords', () => {
  it('ships at least 10,000 common passwords, each refused', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(10_000);
    for (const p of COMMON_PASSWORDS) {
      expect(checkPasswordPolicy(p, 'someone', 8), p).not.toBeNull();
    }
  });

  it.each([
    ['Qwerty@123', /常见/],
    ['Admin@2024', /常见/],
    ['Zhang@1990', /常见|年份/],
    ['Wang#1985!', /常见|年份/],
    ['P@ssw0rd2024', /常见/],
    ['1qaz@WSX', /常见/],
    ['Woaini@1314', /常见/],
    ['Xiaoming@88', /常见/],
    ['Zhaolei@1990', /姓名|年份|用户名/],
    ['Sunshine#2026', /常见|年份/],
  ])('refuses %s', (password, reason) => {
    expect(checkPasswordPolicy(password, 'zhaolei', 8, '赵磊 Zhao Lei')).toMatch(reason);
  });

  it.each([
    'Own#Choice-2027',
    'Tr0ub4dor&3x',
    'Mine#Really-2027',
    'Fresh#Pass2027',
    '湖畔#晨跑Go7',
    'kX9#vLp2!qRw',
  ])('accepts %s', (password) => {
    expect(checkPasswordPolicy(password, 'zhaolei', 8, '赵磊 Zhao Lei')).toBeNull();
  });

  it('tells why through the API (422, named field)', async () => {
    await insertUser(t.db, { username: 'weak', orgId, role: 'member' });
    const client = await t.login('weak');
    const res = await client({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Qwerty@123' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.newPassword).toMatch(/常见/);
  });
});
