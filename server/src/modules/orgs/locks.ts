import type { Executor } from '../../platform/db.ts';
import { pathIds } from '../../platform/scope.ts';

/**
 * Tree locks (ADR 0010). Every write that stores something derived from an organization's path
 * (a child's path, a moved subtree's paths, the ancestors a member or an organization counts
 * toward in the rollups) runs after `lockOrgTree`, at the start of its transaction:
 *
 * - `paths`: the organizations whose current path the write reads. Each of them and every
 *   ancestor on its path is locked `FOR KEY SHARE` (readers do not block each other, nor renames).
 * - `subtrees`: the roots of subtrees whose paths the write rewrites (a move). Locked
 *   `FOR UPDATE`, which waits for every reader below and makes new readers below wait.
 * - `wholeSubtrees`: every organization below these (and they) is locked `FOR KEY SHARE` too
 *   (imports that place rows anywhere in a subtree).
 *
 * All rows are locked in one global order, by id ascending, so two writes never wait for each
 * other in a cycle. A path read before locking may be stale (a move committed meanwhile): the
 * locked rows are read again and, if a path changed, the new ancestors are locked as well.
 */
export async function lockOrgTree(
  trx: Executor,
  request: { paths?: readonly number[]; subtrees?: readonly number[]; wholeSubtrees?: readonly number[] },
): Promise<void> {
  const readers = [...new Set(request.paths ?? [])];
  const writers = [...new Set(request.subtrees ?? [])];
  const whole = [...new Set(request.wholeSubtrees ?? [])];
  const ids = [...new Set([...readers, ...writers, ...whole])];
  if (ids.length === 0) return;
  const locked = new Map<number, 'share' | 'update'>();
  for (let round = 0; round < 10; round++) {
    const current = await trx.selectFrom('orgs').select(['id', 'path']).where('id', 'in', ids).execute();
    const pathOf = new Map(current.map((r) => [r.id, r.path]));
    const wanted = new Map<number, 'share' | 'update'>();
    for (const id of [...readers, ...whole]) {
      const path = pathOf.get(id);
      if (path) for (const a of pathIds(path)) wanted.set(a, 'share');
    }
    for (const id of whole) {
      const path = pathOf.get(id);
      if (!path) continue;
      const below = await trx.selectFrom('orgs').select('id').where('path', 'like', `${path}%`).execute();
      for (const r of below) if (!wanted.has(r.id)) wanted.set(r.id, 'share');
    }
    for (const id of writers) if (pathOf.has(id)) wanted.set(id, 'update');
    const order = [...wanted.keys()].filter(
      (id) => locked.get(id) !== 'update' && locked.get(id) !== wanted.get(id),
    );
    order.sort((a, b) => a - b);
    let newlyLocked = 0;
    // Consecutive ids of the same mode in one statement; `order by` before the lock = lock order.
    for (let i = 0; i < order.length; ) {
      const mode = wanted.get(order[i]!)!;
      let j = i;
      while (j < order.length && wanted.get(order[j]!) === mode) j++;
      const q = trx.selectFrom('orgs').select('id').where('id', 'in', order.slice(i, j)).orderBy('id');
      const rows = await (mode === 'update' ? q.forUpdate() : q.forKeyShare()).execute();
      for (const r of rows) locked.set(r.id, mode);
      newlyLocked += rows.length;
      i = j;
    }
    // Locked paths are current; a reader whose path moved while we waited needs its new ancestors.
    const fresh =
      newlyLocked === 0
        ? pathOf
        : new Map(
            (await trx.selectFrom('orgs').select(['id', 'path']).where('id', 'in', ids).execute()).map(
              (r) => [r.id, r.path],
            ),
          );
    const stable = [...readers, ...whole].every((id) => fresh.get(id) === pathOf.get(id));
    if (stable) return;
  }
  throw Object.assign(new Error('organization paths kept changing while locking'), { code: '40001' });
}
