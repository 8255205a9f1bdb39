import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http.ts';
import { mountCreate, mountScopedList } from '../../platform/module-kit.ts';
import { visibleOrgPath } from '../../platform/org-scope.ts';
import { idParam } from '../../platform/validation.ts';
import { issueActions, presentedMeetings } from './co-building.actions.ts';
import {
  activityBody,
  activitySchema,
  agreementBody,
  agreementSchema,
  meetingBody,
  meetingSchema,
  scopeQuery,
  statsSchema,
  unitBody,
  unitSchema,
} from './co-building.contract.ts';
import { mountCoBuildingLedger } from './co-building.ledger.ts';
import {
  addUnit,
  coBuildingStats,
  listActivities,
  listAgreements,
  listUnits,
  recordActivity,
  recordMeeting,
  signAgreement,
} from './co-building.service.ts';

const tags = ['co-building'];
const read = { access: 'co_building.read', tags, query: scopeQuery } as const;
const manage = { access: 'co_building.manage', tags } as const;

export const coBuildingRoutes: FastifyPluginAsyncZod = async (app) => {
  mountCoBuildingLedger(app);
  const { db } = app.deps;

  mountScopedList(app, {
    ...read,
    path: '/co-building/units',
    item: unitSchema,
    list: (db, actor, _q, path) => listUnits(db, actor, path),
  });
  mountScopedList(app, {
    ...read,
    path: '/co-building/meetings',
    item: meetingSchema,
    list: presentedMeetings,
  });
  mountScopedList(app, {
    ...read,
    path: '/co-building/activities',
    item: activitySchema,
    list: listActivities,
  });
  mountScopedList(app, {
    ...read,
    path: '/co-building/agreements',
    item: agreementSchema,
    list: listAgreements,
  });

  app.get(
    '/co-building/meetings/:id',
    {
      config: { access: 'co_building.read' },
      schema: { tags, params: idParam, response: { 200: z.object({ data: meetingSchema }) } },
    },
    async (request) => {
      const [meeting] = await presentedMeetings(db, actorOf(request), {}, undefined, request.params.id);
      if (!meeting) throw new NotFoundError('联席会议不存在或无权访问');
      return { data: meeting };
    },
  );

  app.get(
    '/co-building/stats',
    {
      config: { access: 'co_building.read' },
      schema: { tags, querystring: scopeQuery, response: { 200: z.object({ data: statsSchema }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      return {
        data: await coBuildingStats(
          db,
          actor,
          request.query,
          await visibleOrgPath(db, actor, request.query.orgId),
        ),
      };
    },
  );

  mountCreate(app, { ...manage, path: '/orgs/:id/co-building/units', body: unitBody, run: addUnit });
  mountCreate(app, {
    ...manage,
    path: '/orgs/:id/co-building/meetings',
    body: meetingBody,
    run: recordMeeting,
  });
  mountCreate(app, {
    ...manage,
    path: '/orgs/:id/co-building/activities',
    body: activityBody,
    run: recordActivity,
  });
  mountCreate(app, {
    ...manage,
    path: '/orgs/:id/co-building/agreements',
    body: agreementBody,
    run: signAgreement,
  });

  mountActions(app, issueActions);
};
