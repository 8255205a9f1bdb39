import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import type { Database } from './db.ts';
import { checkOrgOwnership, GLOBAL_TABLES } from './org-ownership.ts';

// ADR 0015: every organization-owned row carries its org id (the Citus distribution column).
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('organization ownership of every table', () => {
  it('every table after all migrations has an integer org_id or is a listed global table with a reason', async () => {
    const report = await checkOrgOwnership(database.db);
    expect(
      report.unowned,
      'add org_id (filled from the parent row) or list the table in GLOBAL_TABLES',
    ).toEqual([]);
    expect(report.stale, 'GLOBAL_TABLES names a table that is gone or now has org_id').toEqual([]);
    expect(report.mistyped).toEqual([]);
    for (const [table, reason] of Object.entries(GLOBAL_TABLES)) {
      expect(reason.length, table).toBeGreaterThan(10);
    }
  });

  it('the check notices a new table without org_id', async () => {
    await database.db.transaction().execute(async (trx) => {
      await sql`create table ownership_probe (id int)`.execute(trx);
      expect((await checkOrgOwnership(trx)).unowned).toEqual(['ownership_probe']);
      await sql`drop table ownership_probe`.execute(trx);
    });
  });

  it('child rows take the org of their parent on insert and follow it when the parent moves', async () => {
    const db = database.db;
    const { rows: orgs } = await sql<{ id: number }>`
      insert into orgs (path, depth, code, name, kind, level)
      values ('/9001/', 0, 'OWN-1', '甲社区', 'committee', 'community'),
             ('/9002/', 0, 'OWN-2', '乙社区', 'committee', 'community')
      returning id`.execute(db);
    const [a, b] = orgs.map((o) => o.id);
    const { rows: users } = await sql<{ id: number }>`
      insert into users (username, display_name, home_org_id, password_hash, password_changed_at)
      values ('ownership-probe', '测试', ${a}, 'x', now()) returning id`.execute(db);
    const { rows: centers } = await sql<{ id: number }>`
      insert into service_centers (org_id, name, opening_hours, created_at)
      values (${a}, '党群服务中心', '{}'::jsonb, now()) returning id`.execute(db);
    const { rows: rooms } = await sql<{ id: number }>`
      insert into service_center_rooms (center_id, name, kind, capacity)
      values (${centers[0].id}, '会议室', 'meeting_room', 10) returning id`.execute(db);
    await sql`
      insert into room_bookings (room_id, title, starts_at, ends_at, attendees, booked_by, status, created_at)
      values (${rooms[0].id}, '支部会', now(), now() + interval '1 hour', 5, ${users[0].id}, 'approved', now())`.execute(
      db,
    );
    const orgsOf = async () =>
      (
        await sql<{ room: number; booking: number }>`
          select r.org_id as room, k.org_id as booking
            from service_center_rooms r join room_bookings k on k.room_id = r.id
           where r.id = ${rooms[0].id}`.execute(db)
      ).rows[0];
    expect(await orgsOf()).toEqual({ room: a, booking: a });

    await sql`update service_centers set org_id = ${b} where id = ${centers[0].id}`.execute(db);
    expect(await orgsOf()).toEqual({ room: b, booking: b });

    // An explicit org_id (a restore writes every column) is kept.
    await sql`
      insert into service_center_rooms (center_id, name, kind, capacity, org_id)
      values (${centers[0].id}, '活动室', 'activity_room', 20, ${b})`.execute(db);
    const { rows: nulls } = await sql<{ n: number }>`
      select count(*)::int as n from service_center_rooms where org_id is null`.execute(db);
    expect(nulls[0].n).toBe(0);
  });
});
