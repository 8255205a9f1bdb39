import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountActions } from '../../platform/actions.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { mountCreate, mountScopedList } from '../../platform/module-kit.ts';
import { visibleOrgPath } from '../../platform/org-scope.ts';
import { mountGet } from '../../platform/reads.ts';
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

  mountGet(
    app,
    '/co-building/meetings/:id',
    { access: 'co_building.read', tags, params: idParam, response: z.object({ data: meetingSchema }) },
    async ({ actor, params }) => {
      const [meeting] = await presentedMeetings(db, actor, {}, undefined, params.id);
      if (!meeting) throw new NotFoundError('联席会议不存在或无权访问');
      return { data: meeting };
    },
  );

  mountGet(
    app,
    '/co-building/stats',
    { access: 'co_building.read', tags, query: scopeQuery, response: z.object({ data: statsSchema }) },
    async ({ actor, query }) => {
      return {
        data: await coBuildingStats(db, actor, query, await visibleOrgPath(db, actor, query.orgId)),
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
