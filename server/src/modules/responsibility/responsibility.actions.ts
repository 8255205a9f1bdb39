import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionFor, defineActions, noBody } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { roleHas } from '../../platform/permissions.ts';
import { localDate } from '../work-calendar/index.ts';
import {
  itemBody,
  itemSchema,
  listSchema,
  progressBody,
  RESPONSIBILITY_LABELS,
  reviseBody,
} from './responsibility.contract.ts';
import { presentItem, presentList } from './responsibility.presenter.ts';
import {
  findListItems,
  getItem,
  getList,
  getVisibleItem,
  getVisibleList,
  type ItemRow,
  type ListRow,
  lockVisibleItem,
  lockVisibleList,
} from './responsibility.queries.ts';
import { addItem, reportProgress, reviseItem, signList } from './responsibility.service.ts';

const onList = actionFor<ListRow, ListRow>();
const onItem = actionFor<ItemRow, ItemRow>();

/** Each level's own secretary signs its list: a grant on exactly that organization. */
function ownSecretary(actor: Actor, row: ListRow) {
  return actor.grants.some((g) => g.orgPath === row.orgPath && roleHas(g.role, 'responsibility.sign'))
    ? null
    : '只有本级党组织书记可以签字背书';
}

async function replyList(row: ListRow, request: FastifyRequest) {
  const { db, clock } = request.server.deps;
  const today = localDate(clock.now());
  const fresh = (await getList(db, row.id)) ?? row;
  return {
    data: presentList(fresh, await findListItems(db, [row.id], today), today, request.actor ?? undefined),
  };
}

async function replyItem(row: ItemRow, request: FastifyRequest) {
  const { db, clock } = request.server.deps;
  const fresh = (await getItem(db, row.id, localDate(clock.now()))) ?? row;
  return { data: presentItem(fresh, request.actor ?? undefined) };
}

/** A list: add an item (the list's version moves on), sign the current version (签字背书). */
export const listActions = defineActions({
  tags: ['responsibility'],
  fieldLabels: RESPONSIBILITY_LABELS,
  objectType: 'responsibility_list',
  load: (db, actor, params, { lock }) =>
    (lock ? lockVisibleList : getVisibleList)(db, actor, Number(params.id)),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: replyList,
  response: z.object({ data: listSchema }),
  actions: {
    addItem: onList({
      title: '新增事项',
      path: '/responsibility/lists/:id/items',
      permission: 'responsibility.manage',
      body: itemBody,
      status: 201,
      run: (ctx, row, b) => addItem(ctx, row, b),
      audit: 'responsibility.item_added',
    }),
    sign: onList({
      title: '签字背书',
      path: '/responsibility/lists/:id/sign',
      permission: 'responsibility.sign',
      allowed: ownSecretary,
      when: (row) => (row.signedVersion === row.version ? '当前版本已签字' : null),
      conflictStatus: 409,
      body: noBody,
      run: (ctx, row) => signList(ctx, row),
      audit: 'responsibility.signed',
    }),
  },
});

/** An item: revise what was committed to (needs a new signature), report progress by its owner. */
export const itemActions = defineActions({
  tags: ['responsibility'],
  fieldLabels: RESPONSIBILITY_LABELS,
  objectType: 'responsibility_item',
  load: (db, actor, params, { lock }) =>
    (lock ? lockVisibleItem : getVisibleItem)(db, actor, Number(params.id), localDate(new Date())),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: replyItem,
  response: z.object({ data: itemSchema }),
  actions: {
    revise: onItem({
      title: '修改事项',
      path: '/responsibility/items/:id/revise',
      permission: 'responsibility.manage',
      when: (row) => (row.status === 'done' ? '事项已完成，不能再修改' : null),
      body: reviseBody,
      run: (ctx, row, b) => reviseItem(ctx, row, b),
      audit: 'responsibility.item_revised',
    }),
    report: onItem({
      title: '报告进展',
      path: '/responsibility/items/:id/progress',
      permission: 'responsibility.report',
      scope: (row) => row.ownerPath,
      when: (row) => (row.status === 'done' ? '事项已完成' : null),
      body: progressBody,
      run: (ctx, row, b) => reportProgress(ctx, row, b),
      audit: 'responsibility.progress_reported',
    }),
  },
});
