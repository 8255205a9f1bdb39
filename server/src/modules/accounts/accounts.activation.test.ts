import { describe, expect, it } from 'vitest';
import { testCrypto } from '../../../test/app.ts';
import { expectNotFoundFor, serverKit } from '../../../test/kit.ts';
import { loadConfig } from '../../config.ts';
import { insertMember, nextIdNumber } from '../members/index.ts';
import { consoleSmsSender } from './accounts.activation.sms.ts';

const { t, tree, branch, farBranch, sys } = serverKit(
  {
    branch: { org: 'b1', role: 'branch_secretary' },
    farBranch: { org: 'c3', role: 'community_secretary' },
    sys: { org: 'd1', role: 'system_admin' },
  },
  { config: { registration: { ...loadConfig({}).registration, smsSender: 'none' } } },
);

let seq = 0;
/** A member of b1 with a known ID number. */
async function member(name = `党员${++seq}`) {
  const idNumber = nextIdNumber('19850315');
  const id = await insertMember(t.db, testCrypto, tree.b1.id, { name });
  await t.db
    .updateTable('members')
    .set({ idNumberHash: testCrypto.blindIndex(idNumber) })
    .where('id', '=', id)
    .execute();
  return { id, name, idNumber };
}

async function issue(memberIds: number[], validDays = 30) {
  const res = await branch({
    method: 'POST',
    url: `/api/v1/orgs/${tree.b1.id}/activation-codes`,
    payload: { memberIds, validDays },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as { memberId: number; code: string; link: string }[];
}

const activate = (payload: Record<string, unknown>, ip = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/activate', payload, remoteAddress: ip });

let user = 0;
const body = (m: { name: string; idNumber: string }, code: string) => ({
  name: m.name,
  idNumber: m.idNumber,
  code,
  username: `activated_${++user}`,
  password: 'Hong!Qi#2026x',
});

describe('activation codes (实名注册)', () => {
  it('a member activates with name, ID number and code; the code is single use', async () => {
    const m = await member();
    const [issued] = await issue([m.id]);
    expect(issued.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(issued.link).toContain('/activate?code=');
    // only the hash is stored
    const stored = await t.db
      .selectFrom('memberActivations')
      .selectAll()
      .where('memberId', '=', m.id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(issued.code);

    const ok = await activate(body(m, issued.code.toLowerCase()));
    expect(ok.statusCode, ok.body).toBe(200);
    const row = await t.db
      .selectFrom('members')
      .select('userId')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.userId).toBe(ok.json().data.userId);
    const grants = await t.db
      .selectFrom('roleGrants')
      .select(['role', 'orgId'])
      .where('userId', '=', row.userId!)
      .execute();
    expect(grants).toEqual([{ role: 'member', orgId: tree.b1.id }]);
    // the new account signs in
    const client = await t.login(body(m, '').username.replace(/\d+$/, String(user - 1)), 'Hong!Qi#2026x');
    expect((await client({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);

    const again = await activate(body(m, issued.code));
    expect(again.statusCode).toBe(422);
  });

  it('a wrong ID number or name is refused and audited; the code still works afterwards', async () => {
    const m = await member();
    const [issued] = await issue([m.id]);
    const wrongId = await activate(
      { ...body(m, issued.code), idNumber: nextIdNumber('19850315') },
      '10.0.0.2',
    );
    expect(wrongId.statusCode).toBe(422);
    expect(wrongId.json().error.message).toBe('激活失败');
    const wrongName = await activate({ ...body(m, issued.code), name: '别人' }, '10.0.0.2');
    expect(wrongName.statusCode).toBe(422);
    const audits = await t.db
      .selectFrom('auditLog')
      .select(['outcome', 'detail'])
      .where('action', '=', 'accounts.activate')
      .where('objectId', '=', String(m.id))
      .execute();
    expect(audits.map((a) => a.outcome)).toEqual(['failure', 'failure']);
    expect(JSON.stringify(audits)).not.toContain(m.idNumber);
    expect((await activate(body(m, issued.code), '10.0.0.2')).statusCode).toBe(200);
  });

  it('an expired code is refused (boundary: valid until the instant it expires)', async () => {
    const m = await member();
    const [issued] = await issue([m.id], 1);
    t.clock.advanceDays(1);
    const late = await activate(body(m, issued.code), '10.0.0.3');
    expect(late.statusCode).toBe(422);
    t.clock.advanceDays(-1);
    t.clock.advanceMinutes(24 * 60 - 1);
    expect((await activate(body(m, issued.code), '10.0.0.3')).statusCode).toBe(200);
    t.clock.advanceMinutes(-(24 * 60 - 1));
  });

  it('a new code replaces the open one', async () => {
    const m = await member();
    const [first] = await issue([m.id]);
    const [second] = await issue([m.id]);
    expect((await activate(body(m, first.code), '10.0.0.4')).statusCode).toBe(422);
    expect((await activate(body(m, second.code), '10.0.0.4')).statusCode).toBe(200);
  });

  it('activation attempts are rate limited per address', async () => {
    const m = await member();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await activate(body(m, 'AAAAA-BBBBB'), '10.9.9.9')).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 422)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('lists the branch activation state and prints a sheet', async () => {
    const m = await member('印单人');
    const sheet = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/activation-sheet`,
      payload: { memberIds: [m.id] },
    });
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toContain('text/html');
    expect(sheet.body).toContain('印单人');
    expect(sheet.body).toMatch(/[A-Z2-9]{5}-[A-Z2-9]{5}/);
    const list = await branch({ method: 'GET', url: `/api/v1/orgs/${tree.b1.id}/activations` });
    expect(list.statusCode).toBe(200);
    expect(list.json().summary.members).toBeGreaterThan(0);
  });

  it('an administrator links an existing account to a member', async () => {
    const m = await member();
    const { insertUser } = await import('../../../test/app.ts');
    const userId = await insertUser(t.db, { username: `link_${m.id}`, orgId: tree.b1.id, role: 'member' });
    const res = await sys({
      method: 'POST',
      url: `/api/v1/members/${m.id}/link-account`,
      payload: { userId },
    });
    expect(res.statusCode, res.body).toBe(200);
    const twice = await sys({
      method: 'POST',
      url: `/api/v1/members/${m.id}/link-account`,
      payload: { userId },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('is out of scope for another district (404)', async () => {
    const m = await member();
    await expectNotFoundFor(
      farBranch,
      [
        'GET /api/v1/orgs/:id/activations',
        { route: 'POST /api/v1/orgs/:id/activation-codes', payload: {} },
        { route: 'POST /api/v1/orgs/:id/activation-sheet', payload: {} },
      ],
      tree.b1.id,
    );
    await expectNotFoundFor(
      farBranch,
      [{ route: 'POST /api/v1/members/:id/link-account', payload: { userId: 1 } }],
      m.id,
    );
  });

  it('figures the registration rate of a subtree', async () => {
    const { registrationRate } = await import('./accounts.activation.service.ts');
    const rate = await registrationRate(t.db, tree.b1.path);
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThanOrEqual(100);
  });
});

describe('residents register with a phone number', () => {
  it('is refused without an SMS sender (not demo, no gateway)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register/sms-code',
      payload: { phone: '13800000000' },
    });
    expect(res.statusCode).toBe(422);
  });

  it('the console sender writes the text to the log', async () => {
    const lines: unknown[] = [];
    const sender = consoleSmsSender({ info: (o: unknown) => lines.push(o) } as never);
    await sender.send({ id: 1, to: '13800001111', text: '验证码 123456' });
    expect(JSON.stringify(lines)).toContain('138****1111');
  });
});
