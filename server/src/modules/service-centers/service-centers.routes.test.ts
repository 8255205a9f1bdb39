import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';

const { t, tree } = serverKit(
  {},
  {
    security: { mfaRequiredForAdmins: false, sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 },
  },
);
let secretary: Client;
let member: Client;
let roomId: number;
let centerId: number;

const book = (client: Client, startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) =>
  client({
    method: 'POST',
    url: `/api/v1/service-center-rooms/${roomId}/bookings`,
    payload: { title: '四点半课堂', startsAt, endsAt, attendees: 20, ...extra },
  });

beforeAll(async () => {
  t.clock.set('2026-11-23T08:00:00+08:00'); // Monday
  secretary = await clientWithRole(t, 'community_secretary', tree.c1.id);
  member = await clientWithRole(t, 'member', tree.c1.id);
  const center = await secretary({
    method: 'POST',
    url: `/api/v1/orgs/${tree.c1.id}/service-centers`,
    payload: {
      name: '朝阳社区党群服务中心',
      openingHours: { '1': ['08:30', '20:00'], '2': ['08:30', '20:00'], '6': ['09:00', '12:00'] },
      catalogue: [{ name: '水电缴费' }, { name: '社保医保' }],
    },
  });
  expect(center.statusCode, center.body).toBe(201);
  centerId = center.json().data.id;
  const room = await secretary({
    method: 'POST',
    url: `/api/v1/service-centers/${centerId}/rooms`,
    payload: { name: '多功能活动室', kind: 'activity_room', capacity: 40 },
  });
  roomId = room.json().data.id;
});

describe('venue booking', () => {
  it('checks conflicts, capacity and opening hours', async () => {
    const first = await book(member, '2026-11-23T16:30:00+08:00', '2026-11-23T18:00:00+08:00', {
      linkedType: 'activity',
      linkedId: 7,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().data).toMatchObject({ status: 'pending', linkedType: 'activity', linkedId: 7 });
    const overlap = await book(secretary, '2026-11-23T17:30:00+08:00', '2026-11-23T19:00:00+08:00');
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.fields.startsAt).toContain('四点半课堂');
    const adjacent = await book(secretary, '2026-11-23T18:00:00+08:00', '2026-11-23T19:00:00+08:00');
    expect(adjacent.statusCode).toBe(201);
    expect(
      (await book(member, '2026-11-23T10:00:00+08:00', '2026-11-23T11:00:00+08:00', { attendees: 41 }))
        .statusCode,
    ).toBe(422);
    expect((await book(member, '2026-11-25T10:00:00+08:00', '2026-11-25T11:00:00+08:00')).statusCode).toBe(
      422,
    ); // Wednesday closed
    expect((await book(member, '2026-11-28T11:00:00+08:00', '2026-11-28T13:00:00+08:00')).statusCode).toBe(
      422,
    ); // Saturday till 12:00
    // A rejected booking frees its slot.
    const rejected = await secretary({
      method: 'POST',
      url: `/api/v1/room-bookings/${adjacent.json().data.id}/reject`,
      payload: { note: '改期' },
    });
    expect(rejected.json().data.status).toBe('rejected');
    expect((await book(member, '2026-11-23T18:30:00+08:00', '2026-11-23T19:30:00+08:00')).statusCode).toBe(
      201,
    );
  });

  it('approves, checks in and records no-shows; members cannot approve', async () => {
    const a = (await book(member, '2026-11-24T09:00:00+08:00', '2026-11-24T10:00:00+08:00')).json().data;
    const b = (await book(member, '2026-11-24T10:00:00+08:00', '2026-11-24T11:00:00+08:00')).json().data;
    expect(
      (await member({ method: 'POST', url: `/api/v1/room-bookings/${a.id}/approve`, payload: {} }))
        .statusCode,
    ).toBe(403);
    for (const id of [a.id, b.id]) {
      expect(
        (await secretary({ method: 'POST', url: `/api/v1/room-bookings/${id}/approve`, payload: {} })).json()
          .data.status,
      ).toBe('approved');
    }
    t.clock.set('2026-11-24T08:00:00+08:00');
    expect(
      (await secretary({ method: 'POST', url: `/api/v1/room-bookings/${a.id}/check-in`, payload: {} }))
        .statusCode,
    ).toBe(422);
    t.clock.set('2026-11-24T08:50:00+08:00');
    expect(
      (await secretary({ method: 'POST', url: `/api/v1/room-bookings/${a.id}/check-in`, payload: {} })).json()
        .data.status,
    ).toBe('checked_in');
    t.clock.set('2026-11-24T10:10:00+08:00');
    expect(
      (await secretary({ method: 'POST', url: `/api/v1/room-bookings/${b.id}/no-show`, payload: {} }))
        .statusCode,
    ).toBe(422);
    t.clock.set('2026-11-24T10:16:00+08:00');
    expect(
      (await secretary({ method: 'POST', url: `/api/v1/room-bookings/${b.id}/no-show`, payload: {} })).json()
        .data.status,
    ).toBe('no_show');
  });

  it('the booker cancels their own booking; others of the community may not; outsiders get 404', async () => {
    t.clock.set('2026-11-24T12:00:00+08:00');
    const mine = (await book(member, '2026-11-30T14:00:00+08:00', '2026-11-30T15:00:00+08:00')).json().data;
    const cancel = (client: Client, id: number) =>
      client({ method: 'POST', url: `/api/v1/room-bookings/${id}/cancel`, payload: { note: '活动改期' } });
    const neighbour = await clientWithRole(t, 'resident', tree.c1.id);
    expect((await cancel(neighbour, mine.id)).statusCode).toBe(403);
    expect(
      (await cancel(await clientWithRole(t, 'community_secretary', tree.c3.id), mine.id)).statusCode,
    ).toBe(404);
    const done = await cancel(member, mine.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().data).toMatchObject({ status: 'cancelled', decisionNote: '活动改期', mine: true });
    expect((await cancel(member, mine.id)).statusCode).toBe(422);
    // The slot is free again.
    expect((await book(neighbour, '2026-11-30T14:00:00+08:00', '2026-11-30T15:00:00+08:00')).statusCode).toBe(
      201,
    );
  });

  it('serves where people live or work: a branch member and secretary below the centre see and book it', async () => {
    t.clock.set('2026-11-24T12:00:00+08:00');
    for (const role of ['member', 'branch_secretary'] as const) {
      const below = await clientWithRole(t, role, tree.b1.id);
      const list = (await below({ method: 'GET', url: '/api/v1/service-centers' })).json().data;
      expect(
        list.map((c: { id: number }) => c.id),
        role,
      ).toContain(centerId);
      const detail = (await below({ method: 'GET', url: `/api/v1/service-centers/${centerId}` })).json().data;
      expect(detail.abilities, role).toMatchObject({ book: true, approve: false, manage: false });
    }
    const branchMember = await clientWithRole(t, 'member', tree.b1.id);
    const booked = await book(branchMember, '2026-12-01T09:00:00+08:00', '2026-12-01T10:00:00+08:00');
    expect(booked.statusCode, booked.body).toBe(201);
    // Abilities on each booking follow the action table: the booker cancels, the secretary decides.
    expect(booked.json().data.abilities).toEqual({
      approve: false,
      reject: false,
      checkIn: false,
      noShow: false,
      cancel: true,
    });
    const seen = (
      await secretary({ method: 'GET', url: `/api/v1/service-centers/${centerId}/bookings?status=pending` })
    ).json().data;
    const mine = seen.find((b: { id: number }) => b.id === booked.json().data.id);
    expect(mine.abilities).toEqual({
      approve: true,
      reject: true,
      checkIn: false,
      noShow: false,
      cancel: true,
    });
    // A branch of the sibling community is not served by this centre.
    const farMember = await clientWithRole(t, 'member', tree.c2.id);
    expect((await farMember({ method: 'GET', url: `/api/v1/service-centers/${centerId}` })).statusCode).toBe(
      404,
    );
    expect(
      (
        await farMember({
          method: 'POST',
          url: `/api/v1/room-bookings/${booked.json().data.id}/cancel`,
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
  });

  it('scope: sibling and other-district users get 404', async () => {
    for (const orgId of [tree.c2.id, tree.c3.id]) {
      const other = await clientWithRole(t, 'community_secretary', orgId);
      expect((await other({ method: 'GET', url: `/api/v1/service-centers/${centerId}` })).statusCode).toBe(
        404,
      );
      expect(
        (await other({ method: 'GET', url: `/api/v1/service-centers/${centerId}/bookings` })).statusCode,
      ).toBe(404);
      expect((await book(other, '2026-11-30T10:00:00+08:00', '2026-11-30T11:00:00+08:00')).statusCode).toBe(
        404,
      );
      const list = (await other({ method: 'GET', url: '/api/v1/service-centers' })).json().data;
      expect(list.map((c: { id: number }) => c.id)).not.toContain(centerId);
    }
    const parent = await clientWithRole(t, 'street_secretary', tree.s1.id);
    expect((await parent({ method: 'GET', url: `/api/v1/service-centers/${centerId}` })).statusCode).toBe(
      200,
    );
  });
});
