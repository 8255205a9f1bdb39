import { z } from 'zod';
import { abilitiesOf, actionFor, defineActions, noBody } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { actorOf } from '../../platform/http.ts';
import { completeBody, projectSchema, rejectBody, serviceSchema } from './dual-reporting.contract.ts';
import {
  communitySide,
  completeProject,
  confirmService,
  getVisibleProject,
  getVisibleService,
  type ProjectRow,
  presentProject,
  presentService,
  rejectService,
  type ServiceRow,
} from './dual-reporting.service.ts';

/**
 * The dual-reporting workflows as action tables: the community confirms or rejects a member's
 * service record (pending → confirmed / rejected), and closes a claimed project (claimed →
 * completed). Records carry `abilities` from these tables; the web shows buttons from them.
 */
const tags = ['dual-reporting'];

const serviceAct = actionFor<ServiceRow, ServiceRow>();
const pending = (s: ServiceRow) => (s.status === 'pending' ? null : '该服务记录已处理');

export const serviceActions = defineActions({
  tags,
  objectType: 'dual_reporting_service',
  load: (db, actor, params, { lock }) => getVisibleService(db, actor, Number(params.id), lock),
  id: (s) => s.id,
  scope: (s) => s.communityPath,
  reply: (s, request): unknown => ({ data: presentServiceFor(actorOf(request), s) }),
  response: z.object({ data: serviceSchema }),
  actions: {
    confirm: serviceAct({
      title: '确认服务时长',
      path: '/dual-reporting/services/:id/confirm',
      permission: 'authenticated',
      allowed: communitySide,
      when: pending,
      conflictStatus: 409,
      body: noBody,
      run: async (ctx, s) => {
        await confirmService(ctx, s);
        return getVisibleService(ctx.trx, ctx.actor, s.id);
      },
      audit: 'dual_reporting.confirm_service',
    }),
    reject: serviceAct({
      title: '退回服务记录',
      path: '/dual-reporting/services/:id/reject',
      permission: 'authenticated',
      allowed: communitySide,
      when: pending,
      conflictStatus: 409,
      body: rejectBody,
      run: async (ctx, s, b) => {
        await rejectService(ctx, s, b.reason);
        return getVisibleService(ctx.trx, ctx.actor, s.id);
      },
      audit: 'dual_reporting.reject_service',
    }),
  },
});

const projectAct = actionFor<ProjectRow, ProjectRow>();

export const projectActions = defineActions({
  tags,
  objectType: 'dual_reporting_project',
  load: (db, actor, params, { lock }) => getVisibleProject(db, actor, Number(params.id), lock),
  id: (p) => p.id,
  scope: (p) => p.communityPath,
  reply: (p, request): unknown => ({ data: presentProjectFor(actorOf(request), p) }),
  response: z.object({ data: projectSchema }),
  actions: {
    complete: projectAct({
      title: '项目办结',
      path: '/dual-reporting/projects/:id/complete',
      permission: 'authenticated',
      allowed: communitySide,
      when: (p) => (p.status === 'claimed' ? null : '只有已认领的项目可以办结'),
      conflictStatus: 409,
      body: completeBody,
      run: async (ctx, p, b) => {
        await completeProject(ctx, p, b.outcome);
        return getVisibleProject(ctx.trx, ctx.actor, p.id);
      },
      audit: 'dual_reporting.complete',
    }),
  },
});

/** A service record as the caller sees it, with what the caller may do with it. */
export function presentServiceFor(actor: Actor, s: ServiceRow): z.infer<typeof serviceSchema> {
  return { ...presentService(s), abilities: abilitiesOf(serviceActions, actor, s) };
}

/** A project as the caller sees it, with what the caller may do with it. */
export function presentProjectFor(actor: Actor, p: ProjectRow): z.infer<typeof projectSchema> {
  return { ...presentProject(p), abilities: abilitiesOf(projectActions, actor, p) };
}
