import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { stepsOf } from '../../platform/action-steps.ts';
import { abilitiesOf, defineActions } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http.ts';
import { decidePointsRequest, getPointsRequest, type PointsRequestRow } from './points.service.ts';

export const pointsRequestSchema = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  ruleCode: z.string(),
  points: z.number(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  abilities: z.object({ approve: z.boolean(), reject: z.boolean() }),
});
type PresentedRequest = z.infer<typeof pointsRequestSchema>;

export const approveBody = z.object({ comment: z.string().trim().max(500).nullish() }).strict();
export const rejectBody = z.object({ comment: z.string().trim().min(1).max(500) }).strict();

type Decided = { id: number; status: 'approved' | 'rejected'; entryId: number | null };
const pending = (r: PointsRequestRow) => (r.status === 'pending' ? null : '该申请已经审核');

/** A points request the caller may see (points.read on its organization), else 404; optionally locked. */
async function loadRequest(db: Executor, actor: Actor, id: number, lock: boolean) {
  if (lock)
    await db.selectFrom('pointsRequests').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const r = await getPointsRequest(db, id);
  if (!r || !actor.can('points.read', r.path)) throw new NotFoundError('积分申请不存在或无权访问');
  return r;
}

const decision = stepsOf<PointsRequestRow, Decided>({
  path: '/points/requests/:id/',
  permission: 'points.approve',
  when: pending,
  conflictStatus: 409,
});

/**
 * Manual points (积分申报): the branch asks, the level above approves (the points are booked) or
 * rejects with a comment; `points.approve` acts only below the grant.
 */
export const pointsRequestActions = defineActions({
  tags: ['points'],
  objectType: 'points_request',
  load: (db, actor, params, { lock }) => loadRequest(db, actor, Number(params.id), lock),
  id: (r) => r.id,
  scope: (r) => r.path,
  reply: async (out: Decided, request: FastifyRequest): Promise<{ data: PresentedRequest }> => {
    const { db } = request.server.deps;
    const row = (await getPointsRequest(db, out.id))!;
    return { data: presentRequests(actorOf(request), [row])[0] };
  },
  response: z.object({ data: pointsRequestSchema }),
  actions: {
    approve: decision({
      title: '通过',
      path: 'approve',
      body: approveBody,
      run: (ctx, r, b) => decidePointsRequest(ctx, r, 'approved', b.comment ?? null),
      audit: 'points.approve',
    }),
    reject: decision({
      title: '不予通过',
      path: 'reject',
      body: rejectBody,
      run: (ctx, r, b) => decidePointsRequest(ctx, r, 'rejected', b.comment),
      audit: 'points.approve',
    }),
  },
});

/** Requests as the caller sees them, each with what the caller may do. */
export function presentRequests(actor: Actor, rows: PointsRequestRow[]): PresentedRequest[] {
  return rows.map((row) => {
    const { path: _path, ...r } = row;
    return {
      ...r,
      points: Number(r.points),
      memberName: r.memberName ?? '',
      requestedAt: r.requestedAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      abilities: abilitiesOf(pointsRequestActions, actor, row),
    };
  });
}
