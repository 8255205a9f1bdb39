import { beforeAll, describe, expect, it } from 'vitest';
import { insertOrg } from '../../../test/app.ts';
import { expectNotFoundFor, serverKit } from '../../../test/kit.ts';
import { nextIdNumber } from '../members/index.ts';

/** The time rules as versioned configuration rows per place profile (发展党员时限规则). */
const { t, tree, district, branch, farBranch } = serverKit(
  {
    district: { org: 'd1', role: 'district_admin' },
    branch: { org: 'b1', role: 'branch_secretary' },
    farBranch: { org: 'c3', role: 'community_secretary' },
  },
  { security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } },
);
/** A branch of the other district (the kit's tree has none). */
let b3 = { id: 0, path: '' };
beforeAll(async () => {
  b3 = await insertOrg(t.db, { code: 'D2-S3-C3-B3', parentId: tree.c3.id, kind: 'branch', level: 'grid' });
});

const rulesOf = async (client: typeof branch, orgId?: number) => {
  const res = await client({
    method: 'GET',
    url: `/api/v1/development-rules${orgId ? `?orgId=${orgId}` : ''}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as {
    profile: string;
    version: string;
    rules: { key: string; value: number; text: string }[];
    versions: { version: string; profile: string; inForce: boolean }[];
    abilities: { addVersion: boolean };
  };
};
const value = (data: Awaited<ReturnType<typeof rulesOf>>, key: string) =>
  data.rules.find((r) => r.key === key)?.value;

const addVersion = (client: typeof district, payload: Record<string, unknown>) =>
  client({ method: 'POST', url: '/api/v1/development-rules', payload });

describe('development rules as configuration', () => {
  it('reads the 2014 version with each rule in words and its source; only the district may add', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    const data = await rulesOf(branch, tree.b1.id);
    expect(data).toMatchObject({ profile: 'default', version: '2014-06' });
    expect(value(data, 'activistMinMonths')).toBe(12);
    expect(value(data, 'publicityWorkingDays')).toBe(5);
    expect(data.rules.find((r) => r.key === 'minAge')?.text).toContain('发展党员工作细则');
    expect(data.abilities.addVersion).toBe(false);
    expect((await rulesOf(district)).abilities.addVersion).toBe(true);
    const refused = await addVersion(branch, {
      profile: 'default',
      version: 'x',
      effectiveFrom: '2027-01-01',
      source: '某文件',
      values: { publicityWorkingDays: 7 },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('a place profile gets its own version from a date; other places keep the general rules', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    await t.db.insertInto('placeProfiles').values({ orgId: tree.c1.id, profile: 'haidian' }).execute();
    const created = await addVersion(district, {
      profile: 'haidian',
      version: '2027-01',
      effectiveFrom: '2026-12-01',
      source: '区委组织部发展党员工作规程（2026）第十条',
      values: { publicityWorkingDays: 7 },
    });
    expect(created.statusCode, created.body).toBe(201);
    // before the date: still the general version
    expect(value(await rulesOf(branch, tree.b1.id), 'publicityWorkingDays')).toBe(5);
    t.clock.set('2026-12-01T09:00:00+08:00');
    const local = await rulesOf(branch, tree.b1.id);
    expect(local).toMatchObject({ profile: 'haidian', version: '2027-01' });
    expect(value(local, 'publicityWorkingDays')).toBe(7);
    expect(local.rules.find((r) => r.key === 'publicityWorkingDays')?.text).toContain('区委组织部');
    expect(value(local, 'activistMinMonths')).toBe(12); // carried over
    expect(local.versions.find((v) => v.version === '2027-01')?.inForce).toBe(true);
    // another district's branch is not in the profile
    expect((await rulesOf(farBranch, b3.id)).version).toBe('2014-06');
  });

  it('a local version changes the time rule the branch is held to (the age rule at application)', async () => {
    t.clock.set('2026-12-02T09:00:00+08:00');
    const created = await addVersion(district, {
      profile: 'haidian',
      version: '2027-02',
      effectiveFrom: '2026-12-02',
      source: '测试用地方规程',
      values: { minAge: 20 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const nineteen = nextIdNumber('20070101');
    const res = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/development`,
      payload: { name: '申请人', idNumber: nineteen, appliedOn: '2026-12-02' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.appliedOn).toMatch(/20/);
    // the same person applying in the other district (general rules: 18) is accepted
    const far = await farBranch({
      method: 'POST',
      url: `/api/v1/orgs/${b3.id}/development`,
      payload: { name: '申请人', idNumber: nineteen, appliedOn: '2026-12-02' },
    });
    expect(far.statusCode, far.body).toBe(201);
  });

  it('refuses back-dated versions, duplicate names and empty changes, naming the field', async () => {
    t.clock.set('2026-12-02T09:00:00+08:00');
    const base = { profile: 'haidian', source: '测试用地方规程', values: { trainingMinDays: 4 } };
    const past = await addVersion(district, { ...base, version: 'p', effectiveFrom: '2026-12-01' });
    expect(past.statusCode).toBe(422);
    expect(past.json().error.fields.effectiveFrom).toContain('今天或以后');
    const dup = await addVersion(district, { ...base, version: '2027-01', effectiveFrom: '2027-01-01' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields.version).toBeDefined();
    const empty = await addVersion(district, {
      ...base,
      values: {},
      version: 'e',
      effectiveFrom: '2027-01-01',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.fields.values).toBeDefined();
  });

  it('the rules of an organization out of scope are 404', async () => {
    await expectNotFoundFor(farBranch, [`GET /api/v1/development-rules?orgId=:id`], tree.b1.id);
    await expectNotFoundFor(branch, [`GET /api/v1/development-rules?orgId=:id`], b3.id);
  });
});
