import { describe, expect, it } from 'vitest';
import { insertOrg, insertUser } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { loadConfig } from '../../config.ts';
import { DEMO_ACCOUNTS } from '../../demo/demo-district.ts';
import { assertProductionSafe } from '../../startup.ts';
import { disableIdleAccounts } from './accounts.jobs.ts';

const { t } = serverKit({}, { tree: false });

describe('idle accounts', () => {
  it('disables accounts unused for 90 days, ends their sessions and audits it; recent ones stay', async () => {
    const org = await insertOrg(t.db, { code: 'IDLE', level: 'district' });
    const staleId = await insertUser(t.db, { username: 'stale', orgId: org.id, role: 'member' });
    await insertUser(t.db, { username: 'fresh', orgId: org.id, role: 'member' });
    const session = await t.login('stale');
    await t.login('fresh');
    await t.db
      .updateTable('users')
      .set({ lastLoginAt: new Date('2026-08-01T00:00:00Z') })
      .where('id', '=', staleId)
      .execute();
    await t.db
      .updateTable('users')
      .set({ lastLoginAt: new Date('2026-11-01T00:00:00Z') })
      .where('username', '=', 'fresh')
      .execute();
    const disabled = await disableIdleAccounts(
      t.db,
      new Date('2026-11-21T00:00:00Z'),
      90,
      t.app.deps.auditKey,
    );
    expect(disabled).toEqual(['stale']);
    expect((await session({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'accounts.auto_disable')
      .execute();
    expect(audit).toHaveLength(1);
    expect(
      await disableIdleAccounts(t.db, new Date('2026-11-21T00:00:00Z'), 90, t.app.deps.auditKey),
    ).toEqual([]);
  });
});

describe('production start', () => {
  it('refuses to start while demo accounts exist', async () => {
    const org = await insertOrg(t.db, { code: 'PROD', level: 'district' });
    const production = { ...loadConfig({ NODE_ENV: 'test' }), nodeEnv: 'production', demo: false };
    await expect(assertProductionSafe(t.db, production)).resolves.toBeUndefined();
    await t.db
      .insertInto('users')
      .values({
        username: DEMO_ACCOUNTS[0].username,
        displayName: 'demo',
        phoneHash: null,
        phoneEnc: null,
        homeOrgId: org.id,
        passwordHash: 'x',
        passwordChangedAt: new Date(),
        totpSecretEnc: null,
        totpLastStep: null,
        lockedUntil: null,
        disabledAt: null,
        lastLoginAt: null,
        isDemo: true,
      })
      .execute();
    await expect(assertProductionSafe(t.db, production)).rejects.toThrow(/演示账户/);
    await expect(assertProductionSafe(t.db, { ...production, demo: true })).rejects.toThrow(/JICENG_DEMO/);
  });
});
