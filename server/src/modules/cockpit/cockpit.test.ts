import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertOrg, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';
import { checkConsistency } from '../../doctor/doctor.ts';
import { insertMember, recountRollups, storedRollups } from '../members/index.ts';
import { recountOrgRollups, storedOrgRollups } from '../orgs/index.ts';

const { t, tree, district } = serverKit({
  district: { org: 'd1', role: 'district_admin', username: 'c_district' },
});

describe('subtree rollups', () => {
  it('equal a full recount after any sequence of creates, moves, transfers, status changes, deletions and organization changes', async () => {
    let no = 0;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        org: fc.nat(),
        status: fc.constantFrom('full', 'probationary', 'lost_contact', 'transferred_out' as const),
        category: fc.constantFrom('in_service', 'retired', 'student'),
        year: fc.integer({ min: 1940, max: 2004 }),
        edu: fc.constantFrom('bachelor', 'college', null),
        joined: fc.date({ min: new Date('1990-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        full: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('move' as const), org: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant('transfer' as const), member: fc.nat(), to: fc.nat() }),
      fc.record({
        kind: fc.constant('status' as const),
        member: fc.nat(),
        status: fc.constantFrom('full', 'deceased', 'lost_contact'),
      }),
      fc.record({ kind: fc.constant('delete' as const), member: fc.nat() }),
      fc.record({
        kind: fc.constant('org' as const),
        org: fc.nat(),
        change: fc.constantFrom('close', 'reopen', 'kind', 'level'),
      }),
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
                joinedOn: o.joined.toISOString().slice(0, 10),
                fullOn: o.full
                  ? new Date(o.joined.getTime() + 366 * 86_400_000).toISOString().slice(0, 10)
                  : null,
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
              await sql`update orgs set path = ${`${targetPath}${org.id}/`} || substr(path, ${orgPath.length + 1}), depth = depth + ${targetPath.split('/').length - orgPath.split('/').length + 1} where path like ${`${orgPath}%`}`.execute(
                trx,
              );
            });
          } else if (o.kind === 'org') {
            const org = orgs[1 + (o.org % (orgs.length - 1))]!;
            const set =
              o.change === 'close'
                ? { status: 'closed' as const }
                : o.change === 'reopen'
                  ? { status: 'active' as const }
                  : o.change === 'kind'
                    ? { kind: 'general_branch' as const }
                    : { level: 'community' as const };
            await t.db.updateTable('orgs').set(set).where('id', '=', org.id).execute();
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
        expect(await storedOrgRollups(t.db)).toEqual(await recountOrgRollups(t.db));
        // The same as `jiceng doctor`: paths extend their parents', rollups, audit chain.
        const report = await checkConsistency(t.db, { key: t.app.deps.auditKey });
        expect(report.checks.filter((c) => !c.ok)).toEqual([]);
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
    // The modules' figures (from their manifests) agree with the lists they drill to.
    const byKey = new Map(
      data.figures.map((f: { key: string; value: number; drill: { path: string; query: object } }) => [
        f.key,
        f,
      ]),
    );
    expect(byKey.get('members.total')).toMatchObject({
      title: '党员总数',
      value: n,
      drill: { path: '/members', query: { orgId: String(tree.s1.id) } },
    });
    const orgsTotal = byKey.get('orgs.total') as { value: number } | undefined;
    const [{ c }] = (
      await sql<{
        c: number;
      }>`select count(*)::int as c from orgs where path like (select path from orgs where id = ${tree.s1.id}) || '%' and status = 'active'`.execute(
        t.db,
      )
    ).rows;
    expect(orgsTotal?.value).toBe(c);
  });

  it('counts upcoming party birthdays and organizations like a recount, across the new year', async () => {
    const before = t.clock.now();
    t.clock.set(new Date('2026-12-20T08:00:00Z'));
    const official = await t.login('c_district');
    const joined = [
      '1990-12-19',
      '1999-12-20',
      '2001-12-31',
      '2003-01-01',
      '2004-01-19',
      '2005-01-20',
      '2006-02-01',
    ];
    for (const joinedOn of joined) await insertMember(t.db, testCrypto, tree.b1.id, { joinedOn });
    await insertMember(t.db, testCrypto, tree.c3.id, { joinedOn: '2010-12-25' });
    for (const org of [tree.d1, tree.s1, tree.b1]) {
      const res = await official({ method: 'GET', url: '/api/v1/cockpit', query: { orgId: String(org.id) } });
      expect(res.statusCode, res.body).toBe(200);
      const { partyBirthdays, orgs } = res.json().data;
      expect(partyBirthdays.windowDays).toBe(30);
      const recount = await sql<{ n: number }>`
        select count(*)::int as n from members m join orgs o on o.id = m.org_id
         where o.path like ${`${org.path}%`} and m.status in ('probationary', 'full', 'lost_contact')
           and (m.joined_md >= 1220 or m.joined_md <= 119)`.execute(t.db);
      expect(partyBirthdays.upcoming, org.path).toBe(recount.rows[0]?.n);
      const dates: string[] = partyBirthdays.items.map((i: { date: string }) => i.date);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((d) => d >= '2026-12-20' && d <= '2027-01-19')).toBe(true);
      const kinds = await sql<{ kind: string; n: number }>`
        select kind, count(*)::int as n from orgs where path like ${`${org.path}%`} and status = 'active'
         group by kind order by kind`.execute(t.db);
      expect(
        orgs.byKind
          .map((k: { key: string; count: number }) => ({ kind: k.key, n: k.count }))
          .sort((a: { kind: string }, b: { kind: string }) => a.kind.localeCompare(b.kind)),
      ).toEqual(kinds.rows);
    }
    t.clock.set(before);
  });

  it('names a category that only a place below keeps in its own list', async () => {
    await t.db
      .insertInto('ruleSettings')
      .values({
        key: 'members.categories',
        orgId: tree.s1.id,
        version: 1,
        effectiveFrom: '2026-01-01',
        source: 'test',
        value: JSON.stringify([{ code: 'veteran', label: '退役军人党员' }]),
      })
      .execute();
    await insertMember(t.db, testCrypto, tree.b1.id, { category: 'veteran' });
    const res = await district({
      method: 'GET',
      url: '/api/v1/cockpit',
      query: { orgId: String(tree.d1.id) },
    });
    const byCategory: { key: string; label: string }[] = res.json().data.members.byCategory;
    expect(byCategory.find((c) => c.key === 'veteran')?.label).toBe('退役军人党员');
    expect(byCategory.find((c) => c.key === 'retired')?.label).toBe('离退休党员');
  });

  it('orders the figures by count, then key, on both backends', async () => {
    const community = await insertOrg(t.db, { code: 'D1-S2-ORD', parentId: tree.s2.id, level: 'community' });
    const branch = await insertOrg(t.db, { code: 'D1-S2-ORD-B', parentId: community.id, kind: 'branch' });
    // Inserted in the opposite of the expected order, so storage order cannot pass for it.
    const spec = [
      ['in_service', 1, 'female', 'college'],
      ['student', 2, 'female', 'college'],
      ['veteran', 2, 'female', 'college'],
      ['retired', 3, 'male', 'bachelor'],
    ] as const;
    for (const [category, n, gender, education] of spec) {
      for (let i = 0; i < n; i++) {
        await insertMember(t.db, testCrypto, branch.id, { category, gender, education });
      }
    }
    const res = await district({
      method: 'GET',
      url: '/api/v1/cockpit',
      query: { orgId: String(community.id) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const keys = (list: { key: string; count: number }[]) => list.map((f) => `${f.key}:${f.count}`);
    const { members } = res.json().data;
    expect(keys(members.byCategory)).toEqual(['retired:3', 'student:2', 'veteran:2', 'in_service:1']);
    expect(keys(members.byGender)).toEqual(['female:5', 'male:3']);
    expect(keys(members.byEducation)).toEqual(['college:5', 'bachelor:3']);
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
