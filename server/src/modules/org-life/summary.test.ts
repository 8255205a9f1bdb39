import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertOrg, insertUser, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';
import { insertMember } from '../members/index.ts';
import { computeCompliance, rebuildHeldSummaries } from './compliance.ts';
import { refreshHeld } from './org-life.service.ts';
import { computeComplianceSummary, type StatusCounts } from './summary.ts';

const { t, tree } = serverKit();
let catalogues: { default: number; alt: number };

const TODAY = '2026-11-21';
const TYPES = ['committee_meeting', 'group_meeting', 'branch_assembly', 'life_meeting', 'theme_day'];

/** A second profile: other frequencies, counts and kinds for the same codes, to cross profile boundaries. */
const ALT_TYPES = [
  {
    code: 'committee_meeting',
    name: '支委会（季）',
    frequency: 'quarterly',
    timesPerPeriod: 2,
    attendees: 'committee',
    voting: false,
    appliesToKinds: ['branch', 'general_branch'],
    dueSoonDays: 7,
    procedure: [],
    requiredFields: ['topic'],
    pointsRule: null,
    rule: { text: '每季度 2 次', status: 'L', source: '测试档案' },
  },
  {
    code: 'group_meeting',
    name: '党小组会（周）',
    frequency: 'weekly',
    timesPerPeriod: 1,
    attendees: 'group',
    voting: false,
    appliesToKinds: ['branch', 'general_branch'],
    dueSoonDays: 2,
    procedure: [],
    requiredFields: ['topic'],
    pointsRule: null,
    rule: { text: '每周 1 次', status: 'L', source: '测试档案' },
  },
  {
    code: 'theme_day',
    name: '主题党日（半年）',
    frequency: 'half_yearly',
    timesPerPeriod: 1,
    attendees: 'all_members',
    voting: false,
    appliesToKinds: ['general_branch'],
    dueSoonDays: 7,
    procedure: [],
    requiredFields: ['topic'],
    pointsRule: null,
    rule: { text: '每半年 1 次', status: 'L', source: '测试档案' },
  },
];

beforeAll(async () => {
  t.clock.set('2026-11-21T09:00:00+08:00');
  const def = await t.db
    .selectFrom('orgLifeCatalogues')
    .select('id')
    .where('profile', '=', 'default')
    .executeTakeFirstOrThrow();
  const alt = await t.db
    .insertInto('orgLifeCatalogues')
    .values({
      profile: 'alt',
      version: 'test.1',
      effectiveFrom: '2020-01-01',
      name: '测试档案',
      source: '测试',
      types: JSON.stringify(ALT_TYPES),
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  catalogues = { default: def.id, alt: alt.id };
});

/** A signed record written straight into the table, then the signing transaction's summary upkeep. */
async function signDirect(orgId: number, typeCode: string, heldOn: string): Promise<void> {
  await t.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('orgLifeMeetings')
      .values({
        orgId,
        typeCode,
        catalogueId: catalogues.default,
        status: 'signed',
        topic: '性质测试',
        plannedOn: heldOn,
        place: null,
        hostName: '主持',
        recorderName: '记录',
        heldOn,
        minutes: '记录',
        expectedCount: 0,
        presentCount: 0,
        absentCount: 0,
        leaveCount: 0,
        filedBy: 1,
        filedAt: new Date(`${heldOn}T01:00:00Z`),
        recordedBy: 1,
        recordedAt: new Date(`${heldOn}T02:00:00Z`),
        signedBy: 1,
        signedAt: new Date(`${heldOn}T03:00:00Z`),
        cancelledReason: null,
        inspectionComment: null,
        inspectedBy: null,
        inspectedAt: null,
        updatedAt: new Date(`${heldOn}T03:00:00Z`),
      })
      .execute();
    await refreshHeld(trx, orgId, typeCode);
  });
}

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

type Tally = Map<string, StatusCounts>;
function tally(into: Tally, type: string, status: 'ok' | 'due' | 'overdue') {
  const c = into.get(type) ?? { ok: 0, due: 0, overdue: 0, total: 0 };
  c[status] += 1;
  c.total += 1;
  into.set(type, c);
}
const asMap = (rows: (StatusCounts & { type: string })[]): Tally =>
  new Map(rows.map(({ type, ...c }) => [type, c]));
const sorted = (m: Tally) => [...m].sort(([a], [b]) => a.localeCompare(b));

/** The summary of `rootId` equals the per-branch compliance grouped by direct child (a full recount). */
async function expectSummaryMatchesRecount(rootId: number, month: string, today: string): Promise<void> {
  const root = await t.db
    .selectFrom('orgs')
    .select(['id', 'name', 'path', 'kind', 'level'])
    .where('id', '=', rootId)
    .executeTakeFirstOrThrow();
  const rows = await computeCompliance(t.db, root.path, month, today);
  const summary = await computeComplianceSummary(t.db, root, month, today);
  const total: Tally = new Map();
  const perChild = new Map<number, Tally>();
  for (const r of rows) {
    tally(total, r.type, r.status);
    const childId = Number(r.orgPath.slice(root.path.length).split('/')[0]);
    if (!childId) continue;
    const m = perChild.get(childId) ?? new Map();
    tally(m, r.type, r.status);
    perChild.set(childId, m);
  }
  const label = `root ${root.path} ${month} on ${today}`;
  expect(sorted(asMap(summary.total.byType)), label).toEqual(sorted(total));
  expect(new Map(summary.children.map((c) => [c.orgId, sorted(asMap(c.byType))])), label).toEqual(
    new Map([...perChild].map(([id, m]) => [id, sorted(m)])),
  );
}

async function storedRollups() {
  const { rows } = await sql<{ key: string; n: number }>`
    select concat_ws('|', org_id, kind) as key, n from org_life_branch_rollups where n <> 0
    union all
    select concat_ws('|', org_id, frequency, period_start, type_code, kind, held_count), n
      from org_life_held_rollups where n <> 0
    order by 1`.execute(t.db);
  return rows.map((r) => `${r.key}=${Number(r.n)}`);
}

describe('compliance rollups', () => {
  it('equal the per-branch compliance after random signs, creates, moves, closes, re-kinds and profiles', async () => {
    let no = 0;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('sign' as const),
        org: fc.nat(),
        type: fc.constantFrom(...TYPES),
        daysAgo: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 420 })),
      }),
      fc.record({
        kind: fc.constant('create' as const),
        parent: fc.nat(),
        orgKind: fc.constantFrom('branch', 'general_branch', 'committee' as const),
      }),
      fc.record({ kind: fc.constant('move' as const), org: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant('close' as const), org: fc.nat(), reopen: fc.boolean() }),
      fc.record({ kind: fc.constant('rekind' as const), org: fc.nat() }),
      fc.record({
        kind: fc.constant('profile' as const),
        org: fc.nat(),
        profile: fc.constantFrom('alt', 'default', null),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        no += 1;
        const root = await insertOrg(t.db, { code: `CR${no}`, kind: 'committee', level: 'district' });
        const orgs = [root];
        const shape: [number, 'working_committee' | 'committee' | 'branch' | 'general_branch'][] = [
          [0, 'working_committee'],
          [0, 'working_committee'],
          [1, 'committee'],
          [1, 'committee'],
          [2, 'committee'],
          [3, 'branch'],
          [3, 'general_branch'],
          [4, 'branch'],
          [5, 'branch'],
          [7, 'branch'],
        ];
        for (const [i, [parent, kind]] of shape.entries()) {
          orgs.push(
            await insertOrg(t.db, {
              code: `CR${no}-${i}`,
              parentId: orgs[parent]!.id,
              kind,
              level: kind === 'working_committee' ? 'street' : kind === 'committee' ? 'community' : 'grid',
            }),
          );
        }
        for (const o of ops) {
          const pick = (n: number) => orgs[1 + (n % (orgs.length - 1))]!;
          if (o.kind === 'sign') {
            await signDirect(pick(o.org).id, o.type, daysBefore(TODAY, o.daysAgo));
          } else if (o.kind === 'create') {
            orgs.push(
              await insertOrg(t.db, {
                code: `CR${no}-n${orgs.length}`,
                parentId: orgs[o.parent % orgs.length]!.id,
                kind: o.orgKind,
                level: 'grid',
              }),
            );
          } else if (o.kind === 'move') {
            const org = pick(o.org);
            const target = orgs[o.to % orgs.length]!;
            const cur = await t.db
              .selectFrom('orgs')
              .select(['id', 'path'])
              .where('id', 'in', [org.id, target.id])
              .execute();
            const orgPath = cur.find((c) => c.id === org.id)!.path;
            const targetPath = cur.find((c) => c.id === target.id)?.path ?? orgPath;
            if (targetPath.startsWith(orgPath)) continue;
            // The same two statements as the orgs service's move.
            await t.db.transaction().execute(async (trx) => {
              await trx.updateTable('orgs').set({ parentId: target.id }).where('id', '=', org.id).execute();
              await sql`update orgs set path = ${`${targetPath}${org.id}/`} || substr(path, ${orgPath.length + 1}) where path like ${`${orgPath}%`}`.execute(
                trx,
              );
            });
          } else if (o.kind === 'close') {
            await t.db
              .updateTable('orgs')
              .set({ status: o.reopen ? 'active' : 'closed' })
              .where('id', '=', pick(o.org).id)
              .execute();
          } else if (o.kind === 'rekind') {
            await sql`update orgs set kind = case kind when 'branch' then 'general_branch' when 'general_branch' then 'branch' else kind end where id = ${pick(o.org).id}`.execute(
              t.db,
            );
          } else {
            const id = pick(o.org).id;
            await t.db.deleteFrom('placeProfiles').where('orgId', '=', id).execute();
            if (o.profile)
              await t.db.insertInto('placeProfiles').values({ orgId: id, profile: o.profile }).execute();
          }
        }
        for (const [month, today] of [
          ['2026-11', TODAY],
          ['2026-11', '2026-12-03'],
          ['2026-10', TODAY],
          ['2026-06', TODAY],
        ] as const) {
          for (const org of orgs.slice(0, 5)) await expectSummaryMatchesRecount(org.id, month, today);
        }
      }),
      { numRuns: Number(process.env.JICENG_PROPERTY_RUNS ?? 20) },
    );
    // The triggers' upkeep equals a set-based recount of everything.
    const kept = await storedRollups();
    await rebuildHeldSummaries(t.db);
    expect(await storedRollups()).toEqual(kept);
  }, 600_000);
});

describe('GET /api/v1/org-life/compliance/summary', () => {
  let street: Client;
  beforeAll(async () => {
    await insertUser(t.db, { username: 'sum_street', orgId: tree.s1.id, role: 'street_secretary' });
    await insertUser(t.db, { username: 'sum_district', orgId: tree.d1.id, role: 'district_admin' });
    street = await t.login('sum_street');
  });

  it('answers per child and per type, worst first, with a breadcrumb inside the caller scope', async () => {
    const c2b = await insertOrg(t.db, {
      code: 'D1-S1-C2-B1',
      parentId: tree.c2.id,
      kind: 'branch',
      level: 'grid',
    });
    // Seven full members each: both branches have a committee (orgs.setup) and hold 支委会.
    for (const b of [tree.b1.id, c2b.id]) for (let i = 0; i < 7; i++) await insertMember(t.db, testCrypto, b);
    await signDirect(tree.b1.id, 'committee_meeting', '2026-11-03');
    const district = await t.login('sum_district');
    const res = await district({
      method: 'GET',
      url: '/api/v1/org-life/compliance/summary',
      query: { orgId: String(tree.s1.id), period: '2026-11' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data.trail.map((o: { orgId: number }) => o.orgId)).toEqual([tree.d1.id, tree.s1.id]);
    expect(data.children.map((c: { orgId: number }) => c.orgId)).toEqual([tree.c2.id, tree.c1.id]);
    const c1 = data.children.find((c: { orgId: number }) => c.orgId === tree.c1.id);
    expect(c1.byType.find((x: { type: string }) => x.type === 'committee_meeting')).toEqual({
      type: 'committee_meeting',
      ok: 1,
      due: 0,
      overdue: 0,
      total: 1,
    });
    expect(data.total.counts.total).toBe(c1.counts.total * 2);
    expect(data.children[0].rank).toBe(1);
    const fromStreet = await street({
      method: 'GET',
      url: '/api/v1/org-life/compliance/summary',
      query: { orgId: String(tree.c2.id), period: '2026-11' },
    });
    expect(fromStreet.json().data.trail.map((o: { orgId: number }) => o.orgId)).toEqual([
      tree.s1.id,
      tree.c2.id,
    ]);
    expect(fromStreet.json().data.children.map((c: { orgId: number }) => c.orgId)).toEqual([c2b.id]);
  });

  it('is 404 outside the caller subtree', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'street_secretary',
      home: 's1',
      create: async (orgId) => orgId,
      read: {
        route: 'GET /api/v1/org-life/compliance/summary',
        query: { orgId: ':id', period: '2026-11' },
      },
    });
  });
});

describe('GET /api/v1/org-life/compliance paging and filters', () => {
  it('keeps every row without limit and pages the filtered rows with one', async () => {
    const street = await t.login('sum_street');
    const get = (query: Record<string, string>) =>
      street({
        method: 'GET',
        url: '/api/v1/org-life/compliance',
        query: { orgId: String(tree.s1.id), period: '2026-11', ...query },
      });
    const all = await get({});
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().page).toBeUndefined();
    const rows = all.json().data as { orgId: number; type: string; status: string }[];
    const due = rows.filter((r) => r.status === 'due');
    const first = await get({ status: 'due', limit: '3' });
    expect(first.json().page).toEqual({ offset: 0, limit: 3, total: due.length, nextOffset: 3 });
    expect(first.json().data).toEqual(due.slice(0, 3).map((r) => expect.objectContaining(r)));
    const rest = await get({ status: 'due', limit: '100', offset: '3' });
    expect(rest.json().data.length).toBe(due.length - 3);
    expect(rest.json().page.nextOffset).toBeNull();
    const typed = await get({ type: 'committee_meeting' });
    expect(typed.json().data).toEqual(rows.filter((r) => r.type === 'committee_meeting'));
    const bad = await get({ status: 'late' });
    expect(bad.statusCode).toBe(400);
    const grid = await street({
      method: 'GET',
      url: '/api/v1/org-life/supervision',
      query: { orgId: String(tree.s1.id), period: '2026-11', limit: '1' },
    });
    expect(grid.statusCode, grid.body).toBe(200);
    expect(grid.json().data.rows.length).toBe(1);
    expect(grid.json().page.total).toBe(2);
  });
});
