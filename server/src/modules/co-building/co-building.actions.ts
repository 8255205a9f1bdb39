import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { abilitiesOf, actionFor, defineActions } from '../../platform/actions.ts';
import { actorOf } from '../../platform/http.ts';
import { meetingSchema, solveBody } from './co-building.contract.ts';

type MeetingDto = z.infer<typeof meetingSchema>;

import { type IssueRow, listMeetings, loadIssue, solveIssue } from './co-building.service.ts';

const act = actionFor<IssueRow, number>();

/**
 * An issue raised at a joint meeting (联席会议) is open until the host organization records it
 * solved (open → solved). The meeting's issues carry `abilities` from this table.
 */
export const issueActions = defineActions({
  tags: ['co-building'],
  objectType: 'co_building_issue',
  load: (db, actor, params, { lock }) => loadIssue(db, actor, Number(params.id), lock),
  id: (i) => i.id,
  scope: (i) => i.path,
  reply: async (meetingId: number, request: FastifyRequest): Promise<unknown> => {
    const [meeting] = await presentedMeetings(
      request.server.deps.db,
      actorOf(request),
      {},
      undefined,
      meetingId,
    );
    return { data: meeting };
  },
  response: z.object({ data: meetingSchema }),
  actions: {
    solve: act({
      title: '办结共建事项',
      path: '/co-building/issues/:id/solve',
      permission: 'co_building.manage',
      when: (i) => (i.status === 'solved' ? '该问题已解决' : null),
      conflictStatus: 409,
      body: solveBody,
      run: (ctx, i, b) => solveIssue(ctx, i, b.solvedOn, b.outcome),
      audit: 'co_building.solve_issue',
    }),
  },
});

/** Joint meetings as the caller sees them: each issue with what the caller may do with it. */
export async function presentedMeetings(...args: Parameters<typeof listMeetings>): Promise<MeetingDto[]> {
  const actor = args[1];
  return (await listMeetings(...args)).map((m) => ({
    ...m,
    issues: m.issues.map(({ meetingId: _m, path: _p, heldOn: _h, ...i }, k) => ({
      ...i,
      abilities: abilitiesOf(issueActions, actor, m.issues[k] as IssueRow),
    })),
  }));
}
