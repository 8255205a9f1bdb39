import type { TodoContext, TodoItem, TodoSource } from './module.ts';
import type { Permission } from './permissions.ts';

/**
 * A to-do source over the subtrees where the person holds `permission` (the officials' lists: meetings
 * to record, requests due, approvals waiting). Nothing when they hold it nowhere; otherwise `rows`
 * reads the records within `paths` (one query, filtered with `pathWithin` and capped with a limit)
 * and `item` words each one.
 */
export function scopedTodo<P extends Permission, R>(spec: {
  key: string;
  title: string;
  permission: P;
  rows: (ctx: TodoContext & { paths: string[] }) => Promise<R[]>;
  item: (row: R, ctx: TodoContext) => TodoItem | null;
}): TodoSource<P> {
  return {
    key: spec.key,
    title: spec.title,
    permission: spec.permission,
    list: async (ctx) => {
      const paths = ctx.actor.paths(spec.permission);
      if (paths.length === 0) return [];
      const items = (await spec.rows({ ...ctx, paths })).map((row) => spec.item(row, ctx));
      return items.filter((item): item is TodoItem => item !== null);
    },
  };
}
