import type { Actor } from '../../platform/actor.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { Db, Executor } from '../../platform/db.ts';
import type { ModuleRegistry } from '../../platform/registry.ts';
import type { TodoGroupDto } from './notifications.contract.ts';

/** At most this many items per source: a to-do list, not a report (each source orders most urgent first). */
export const ITEMS_PER_SOURCE = 50;

/**
 * The person's to-do list: every source they may be asked about (registry, from the manifests),
 * each answering for this person only, with their read marks. Sources with nothing are left out.
 */
export async function todosOf(
  db: Db,
  registry: ModuleRegistry,
  actor: Actor,
  now: Date,
): Promise<{ unread: number; total: number; groups: TodoGroupDto[] }> {
  const today = chinaDate(now);
  const groups: TodoGroupDto[] = [];
  for (const source of registry.todosFor(actor)) {
    const items = (await source.list({ db, actor, now, today })).slice(0, ITEMS_PER_SOURCE);
    if (items.length === 0) continue;
    groups.push({
      key: source.key,
      title: source.title,
      items: items.map((item) => ({
        key: `${source.key}:${item.id}`,
        title: item.title,
        detail: item.detail ?? null,
        date: item.date ?? null,
        overdue: item.overdue ?? false,
        path: item.path,
        read: false,
      })),
    });
  }
  const keys = groups.flatMap((g) => g.items.map((i) => i.key));
  const read = new Set(await readKeys(db, actor.user.id, keys));
  let unread = 0;
  for (const group of groups) {
    for (const item of group.items) {
      item.read = read.has(item.key);
      if (!item.read) unread += 1;
    }
  }
  return { unread, total: keys.length, groups };
}

async function readKeys(db: Executor, userId: number, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('notificationReads')
    .select('itemKey')
    .where('userId', '=', userId)
    .where('itemKey', 'in', keys)
    .execute();
  return rows.map((r) => r.itemKey);
}

/** Marks the given keys read for this person; only keys of their own current list count. */
export async function markRead(
  trx: Executor,
  userId: number,
  keys: readonly string[],
  ownKeys: ReadonlySet<string>,
  now: Date,
): Promise<number> {
  const mine = [...new Set(keys)].filter((k) => ownKeys.has(k));
  if (mine.length === 0) return 0;
  await trx
    .insertInto('notificationReads')
    .values(mine.map((itemKey) => ({ userId, itemKey, readAt: now })))
    .onConflict((oc) => oc.columns(['userId', 'itemKey']).doNothing())
    .execute();
  return mine.length;
}
