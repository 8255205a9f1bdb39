import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, authorize } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { pathWithin } from '../../platform/scope.ts';
import { idParam, registerFieldLabels } from '../../platform/validation.ts';
import {
  bookingSchema,
  bookingsQuery,
  centerDetailSchema,
  centerSchema,
  createBookingBody,
  createCenterBody,
  createRoomBody,
  decisionBody,
  roomSchema,
} from './service-centers.contract.ts';
import { createBooking, transitionBooking } from './service-centers.service.ts';

registerFieldLabels({
  openingHours: '开放时间',
  catalogue: '服务事项',
  capacity: '容纳人数',
  attendees: '参加人数',
  startsAt: '开始时间',
  endsAt: '结束时间',
  linkedType: '关联类型',
  linkedId: '关联编号',
  roomId: '场室',
  noShowGraceMinutes: '爽约判定分钟数',
  requiresApproval: '是否需要审批',
  note: '意见',
});

const tags = ['service-centers'];

function centers(db: Executor) {
  return db
    .selectFrom('serviceCenters as c')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .select([
      'c.id',
      'c.orgId',
      'o.name as orgName',
      'o.path as orgPath',
      'c.name',
      'c.address',
      'c.phone',
      'c.openingHours',
      'c.catalogue',
      'c.noShowGraceMinutes',
    ]);
}

async function visibleCenter(db: Executor, actor: Actor, id: number) {
  const row = await centers(db).where('c.id', '=', id).executeTakeFirst();
  if (!row || !actor.can('service_centers.read', row.orgPath))
    throw new NotFoundError('服务中心不存在或无权访问');
  return row;
}

function presentCenter(row: Awaited<ReturnType<typeof visibleCenter>>) {
  const { orgPath: _p, ...rest } = row;
  return rest;
}

function bookings(db: Executor) {
  return db
    .selectFrom('roomBookings as b')
    .innerJoin('serviceCenterRooms as r', 'r.id', 'b.roomId')
    .innerJoin('serviceCenters as c', 'c.id', 'r.centerId')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .innerJoin('users as u', 'u.id', 'b.bookedBy')
    .select([
      'b.id',
      'b.roomId',
      'r.name as roomName',
      'b.title',
      'b.startsAt',
      'b.endsAt',
      'b.attendees',
      'u.displayName as bookedByName',
      'b.bookedBy',
      'b.status',
      'b.linkedType',
      'b.linkedId',
      'b.decisionNote',
      'b.checkedInAt',
      'o.path as orgPath',
      'c.noShowGraceMinutes',
    ]);
}

type BookingRow = NonNullable<Awaited<ReturnType<ReturnType<typeof bookings>['executeTakeFirst']>>>;

function presentBooking(b: BookingRow, actor: Actor) {
  return {
    id: b.id,
    roomId: b.roomId,
    roomName: b.roomName,
    title: b.title,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    attendees: b.attendees,
    bookedByName: b.bookedByName,
    status: b.status,
    linkedType: b.linkedType,
    linkedId: b.linkedId,
    decisionNote: b.decisionNote,
    checkedInAt: b.checkedInAt?.toISOString() ?? null,
    mine: b.bookedBy === actor.user.id,
  };
}

export const serviceCentersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;

  app.get(
    '/service-centers',
    {
      config: { access: 'service_centers.read' },
      schema: { tags, response: { 200: z.object({ data: z.array(centerSchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await centers(db)
        .where((eb) => pathWithin(eb, 'o.path', actor.paths('service_centers.read')))
        .orderBy('o.path')
        .orderBy('c.id')
        .limit(500)
        .execute();
      return { data: rows.map(presentCenter) };
    },
  );

  app.get(
    '/service-centers/:id',
    {
      config: { access: 'service_centers.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: centerDetailSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const center = await visibleCenter(db, actor, request.params.id);
      const rooms = await db
        .selectFrom('serviceCenterRooms')
        .selectAll()
        .where('centerId', '=', center.id)
        .orderBy('id')
        .execute();
      return {
        data: {
          ...presentCenter(center),
          rooms,
          abilities: {
            manage: actor.can('service_centers.manage', center.orgPath),
            approve: actor.can('service_centers.approve', center.orgPath),
            book: actor.can('service_centers.book', center.orgPath),
          },
        },
      };
    },
  );

  app.post(
    '/orgs/:id/service-centers',
    {
      config: { access: 'service_centers.manage' },
      schema: {
        tags,
        params: idParam,
        body: createCenterBody,
        response: { 201: z.object({ data: centerSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.params.id, 'service_centers.manage');
      const b = request.body;
      const id = await runAction(request, async (trx, audit) => {
        const row = await trx
          .insertInto('serviceCenters')
          .values({
            orgId: org.id,
            name: b.name,
            address: b.address ?? null,
            phone: b.phone ?? null,
            openingHours: JSON.stringify(b.openingHours),
            catalogue: JSON.stringify(b.catalogue),
            noShowGraceMinutes: b.noShowGraceMinutes ?? 15,
            createdAt: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit({
          action: 'service_centers.manage',
          objectType: 'service_center',
          objectId: row.id,
          orgPath: org.path,
        });
        return row.id;
      });
      const row = (await centers(db).where('c.id', '=', id).executeTakeFirst())!;
      return reply.status(201).send({ data: presentCenter(row) });
    },
  );

  app.post(
    '/service-centers/:id/rooms',
    {
      config: { access: 'service_centers.manage' },
      schema: {
        tags,
        params: idParam,
        body: createRoomBody,
        response: { 201: z.object({ data: roomSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const center = await visibleCenter(db, actor, request.params.id);
      authorize(actor, 'service_centers.manage', center.orgPath);
      const room = await runAction(request, async (trx, audit) => {
        const row = await trx
          .insertInto('serviceCenterRooms')
          .values({ centerId: center.id, ...request.body })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit({
          action: 'service_centers.manage',
          objectType: 'room',
          objectId: row.id,
          orgPath: center.orgPath,
        });
        return row;
      });
      return reply.status(201).send({ data: room });
    },
  );

  app.get(
    '/service-centers/:id/bookings',
    {
      config: { access: 'service_centers.read' },
      schema: {
        tags,
        params: idParam,
        querystring: bookingsQuery,
        response: { 200: z.object({ data: z.array(bookingSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const center = await visibleCenter(db, actor, request.params.id);
      let q = bookings(db).where('c.id', '=', center.id);
      if (request.query.from) q = q.where('b.endsAt', '>', new Date(request.query.from));
      if (request.query.to) q = q.where('b.startsAt', '<', new Date(request.query.to));
      if (request.query.status) q = q.where('b.status', '=', request.query.status);
      const rows = await q.orderBy('b.startsAt').limit(500).execute();
      const approver = actor.can('service_centers.approve', center.orgPath);
      // Others see when a room is taken, not who booked it.
      return {
        data: rows.map((b) =>
          approver || b.bookedBy === actor.user.id
            ? presentBooking(b, actor)
            : { ...presentBooking(b, actor), bookedByName: '—' },
        ),
      };
    },
  );

  app.post(
    '/service-center-rooms/:id/bookings',
    {
      config: { access: 'service_centers.book' },
      schema: {
        tags,
        params: idParam,
        body: createBookingBody,
        response: { 201: z.object({ data: bookingSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const room = await db
        .selectFrom('serviceCenterRooms as r')
        .innerJoin('serviceCenters as c', 'c.id', 'r.centerId')
        .innerJoin('orgs as o', 'o.id', 'c.orgId')
        .select(['r.id', 'r.capacity', 'r.requiresApproval', 'r.active', 'c.openingHours', 'o.path'])
        .where('r.id', '=', request.params.id)
        .executeTakeFirst();
      if (!room || !actor.sees(room.path)) throw new NotFoundError('场室不存在或无权访问');
      authorize(actor, 'service_centers.book', room.path);
      const id = await runAction(request, (trx, audit) =>
        createBooking({ trx, audit, now: clock.now(), userId: actor.user.id }, room, request.body),
      );
      const row = (await bookings(db).where('b.id', '=', id).executeTakeFirst())!;
      return reply.status(201).send({ data: presentBooking(row, actor) });
    },
  );

  for (const [verb, transition] of [
    ['approve', 'approve'],
    ['reject', 'reject'],
    ['cancel', 'cancel'],
    ['check-in', 'check_in'],
    ['no-show', 'no_show'],
  ] as const) {
    app.post(
      `/room-bookings/:id/${verb}`,
      {
        config: { access: transition === 'cancel' ? 'service_centers.book' : 'service_centers.approve' },
        schema: {
          tags,
          params: idParam,
          body: decisionBody,
          response: { 200: z.object({ data: bookingSchema }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await runAction(request, async (trx, audit) => {
          await trx
            .selectFrom('roomBookings')
            .select('id')
            .where('id', '=', request.params.id)
            .forUpdate()
            .execute();
          const b = await bookings(trx).where('b.id', '=', request.params.id).executeTakeFirst();
          if (!b || !actor.sees(b.orgPath)) throw new NotFoundError('预约不存在或无权访问');
          const own = b.bookedBy === actor.user.id;
          if (!actor.can('service_centers.approve', b.orgPath) && !(transition === 'cancel' && own)) {
            if (!actor.can('service_centers.read', b.orgPath))
              throw new NotFoundError('预约不存在或无权访问');
            throw new ForbiddenError();
          }
          await transitionBooking(
            { trx, audit, now: clock.now(), userId: actor.user.id },
            {
              id: b.id,
              status: b.status,
              startsAt: b.startsAt,
              endsAt: b.endsAt,
              graceMinutes: b.noShowGraceMinutes,
            },
            transition,
            request.body.note ?? null,
          );
        });
        const row = (await bookings(db).where('b.id', '=', request.params.id).executeTakeFirst())!;
        return { data: presentBooking(row, actor) };
      },
    );
  }
};
