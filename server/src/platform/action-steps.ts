import type { ActionContext, ActionDef } from './actions.ts';

/**
 * Workflow steps written as one short entry each. Steps of one table usually share most of their
 * declaration (the permission, the state they need, the HTTP status of a refusal, the path's
 * prefix): `stepsOf` takes that part once and each step names only what is its own.
 *
 *   const planned = stepsOf<MeetingView, number>({ path: '/org-life/meetings/:id/', when: open, conflictStatus: 409 });
 *   edit: planned({ title: '修改计划', path: 'edit', permission: 'org_life.plan', body: updateMeetingBody,
 *                   run: thenId(updateMeeting), audit: 'org_life.plan' }),
 *
 * A step's own field wins over the shared one; `path` is appended to the shared prefix.
 */

// biome-ignore lint/suspicious/noExplicitAny: the shared part serves steps of any body type
type Shared<Row, Out> = Partial<Omit<ActionDef<Row, any, Out>, 'body' | 'run' | 'title'>>;
type Own<Row, Body, Out> = Partial<ActionDef<Row, Body, Out>> &
  Pick<ActionDef<Row, Body, Out>, 'title' | 'path' | 'body' | 'run' | 'audit'>;

export function stepsOf<Row, Out>(shared: Shared<Row, Out>) {
  return <Body>(own: Own<Row, Body, Out>): ActionDef<Row, Body, Out> => {
    const def = { ...shared, ...own, path: `${shared.path ?? ''}${own.path}` };
    if (!def.permission) throw new Error(`action ${def.path} declares no permission`);
    return def as ActionDef<Row, Body, Out>;
  };
}

/**
 * A step's `run` for a table whose `reply` presents the record again by its id: runs the service
 * function (whose own answer is not needed) and answers the record's id.
 */
export function thenId<Row extends { id: number }, Body>(
  service: (ctx: ActionContext, row: Row, body: Body) => Promise<unknown>,
): (ctx: ActionContext, row: Row, body: Body) => Promise<number> {
  return async (ctx, row, body) => {
    await service(ctx, row, body);
    return row.id;
  };
}
