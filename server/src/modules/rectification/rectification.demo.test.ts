import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCrypto } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildDemoDistrict } from '../../demo/demo-district.ts';
import type { Database } from '../../platform/db.ts';
import { responsibilityModule } from '../responsibility/index.ts';
import { rectificationModule } from './index.ts';
import { rectificationFigures } from './rectification.queries.ts';

/** The demo district's year of responsibility lists and its two campaigns, in every state (seed time is a benchmark row, not a test). */
let database: Database;
const now = new Date('2026-11-21T01:00:00Z');
const today = '2026-11-21';

beforeAll(async () => {
  database = await createTestDatabase();
  await buildDemoDistrict(database.db, testCrypto, now);
  for (const mod of [responsibilityModule, rectificationModule]) {
    await mod.seedDemo?.({
      db: database.db,
      crypto: testCrypto,
      now,
      seed: 20260701,
      pglite: database.pglite,
    });
  }
}, 300_000);
afterAll(() => database.close());

describe('demo district: responsibility and rectification', () => {
  it('gives every street secretary a breakthrough project with milestones, some late', async () => {
    const rows = await database.db
      .selectFrom('breakthroughProjects as p')
      .innerJoin('breakthroughMilestones as m', 'm.projectId', 'p.id')
      .select(['p.id', 'm.dueOn', 'm.doneOn'])
      .execute();
    const projects = new Set(rows.map((r) => r.id));
    expect(projects.size).toBeGreaterThanOrEqual(10);
    expect(rows.length).toBe(projects.size * 3);
    expect(rows.some((r) => r.doneOn === null && r.dueOn < today)).toBe(true);
    expect(rows.some((r) => r.doneOn !== null)).toBe(true);
  });

  it('cascades the district lists to every street and community, some signed late, some needing a new signature', async () => {
    const db = database.db;
    const byLevel = await db
      .selectFrom('responsibilityLists as l')
      .innerJoin('orgs as o', 'o.id', 'l.orgId')
      .select(['o.level', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('o.level')
      .execute();
    const count = (level: string) => Number(byLevel.find((r) => r.level === level)?.n ?? 0);
    expect(count('district')).toBe(8);
    expect(count('street')).toBe(13 * 8);
    expect(count('community')).toBeGreaterThan(130 * 7);
    const lists = await db
      .selectFrom('responsibilityLists')
      .select(['signedOn', 'signDueOn', 'signedVersion', 'version'])
      .execute();
    expect(lists.filter((l) => l.signedOn !== null && l.signedOn > l.signDueOn).length).toBeGreaterThan(10);
    expect(lists.filter((l) => l.signedOn === null).length).toBeGreaterThan(0);
    expect(
      lists.filter((l) => l.signedVersion !== null && l.signedVersion !== l.version).length,
    ).toBeGreaterThan(0);
    const items = await db
      .selectFrom('responsibilityItems')
      .select(['status', 'doneOn', 'deadline'])
      .execute();
    expect(
      items.filter((i) => i.status === 'done' && i.doneOn && i.doneOn <= i.deadline).length,
    ).toBeGreaterThan(100);
    expect(
      items.filter((i) => i.status === 'done' && i.doneOn && i.doneOn > i.deadline).length,
    ).toBeGreaterThan(10);
    expect(items.filter((i) => i.status === 'open' && i.deadline < today).length).toBeGreaterThan(10);
  });

  it('has two campaigns with findings rectified on time, overdue and escalated, returned', async () => {
    const db = database.db;
    const district = await db
      .selectFrom('orgs')
      .select('path')
      .where('code', '=', 'SFQ')
      .executeTakeFirstOrThrow();
    const campaigns = await db.selectFrom('inspectionCampaigns').select(['kind']).orderBy('id').execute();
    expect(campaigns.map((c) => c.kind)).toEqual(['special', 'unannounced']);
    const figures = await rectificationFigures(db, district.path, 2026, today);
    expect(figures.findings).toBe(66);
    expect(figures.onTime).toBeGreaterThan(20);
    expect(figures.overdue).toBeGreaterThan(2);
    expect(figures.returned).toBeGreaterThan(2);
    const escalated = await db
      .selectFrom('rectificationItems')
      .select('id')
      .where('escalatedToOrgId', 'is not', null)
      .execute();
    expect(escalated.length).toBeGreaterThan(0);
    const orphan = await db
      .selectFrom('inspectionFindings')
      .select('id')
      .where('itemId', 'is', null)
      .execute();
    expect(orphan).toEqual([]);
  });

  it('has interviews, a scored site visit with items, gap lists with hard problems solved, highlights and a report round', async () => {
    const db = database.db;
    const district = await db
      .selectFrom('orgs')
      .select('path')
      .where('code', '=', 'SFQ')
      .executeTakeFirstOrThrow();
    const interviews = await db.selectFrom('rectificationInterviews').select('id').execute();
    expect(interviews).toHaveLength(3);
    const stops = await db.selectFrom('siteVisitStops').select(['total', 'comment', 'scores']).execute();
    expect(stops.length).toBeGreaterThanOrEqual(6);
    expect(stops.every((s) => s.comment && s.scores?.length === 4 && Number(s.total) > 0)).toBe(true);
    const kinds = await db
      .selectFrom('rectificationItems')
      .select(['sourceKind', (eb) => eb.fn.countAll<string>().as('n')])
      .where('sourceKind', '!=', 'inspection')
      .groupBy('sourceKind')
      .orderBy('sourceKind')
      .execute();
    expect(kinds.map((k) => k.sourceKind)).toEqual(['gap_list', 'site_visit', 'task_book']);
    const figures = await rectificationFigures(db, district.path, 2026, today);
    expect(figures.hardSolved).toBeGreaterThan(0);
    const published = await db
      .selectFrom('highlightNominations')
      .select(['category', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', '=', 'published')
      .groupBy('category')
      .execute();
    expect(published.map((p) => Number(p.n))).toEqual([10, 10, 10]);
    const reports = await db.selectFrom('responsibilityReports').select(['status', 'figures']).execute();
    expect(new Set(reports.map((r) => r.status))).toEqual(
      new Set(['accepted', 'submitted', 'returned', 'requested']),
    );
    expect(reports.every((r) => r.figures.items > 0)).toBe(true);
  });
});
