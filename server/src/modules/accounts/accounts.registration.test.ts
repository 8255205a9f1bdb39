import { describe, expect, it } from 'vitest';
import { testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { loadConfig } from '../../config.ts';

/**
 * Residents register themselves with a phone number (居民自助注册): an SMS code through the console
 * sender, configurable lifetime, wrong tries and hourly limits per phone and per client address.
 */
const registration = {
  smsSender: 'console' as const,
  codeMinutes: 10,
  codeAttempts: 3,
  codesPerPhoneHour: 2,
  codesPerIpHour: 6,
  attemptsPerIpHour: 20,
};
const { t, tree, farResident, relogin } = serverKit(
  { farResident: { org: 'c3', role: 'resident' } },
  { config: { registration } },
);

let ipSeq = 0;
/** Each test from its own client address unless it tests the address limit. */
const nextIp = () => `10.9.0.${++ipSeq}`;

const askCode = (phone: string, ip: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/register/sms-code',
    payload: { phone },
    remoteAddress: ip,
  });

/** The code as sent: the outbox row of the phone, decrypted (what the console sender logs). */
async function sentCode(phone: string): Promise<string> {
  const rows = await t.db
    .selectFrom('smsOutbox')
    .select(['phoneEnc', 'bodyEnc'])
    .where('purpose', '=', 'register')
    .orderBy('id', 'desc')
    .execute();
  const row = rows.find((r) => testCrypto.decrypt(r.phoneEnc) === phone);
  if (!row) throw new Error(`no SMS to ${phone}`);
  const text = testCrypto.decrypt(row.bodyEnc);
  return /(\d{6})/.exec(text)?.[1] ?? '';
}

const register = (payload: Record<string, unknown>, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload, remoteAddress: ip });

const form = (phone: string, smsCode: string, communityId = tree.c1.id) => ({
  phone,
  smsCode,
  displayName: '王居民',
  communityId,
  password: 'Lan!Tian#2026q',
});

describe('residents register with a phone number (居民自助注册)', () => {
  it('sends a code, registers the resident on their community and signs them in', async () => {
    const ip = nextIp();
    const phone = '13900000001';
    expect((await askCode(phone, ip)).statusCode).toBe(200);
    const code = await sentCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const sms = await t.db
      .selectFrom('smsOutbox')
      .select('sentAt')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(sms.sentAt).not.toBeNull(); // the console sender delivered it

    const res = await register(form(phone, code), ip);
    expect(res.statusCode, res.body).toBe(201);
    const { userId, username } = res.json().data;
    expect(username).toBe(`r${phone}`);
    const grants = await t.db
      .selectFrom('roleGrants')
      .select(['role', 'orgId'])
      .where('userId', '=', userId)
      .execute();
    expect(grants).toEqual([{ role: 'resident', orgId: tree.c1.id }]);
    const user = await t.db
      .selectFrom('users')
      .select(['phoneEnc', 'homeOrgId'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.homeOrgId).toBe(tree.c1.id);
    expect(user.phoneEnc).not.toContain(phone); // stored encrypted

    const client = await t.login(username, 'Lan!Tian#2026q');
    const me = await client({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(JSON.stringify(me.json().data.grants ?? me.json().data)).toContain(`"orgId":${tree.c1.id}`);
  });

  it('a code works once: registering again with it is refused', async () => {
    const ip = nextIp();
    const phone = '13900000002';
    await askCode(phone, ip);
    const code = await sentCode(phone);
    expect((await register(form(phone, code), ip)).statusCode).toBe(201);
    const again = await register({ ...form(phone, code), displayName: '另一人' }, ip);
    expect(again.statusCode).toBe(422);
    expect(again.json().error.fields.smsCode).toContain('验证码');
  });

  it('a code expires after the configured minutes (valid until the instant before)', async () => {
    const ip = nextIp();
    const phone = '13900000003';
    await askCode(phone, ip);
    const code = await sentCode(phone);
    t.clock.advanceMinutes(registration.codeMinutes);
    const late = await register(form(phone, code), ip);
    expect(late.statusCode).toBe(422);
    expect(late.json().error.fields.smsCode).toBe('短信验证码不正确或已过期');

    await askCode(phone, ip);
    const fresh = await sentCode(phone);
    t.clock.advanceMinutes(registration.codeMinutes - 1);
    expect((await register(form(phone, fresh), ip)).statusCode).toBe(201);
  });

  it('a wrong code is refused and counted; after the configured tries the right one no longer works', async () => {
    const ip = nextIp();
    const phone = '13900000004';
    await askCode(phone, ip);
    const code = await sentCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < registration.codeAttempts; i++) {
      const res = await register(form(phone, wrong), ip);
      expect(res.statusCode).toBe(422);
    }
    expect((await register(form(phone, code), ip)).statusCode).toBe(422);
    const users = await t.db.selectFrom('users').select('id').where('username', '=', `r${phone}`).execute();
    expect(users).toEqual([]);
  });

  it('only the newest code of a phone works', async () => {
    const ip = nextIp();
    const phone = '13900000005';
    await askCode(phone, ip);
    const first = await sentCode(phone);
    await askCode(phone, ip);
    const second = await sentCode(phone);
    if (first !== second) expect((await register(form(phone, first), ip)).statusCode).toBe(422);
    expect((await register(form(phone, second), ip)).statusCode).toBe(201);
  });

  it('codes are limited per phone number across addresses, and per address across numbers', async () => {
    const phone = '13900000006';
    for (let i = 0; i < registration.codesPerPhoneHour; i++) {
      expect((await askCode(phone, nextIp())).statusCode).toBe(200);
    }
    const limited = await askCode(phone, nextIp());
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advanceMinutes(61);
    expect((await askCode(phone, nextIp())).statusCode).toBe(200);

    const ip = nextIp();
    for (let i = 0; i < registration.codesPerIpHour; i++) {
      expect((await askCode(`1370000000${i}`, ip)).statusCode).toBe(200);
    }
    expect((await askCode('13700000099', ip)).statusCode).toBe(429);
  });

  it('joins only an active community: a branch, a street or an unknown id is refused naming the field', async () => {
    for (const communityId of [tree.b1.id, tree.s1.id, 999_999]) {
      const ip = nextIp();
      const phone = `1360000${String(communityId).slice(-4).padStart(4, '0')}`;
      await askCode(phone, ip);
      const res = await register(form(phone, await sentCode(phone), communityId), ip);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields.communityId).toBe('请选择所在社区');
    }
  });

  it('a phone already registered is refused; bad input names the field in Chinese', async () => {
    const ip = nextIp();
    const bad = await askCode('12345', ip);
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.fields)).toContain('手机号码');
    const phone = '13900000008';
    await askCode(phone, ip);
    expect((await register(form(phone, await sentCode(phone)), ip)).statusCode).toBe(201);
    await askCode(phone, ip);
    const dup = await register(form(phone, await sentCode(phone)), ip);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields.phone).toBe('该手机号已注册');
  });

  it('a registered resident sees only their own community: another district is out of scope (404)', async () => {
    const ip = nextIp();
    const phone = '13900000009';
    await askCode(phone, ip);
    await register(form(phone, await sentCode(phone)), ip);
    const resident = await t.login(`r${phone}`, 'Lan!Tian#2026q');
    expect((await resident({ method: 'GET', url: `/api/v1/orgs/${tree.c1.id}` })).statusCode).toBe(200);
    const far = await resident({ method: 'GET', url: `/api/v1/orgs/${tree.c3.id}` });
    expect(far.statusCode).toBe(404);
    // and a resident of the other district does not see this community (signed in again: the clock moved)
    await relogin();
    const near = await farResident({ method: 'GET', url: `/api/v1/orgs/${tree.c1.id}` });
    expect(near.statusCode).toBe(404);
  });

  it('the sender is deployment configuration: none refuses, http needs the gateway URL', () => {
    expect(
      loadConfig({ NODE_ENV: 'production', JICENG_SECRET: 'x'.repeat(40) } as never).registration.smsSender,
    ).toBe('none');
    const viaGateway = loadConfig({
      NODE_ENV: 'production',
      JICENG_SECRET: 'x'.repeat(40),
      JICENG_SMS_GATEWAY_URL: 'https://sms.example.cn/send',
    } as never);
    expect(viaGateway.registration.smsSender).toBe('http');
    expect(
      loadConfig({ JICENG_SMS_SENDER: 'console', JICENG_SMS_CODE_MINUTES: '5' } as never).registration,
    ).toMatchObject({
      smsSender: 'console',
      codeMinutes: 5,
    });
    expect(() => loadConfig({ JICENG_SMS_SENDER: 'pigeon' } as never)).toThrow(/JICENG_SMS_SENDER/);
  });
});
