import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  type Client,
  insertOrg,
  insertTwoDistricts,
  insertUser,
  type TestApp,
  testCrypto,
} from '../../../test/app.ts';
import { runCrossScopeMatrix, type ScopeTree } from '../../../test/scope.ts';
import { insertMember } from '../members/members.testkit.ts';
import { recountRollups, storedRollups } from '../members/rollups.ts';

let t: TestApp;
let tree: ScopeTree;
let district: Client;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await insertTwoDistricts(t.db);
  await insertUser(t.db, { username: 'c_district', orgId: tree.d1.id, role: 'district_admin' });
  district = await t.login('c_district');
});
afterAll(() => t.close());

describe('subtree rollups', () => {
  it('equal a full recount after any sequence of creates, moves, transfers, status changes and deletions', async () => {
    let no = 0;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        org: fc.nat(),
        status: fc.constantFrom('full', 'probationary', 'lost_contact', 'transferred_out' as const),
        category: fc.constantFrom('in_service', 'retired', 'student'),
        year: fc.integer({ min: 1940, max: 2004 }),
        edu: fc.constantFrom('bachelor', 'college', null),
      }),
      fc.record({ kind: fc.constant('move' as const), org: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant('transfer' as const), member: fc.nat(), to: fc.nat() }),
      fc.record({
        kind: fc.constant('status' as const),
        member: fc.nat(),
        status: fc.constantFrom('full', 'deceased', 'lost_contact'),
      }),
      fc.record({ kind: fc.constant('delete' as const), member: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        no += 1;
        const root = await insertOrg(t.db, { code: `R${no}`, kind: 'committee', level: 'district' });
        const orgs = [root];
        for (let i = 0; i < 5; i++) {
          orgs.push(
            await insertOrg(t.db, {
              code: `R${no}-${i}`,
              parentId: orgs[i % orgs.length]!.id,
              kind: 'branch',
              level: 'grid',
            }),
          );
        }
        const members: number[] = [];
        for (const o of ops) {
          if (o.kind === 'create') {
            const status = o.status as 'full';
            members.push(
              await insertMember(t.db, testCrypto, orgs[o.org % orgs.length]!.id, {
                status,
                category: o.category,
                birthDate: `${o.year}-03-04`,
                education: o.edu as 'bachelor' | null,
              }),
            );
          } else if (o.kind === 'move') {
            const org = orgs[1 + (o.org % (orgs.length - 1))]!;
            const target = orgs[o.to % orgs.length]!;
            const fresh = await t.db
              .selectFrom('orgs')
              .select(['path'])
              .where('id', 'in', [org.id, target.id])
              .orderBy('id')
              .execute();
            const cur = await t.db
              .selectFrom('orgs')
              .select(['id', 'path'])
              .where('id', 'in', [org.id, target.id])
              .execute();
            const orgPath = cur.find((c) => c.id === org.id)!.path;
            const targetPath = cur.find((c) => c.id === target.id)!.path;
            if (fresh.length < 2 || targetPath.startsWith(orgPath)) continue;
            // The same two statements as the orgs service's move.
            await t.db.transaction().execute(async (trx) => {
              await trx.updateTable('orgs').set({ parentId: target.id }).where('id', '=', org.id).execute();
              await sql`update orgs set path = ${`${targetPath}${org.id}/`} || substr(path, ${orgPath.length + 1}) where path like ${`${orgPath}%`}`.execute(
                trx,
              );
            });
          } else if (members.length > 0) {
            const id = members[o.member % members.length]!;
            if (o.kind === 'transfer')
              await t.db
                .updateTable('members')
                .set({ orgId: orgs[o.to % orgs.length]!.id })
                .where('id', '=', id)
                .execute();
            else if (o.kind === 'status')
              await t.db.updateTable('members').set({ status: o.status }).where('id', '=', id).execute();
            else {
              await t.db.deleteFrom('members').where('id', '=', id).execute();
              members.splice(members.indexOf(id), 1);
            }
          }
        }
        expect(await storedRollups(t.db)).toEqual(await recountRollups(t.db));
      }),
      { numRuns: 15 },
    );
  });
});

describe('cockpit', () => {
  it('every figure matches the list behind it', async () => {
    for (let i = 0; i < 6; i++) {
      await insertMember(t.db, testCrypto, tree.b1.id, {
        category: i % 2 ? 'retired' : 'in_service',
        birthDate: `${1950 + i * 8}-06-01`,
        gender: i % 3 ? 'male' : 'female',
      });
    }
    await insertMember(t.db, testCrypto, tree.c3.id, {});
    const res = await district({
      method: 'GET',
      url: '/api/v1/cockpit',
      query: { orgId: String(tree.s1.id) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    const figures = [
      data.members.total,
      ...data.members.byCategory,
      ...data.members.byAgeBand,
      ...data.members.byGender,
      ...data.members.byEducation,
      data.partyBirthdays.thisMonth,
    ];
    expect(data.members.total.count).toBeGreaterThanOrEqual(6);
    for (const f of figures) {
      const list = await district({
        method: 'GET',
        url: '/api/v1/members',
        query: { ...f.link.query, pageSize: '1' },
      });
      expect(list.json().page.total, `${f.label}`).toBe(f.count);
    }
    expect(data.orgs.byKind.find((k: { key: string }) => k.key === 'branch').count).toBeGreaterThanOrEqual(1);
    const [{ n }] = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from members m join orgs o on o.id = m.org_id where o.path like ${`${(await t.db.selectFrom('orgs').select('path').where('id', '=', tree.s1.id).executeTakeFirstOrThrow()).path}%`} and m.status in ('probationary','full','lost_contact')`.execute(
        t.db,
      )
    ).rows;
    expect(data.members.total.count).toBe(n);
  });

  it('is scoped: out of scope is 404', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/cockpit', query: { orgId: ':id' } },
    });
  });
});

describe('两新 registry', () => {
  it('flags organizations with enough full members but no own organization, and computes coverage', async () => {
    const base = { kind: 'enterprise', employeeCount: 50, workCovered: false };
    const mk = async (code: string, over: Record<string, unknown>) => {
      const res = await district({
        method: 'POST',
        url: `/api/v1/orgs/${tree.c1.id}/new-orgs`,
        payload: { ...base, code, name: code, ...over },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().data;
    };
    const a = await mk('XL-A', {
      memberCount: 4,
      fullMemberCount: 3,
      coverage: 'joint',
      coveringOrgCode: 'D1-S1-C1-B1',
    });
    const b = await mk('XL-B', {
      memberCount: 5,
      fullMemberCount: 5,
      coverage: 'own',
      coveringOrgCode: 'D1-S1-C1-B1',
    });
    const c = await mk('XL-C', {
      memberCount: 1,
      fullMemberCount: 1,
      coverage: 'none',
      instructorName: '王指导',
    });
    expect([a.needsOwnOrg, b.needsOwnOrg, c.needsOwnOrg]).toEqual([true, false, false]);
    const cov = await district({
      method: 'GET',
      url: '/api/v1/new-orgs/coverage',
      query: { orgId: String(tree.c1.id) },
    });
    const ent = cov.json().data.byKind.find((k: { kind: string }) => k.kind === 'enterprise');
    expect(ent, JSON.stringify(cov.json())).toMatchObject({
      total: 3,
      orgCovered: 2,
      workCovered: 3,
      needsOwnOrg: 1,
      orgCoverageRate: 66.7,
      workCoverageRate: 100,
    });
    expect(cov.json().data.rule.minFullMembers).toBe(3);
    const flagged = await district({
      method: 'GET',
      url: '/api/v1/new-orgs',
      query: { orgId: String(tree.c1.id), needsOwnOrg: 'true' },
    });
    expect(flagged.json().data.map((x: { code: string }) => x.code)).toEqual(['XL-A']);
    const bad = await district({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/new-orgs`,
      payload: { ...base, code: 'XL-D', name: 'D', memberCount: 1, fullMemberCount: 2, coverage: 'none' },
    });
    expect(bad.statusCode).toBe(422);
  });

  it('read and update follow the subtree', async () => {
    let n = 0;
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => {
        n += 1;
        const now = new Date();
        const { id } = await t.db
          .insertInto('newOrgs')
          .values({
            orgId,
            code: `M-${n}`,
            name: `M${n}`,
            kind: 'enterprise',
            creditCode: null,
            employeeCount: 1,
            memberCount: 0,
            fullMemberCount: 0,
            coverage: 'none',
            coveringOrgId: null,
            instructorName: null,
            workCovered: false,
            createdAt: now,
            updatedAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return id;
      },
      read: { route: 'GET /api/v1/new-orgs/:id' },
      update: { route: 'PATCH /api/v1/new-orgs/:id', payload: { employeeCount: 9 } },
    });
  });
});
