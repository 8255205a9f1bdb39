import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, insertOrg, insertUser, type TestApp } from '../../../test/app.ts';
import { TEST_BACKEND } from '../../../test/db.ts';
import { checkConsistency } from '../../doctor/doctor.ts';
import { openDatabase } from '../../platform/db.ts';
import { nextIdNumber } from '../members/index.ts';

/**
 * Issue 10: creating a child under an organization while it moves left the child on the old path
 * on PostgreSQL, and concurrent member writes deadlocked on `member_rollups` (answered 500).
 * Many clients, on one app instance or two (two pools over one database), create organizations
 * under a parent that moves back and forth and write members whose rollups share ancestors.
 * Afterwards every path extends its parent's, the rollups equal a recount, and nothing answered 5xx.
 */
let a: TestApp;
let b: TestApp | undefined;
let tree: Record<'d' | 's1' | 's2' | 'm' | 'g' | 'x', { id: number; path: string }>;
let cookie: string;

beforeAll(async () => {
  a = await buildTestApp();
  const d = await insertOrg(a.db, { code: 'TC-D', level: 'district' });
  const s1 = await insertOrg(a.db, {
    code: 'TC-S1',
    parentId: d.id,
    kind: 'working_committee',
    level: 'street',
  });
  const s2 = await insertOrg(a.db, {
    code: 'TC-S2',
    parentId: d.id,
    kind: 'working_committee',
    level: 'street',
  });
  const m = await insertOrg(a.db, { code: 'TC-M', parentId: s1.id, level: 'community' });
  const g = await insertOrg(a.db, { code: 'TC-G', parentId: m.id, kind: 'branch', level: 'grid' });
  const x = await insertOrg(a.db, { code: 'TC-X', parentId: s2.id, kind: 'branch', level: 'grid' });
  tree = { d, s1, s2, m, g, x };
  await insertUser(a.db, { username: 'tc_district', orgId: d.id, role: 'district_admin' });
  cookie = (await a.login('tc_district')).cookie;
  if (TEST_BACKEND === 'postgres') {
    const second = await openDatabase({ databaseUrl: a.database.url!, poolSize: 5 });
    b = await buildTestApp({ database: second });
  }
});

afterAll(async () => {
  if (b) {
    await b.close();
    await b.database.close();
  }
  await a.close();
});

function clientOf(t: TestApp): Client {
  const fn = ((opts) => t.app.inject({ ...opts, headers: { cookie, ...(opts.headers ?? {}) } })) as Client;
  fn.cookie = cookie;
  return fn;
}

async function run(instances: TestApp[], label: string) {
  const clients = instances.map(clientOf);
  const statuses: { op: string; status: number; body: string }[] = [];
  const call = async (c: Client, op: string, method: 'POST', url: string, payload: object) => {
    const res = await c({ method, url, payload });
    statuses.push({ op, status: res.statusCode, body: res.body });
    return res;
  };
  const created: number[] = [];

  const mover = async (c: Client) => {
    for (let i = 0; i < 10; i++) {
      const to = i % 2 === 0 ? tree.s2.id : tree.s1.id;
      await call(c, 'move', 'POST', `/api/v1/orgs/${tree.m.id}/move`, { targetParentId: to });
    }
  };
  const orgCreator = async (c: Client, w: string) => {
    for (let i = 0; i < 12; i++) {
      const parent = i % 2 === 0 ? tree.m.id : tree.g.id;
      const res = await call(c, 'org create', 'POST', `/api/v1/orgs/${parent}/children`, {
        code: `${label}-${w}-${i}`,
        name: `并发组织${w}-${i}`,
        kind: 'branch',
        level: 'building',
      });
      if (res.statusCode === 201) created.push(res.json().data.id);
    }
  };
  const memberWriter = async (c: Client, w: string) => {
    const mine: number[] = [];
    for (let i = 0; i < 8; i++) {
      const org = i % 2 === 0 ? tree.g.id : tree.x.id;
      const res = await call(c, 'member create', 'POST', `/api/v1/orgs/${org}/members`, {
        name: `并发党员${w}${i}`,
        idNumber: nextIdNumber('19800101'),
        joinedOn: '2005-07-01',
        fullOn: '2006-07-01',
        category: i % 3 === 0 ? 'retired' : 'in_service',
        status: 'full',
      });
      if (res.statusCode === 201) mine.push(res.json().data.id);
      const id = mine.at(-1);
      if (id === undefined) continue;
      await call(c, 'status', 'POST', `/api/v1/members/${id}/status`, {
        status: 'lost_contact',
        since: '2026-11-21',
        reason: '并发测试',
      });
      await call(c, 'status', 'POST', `/api/v1/members/${id}/status`, {
        status: 'full',
        since: '2026-11-21',
        reason: '并发测试',
      });
      if (i % 4 === 1) {
        const t = await call(c, 'transfer', 'POST', `/api/v1/members/${id}/transfers`, {
          toOrgCode: org === tree.g.id ? 'TC-X' : 'TC-G',
          reason: '工作调动',
        });
        if (t.statusCode === 201) {
          await call(c, 'transfer accept', 'POST', `/api/v1/member-transfers/${t.json().data.id}/accept`, {});
        }
      }
    }
  };

  const started = Date.now();
  await Promise.all(
    clients.flatMap((c, n) => [
      mover(c),
      orgCreator(c, `${n}a`),
      orgCreator(c, `${n}b`),
      memberWriter(c, `${n}a`),
      memberWriter(c, `${n}b`),
    ]),
  );
  const seconds = (Date.now() - started) / 1000;

  const failed = statuses.filter((s) => s.status >= 500);
  expect(failed, JSON.stringify(failed.slice(0, 3))).toEqual([]);
  const refused = statuses.filter((s) => s.status >= 400);
  expect(refused, JSON.stringify(refused.slice(0, 3))).toEqual([]);
  expect(created.length).toBe(instances.length * 24);

  const report = await checkConsistency(a.db, { key: a.app.deps.auditKey });
  expect(
    report.checks.filter((c) => !c.ok),
    JSON.stringify(report.checks),
  ).toEqual([]);
  // Every organization created during the moves lies under the parent's current path.
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from orgs c join orgs p on p.id = c.parent_id
     where c.id = any(${created}::int[]) and c.path = p.path || c.id || '/'`.execute(a.db);
  expect(rows[0]?.n).toBe(created.length);
  expect(seconds).toBeLessThan(60);
}

describe(`tree writes under concurrency (${TEST_BACKEND})`, () => {
  it.skipIf(TEST_BACKEND !== 'postgres')(
    'two instances: creates under a moving parent and member writes on shared rollups keep paths and counts, no 5xx',
    async () => {
      await run([a, b!], 'TWO');
    },
    90_000,
  );

  it('one instance: the same workload keeps paths and counts, no 5xx', async () => {
    await run([a], 'ONE');
  }, 90_000);
});
