import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { type Actor, authorize } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { mountGet } from '../../platform/reads.ts';
import { pathWithin } from '../../platform/scope.ts';
import { idParam, registerFieldLabels } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { bookingActions, bookings, presentBooking, serves, servingPaths } from './service-centers.actions.ts';
import {
  bookingSchema,
  bookingsQuery,
  centerDetailSchema,
  centerSchema,
  createBookingBody,
  createCenterBody,
  createRoomBody,
  roomSchema,
} from './service-centers.contract.ts';
import { createBooking } from './service-centers.service.ts';

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
  if (!row || !serves(actor, 'service_centers.read', row.orgPath))
    throw new NotFoundError('服务中心不存在或无权访问');
  return row;
}

function presentCenter(row: Awaited<ReturnType<typeof visibleCenter>>) {
  const { orgPath: _p, ...rest } = row;
  return rest;
}

export const serviceCentersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;

  mountGet(
    app,
    '/service-centers',
    { access: 'service_centers.read', tags, response: z.object({ data: z.array(centerSchema) }) },
    async ({ actor }) => {
      // The centres inside the caller's subtree and those serving where they live or work.
      const serving = servingPaths(actor, 'service_centers.read');
      const rows = await centers(db)
        .where((eb) =>
          eb.or([pathWithin(eb, 'o.path', actor.paths('service_centers.read')), eb('o.path', 'in', serving)]),
        )
        .orderBy('o.path')
        .orderBy('c.id')
        .limit(500)
        .execute();
      return { data: rows.map(presentCenter) };
    },
  );

  mountGet(
    app,
    '/service-centers/:id',
    {
      access: 'service_centers.read',
      tags,
      params: idParam,
      response: z.object({ data: centerDetailSchema }),
    },
    async ({ actor, params }) => {
      const center = await visibleCenter(db, actor, params.id);
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
            book: serves(actor, 'service_centers.book', center.orgPath),
          },
        },
      };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/service-centers',
    {
      access: 'service_centers.manage',
      tags,
      params: idParam,
      body: createCenterBody,
      response: { 201: z.object({ data: centerSchema }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const org = await loadOrgFor(db, actor, params.id, 'service_centers.manage');
      const b = body;
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

  mountWrite(
    app,
    'POST',
    '/service-centers/:id/rooms',
    {
      access: 'service_centers.manage',
      tags,
      params: idParam,
      body: createRoomBody,
      response: { 201: z.object({ data: roomSchema }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const center = await visibleCenter(db, actor, params.id);
      authorize(actor, 'service_centers.manage', center.orgPath);
      const room = await runAction(request, async (trx, audit) => {
        const row = await trx
          .insertInto('serviceCenterRooms')
          .values({ centerId: center.id, ...body })
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

  mountGet(
    app,
    '/service-centers/:id/bookings',
    {
      access: 'service_centers.read',
      tags,
      params: idParam,
      query: bookingsQuery,
      response: z.object({ data: z.array(bookingSchema) }),
    },
    async ({ actor, params, query }) => {
      const center = await visibleCenter(db, actor, params.id);
      let q = bookings(db).where('c.id', '=', center.id);
      if (query.from) q = q.where('b.endsAt', '>', new Date(query.from));
      if (query.to) q = q.where('b.startsAt', '<', new Date(query.to));
      if (query.status) q = q.where('b.status', '=', query.status);
      const rows = await q.orderBy('b.startsAt').limit(500).execute();
      const now = clock.now();
      return { data: rows.map((b) => presentBooking(b, actor, now)) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/service-center-rooms/:id/bookings',
    {
      access: 'service_centers.book',
      tags,
      params: idParam,
      body: createBookingBody,
      response: { 201: z.object({ data: bookingSchema }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const room = await db
        .selectFrom('serviceCenterRooms as r')
        .innerJoin('serviceCenters as c', 'c.id', 'r.centerId')
        .innerJoin('orgs as o', 'o.id', 'c.orgId')
        .select(['r.id', 'r.capacity', 'r.requiresApproval', 'r.active', 'c.openingHours', 'o.path'])
        .where('r.id', '=', params.id)
        .executeTakeFirst();
      if (!room || !serves(actor, 'service_centers.read', room.path)) {
        throw new NotFoundError('场室不存在或无权访问');
      }
      if (!serves(actor, 'service_centers.book', room.path)) throw new ForbiddenError();
      const id = await runAction(request, (trx, audit) =>
        createBooking({ trx, audit, now: clock.now(), userId: actor.user.id }, room, body),
      );
      const row = (await bookings(db).where('b.id', '=', id).executeTakeFirst())!;
      return reply.status(201).send({ data: presentBooking(row, actor, clock.now()) });
    },
  );

  // ---- a booking's workflow: every state change is one entry of the action table -------------
  mountActions(app, bookingActions);
};
