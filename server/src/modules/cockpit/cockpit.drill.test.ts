import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, insertUser, type TestApp, testCrypto } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildDemoDistrict } from '../../demo/demo-district.ts';
import { generateMembers } from '../../demo/demo-members.ts';
import { newOrgsModule } from '../new-orgs/index.ts';

/**
 * On a demo-like district (the demo tree, a few thousand generated members, the 两新 registry):
 * every number the cockpit shows equals the total of the list it drills to.
 */
interface Figure {
  key: string;
  label: string;
  count: number;
  link: { list: 'members' | 'orgs' | 'new-orgs'; query: Record<string, string> };
}

let t: TestApp;
let official: Client;
let district: { id: number };
let street: { id: number };
const now = new Date('2026-11-21T01:00:00Z');

beforeAll(async () => {
  const database = await createTestDatabase();
  await buildDemoDistrict(database.db, testCrypto, now);
  await generateMembers(database.db, testCrypto, now, { count: 1500, seed: 20260701, batchSize: 500 });
  await newOrgsModule.seedDemo?.({ db: database.db, crypto: testCrypto, now, seed: 20260701 });
  t = await buildTestApp({ database });
  t.clock.set(now);
  district = await t.db
    .selectFrom('orgs')
    .select('id')
    .where('parentId', 'is', null)
    .executeTakeFirstOrThrow();
  street = await t.db
    .selectFrom('orgs')
    .select('id')
    .where('level', '=', 'street')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await insertUser(t.db, { username: 'drill_district', orgId: district.id, role: 'district_admin' });
  official = await t.login('drill_district');
}, 600_000);
afterAll(() => t?.close());

const LIST_URL = {
  members: '/api/v1/members',
  orgs: '/api/v1/orgs',
  'new-orgs': '/api/v1/new-orgs',
} as const;

async function listTotal(list: keyof typeof LIST_URL, query: Record<string, string>): Promise<number> {
  const res = await official({ method: 'GET', url: LIST_URL[list], query: { ...query, pageSize: '1' } });
  expect(res.statusCode, `${list} ${JSON.stringify(query)}: ${res.body}`).toBe(200);
  return res.json().page.total;
}

describe('cockpit drill-downs on a demo-like district', () => {
  it('every figure and chart segment equals the total of the list it opens', async () => {
    for (const org of [district, street]) {
      const res = await official({ method: 'GET', url: '/api/v1/cockpit', query: { orgId: String(org.id) } });
      expect(res.statusCode, res.body).toBe(200);
      const data = res.json().data;
      const figures: Figure[] = [
        data.members.total,
        ...data.members.byStatus,
        ...data.members.byCategory,
        ...data.members.byGender,
        ...data.members.byEducation,
        ...data.members.byAgeBand,
        ...data.orgs.byKind,
        ...data.orgs.byLevel,
        data.partyBirthdays.thisMonth,
        ...data.newOrgs.byKind.flatMap((k: { needsOwnOrg: Figure; all: Figure }) => [k.needsOwnOrg, k.all]),
      ];
      // The dataset is rich enough that each chart has several non-empty segments.
      expect(data.members.total.count).toBeGreaterThan(100);
      expect(data.orgs.byKind.length).toBeGreaterThan(1);
      expect(data.orgs.byLevel.length).toBeGreaterThan(1);
      expect(data.newOrgs.byKind.some((k: { total: number }) => k.total > 0)).toBe(true);
      for (const f of figures) {
        expect(await listTotal(f.link.list, f.link.query), `${org.id} ${f.key} ${f.label}`).toBe(f.count);
      }
      // Every module figure (from the manifests) as well.
      expect(data.figures.length).toBeGreaterThanOrEqual(2);
      let checked = 0;
      for (const f of data.figures as {
        key: string;
        value: number;
        drill: { path: string; query: object };
      }[]) {
        const list = f.drill.path.slice(1) as keyof typeof LIST_URL;
        // Figures of the members, orgs and 两新 lists are checked here; the request, responsibility and
        // rectification figures (rates and their own list filters) are checked in their modules' tests.
        if (!(list in LIST_URL)) continue;
        checked++;
        expect(await listTotal(list, f.drill.query as Record<string, string>), f.key).toBe(f.value);
      }
      expect(checked).toBeGreaterThanOrEqual(2);
    }
  }, 300_000);

  it('the organization list of a subtree is scoped: an organization out of scope is 404', async () => {
    const other = await t.db
      .selectFrom('orgs')
      .select('id')
      .where('level', '=', 'street')
      .where('id', '!=', street.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await insertUser(t.db, { username: 'drill_street', orgId: street.id, role: 'street_secretary' });
    const streetOfficial = await t.login('drill_street');
    const res = await streetOfficial({
      method: 'GET',
      url: '/api/v1/orgs',
      query: { orgId: String(other.id) },
    });
    expect(res.statusCode).toBe(404);
    const own = await streetOfficial({
      method: 'GET',
      url: '/api/v1/orgs',
      query: { orgId: String(street.id), kind: 'branch', pageSize: '1' },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().page.total).toBeGreaterThan(0);
  });
});
