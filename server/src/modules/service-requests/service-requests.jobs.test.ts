import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/app.ts';
import { TEST_BACKEND } from '../../../test/db.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';
import { escalateOverdueRequests } from './service-requests.jobs.ts';

const { t, tree, farResident } = serverKit(
  { farResident: { org: 'c3', role: 'resident' } },
  {
    security: { mfaRequiredForAdmins: false, sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 },
  },
);
let resident: Client;
let community: Client;
let categoryId: number;

const submit = async (client: Client, orgId: number, title: string) => {
  const res = await client({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/service-requests`,
    payload: { categoryId, title, description: `${title}，请尽快处理` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: number; dueOn: string; handlingLevel: string };
};
const level = async (id: number) =>
  t.db
    .selectFrom('serviceRequests')
    .select(['handlingLevel', 'dueOn', 'escalationCount'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const autoEvents = (id: number) =>
  t.db
    .selectFrom('serviceRequestEvents')
    .selectAll()
    .where('requestId', '=', id)
    .where('kind', '=', 'escalated')
    .execute();

beforeAll(async () => {
  resident = await clientWithRole(t, 'resident', tree.c1.id);
  community = await clientWithRole(t, 'community_secretary', tree.c1.id);
  categoryId = (await resident({ method: 'GET', url: '/api/v1/service-request-categories' })).json().data[0]
    .id;
});

describe('periodic overdue escalation (housekeeping and CLI)', () => {
  it('moves every overdue request one level up once, across districts, told to the resident', async () => {
    t.clock.set('2026-11-02T09:00:00+08:00'); // Monday; rule 2026.1: grid 2, community 5 working days
    const atGrid = await submit(resident, tree.b1.id, '楼道灯不亮');
    const atCommunity = await submit(resident, tree.c1.id, '小区门口积水');
    const elsewhere = await submit(farResident, tree.c3.id, '外区的路灯不亮');
    expect([atGrid.dueOn, atCommunity.dueOn]).toEqual(['2026-11-04', '2026-11-09']);

    // Nothing is overdue yet on the due day itself.
    t.clock.set('2026-11-04T23:00:00+08:00');
    expect(await escalateOverdueRequests(t.db, t.clock.now(), t.app.deps.auditKey)).toEqual({
      escalated: 0,
      checked: 0,
      skipped: false,
    });

    // Half past midnight in Beijing (still the 4th in UTC) is the 5th: the clock runs on local days.
    t.clock.set('2026-11-05T00:30:00+08:00');
    const sweep = await escalateOverdueRequests(t.db, t.clock.now(), t.app.deps.auditKey);
    expect(sweep).toEqual({ escalated: 1, checked: 1, skipped: false });
    expect(await level(atGrid.id)).toMatchObject({
      handlingLevel: 'community',
      dueOn: '2026-11-12',
      escalationCount: 1,
    });
    const [event] = await autoEvents(atGrid.id);
    expect(event).toMatchObject({
      isAutomatic: true,
      fromLevel: 'grid',
      toLevel: 'community',
      actorId: null,
      actorName: '系统（超期自动上报）',
    });
    expect(event.reason).toContain('2026-11-04');

    // Idempotent: a second run the same day (another process, the CLI) finds nothing to do.
    expect(await escalateOverdueRequests(t.db, t.clock.now(), t.app.deps.auditKey)).toEqual({
      escalated: 0,
      checked: 0,
      skipped: false,
    });
    expect(await autoEvents(atGrid.id)).toHaveLength(1);

    // Two processes sweeping at once: the overdue community request and the other district's
    // request each go up exactly once.
    t.clock.set('2026-11-10T09:00:00+08:00');
    const both = await Promise.all([
      escalateOverdueRequests(t.db, t.clock.now(), t.app.deps.auditKey),
      escalateOverdueRequests(t.db, t.clock.now(), t.app.deps.auditKey),
    ]);
    expect(both[0].escalated + both[1].escalated).toBe(2);
    expect(await level(atCommunity.id)).toMatchObject({ handlingLevel: 'street', escalationCount: 1 });
    expect(await level(elsewhere.id)).toMatchObject({ handlingLevel: 'street', escalationCount: 1 });
    expect(await level(atGrid.id)).toMatchObject({ handlingLevel: 'community', escalationCount: 1 });
    expect(await autoEvents(atCommunity.id)).toHaveLength(1);

    // The resident read it on the phone page and the desk sees the automatic hand-off.
    const notes = (await resident({ method: 'GET', url: '/api/v1/service-request-notifications' })).json();
    expect(
      notes.data.filter(
        (n: { requestId: number; message: string }) =>
          n.requestId === atGrid.id && n.message.includes('已上报'),
      ),
    ).toHaveLength(1);
    const desk = (await community({ method: 'GET', url: `/api/v1/service-requests/${atGrid.id}` })).json()
      .data;
    expect(desk.isOverdue).toBe(false);
    expect(desk.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'escalated']);

    // Each automatic step and each run is in the audit log, by the system.
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'username'])
      .where('action', 'in', ['service_requests.escalated', 'service_requests.escalate_overdue'])
      .where('userId', 'is', null)
      .execute();
    expect(audit.filter((a) => a.action === 'service_requests.escalated')).toHaveLength(3);
    expect(audit.every((a) => a.username === 'system')).toBe(true);
  });

  it.runIf(TEST_BACKEND === 'postgres')('skips while another process holds the sweep', async () => {
    await t.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('service_requests.escalate_overdue'))`.execute(trx);
      expect(await escalateOverdueRequests(t.db, t.clock.now(), t.app.deps.auditKey)).toEqual({
        escalated: 0,
        checked: 0,
        skipped: true,
      });
    });
    expect((await escalateOverdueRequests(t.db, t.clock.now(), t.app.deps.auditKey)).skipped).toBe(false);
  });
});
