import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { isoDate, pageInfo, pageQuery } from '../../platform/validation.ts';

/** Whose list it is: the party committee's or its secretary's (区委 / 区委书记 …). */
export const LIST_HOLDERS = ['committee', 'secretary'] as const;
export type ListHolder = (typeof LIST_HOLDERS)[number];

export const ITEM_STATUSES = ['open', 'done'] as const;

const abilities = z.record(z.string(), z.boolean());

export const kindSchema = z.object({ code: z.string(), name: z.string() });

export const itemSchema = z.object({
  id: z.number(),
  listId: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  sourceItemId: z.number().nullable(),
  ownerOrgId: z.number(),
  ownerOrgName: z.string(),
  ownerPerson: z.string(),
  title: z.string(),
  measure: z.string(),
  deadline: z.string(),
  weight: z.number(),
  passDown: z.boolean(),
  status: z.enum(ITEM_STATUSES),
  progress: z.number(),
  doneOn: z.string().nullable(),
  /** Open past its deadline, or done after it. */
  late: z.boolean(),
  abilities: abilities.optional(),
});
export type ItemDto = z.infer<typeof itemSchema>;

export const listSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  kind: z.string(),
  kindName: z.string(),
  holder: z.enum(LIST_HOLDERS),
  title: z.string(),
  parentListId: z.number().nullable(),
  version: z.number(),
  signDueOn: z.string(),
  /** Who signed the current version (null when it is unsigned, or changed since the last signature). */
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
  signedVersion: z.number().nullable(),
  /** Signed once, changed since: a new signature is due. */
  needsResign: z.boolean(),
  /** Signed after the due date (or still unsigned past it). */
  signedLate: z.boolean(),
  items: z.array(itemSchema),
  abilities: abilities.optional(),
});
export type ListDto = z.infer<typeof listSchema>;

export const signatureSchema = z.object({
  version: z.number(),
  name: z.string(),
  signedAt: z.string(),
});

export const listDetailSchema = listSchema.extend({ signatures: z.array(signatureSchema) });

export const listsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
});

export const itemsQuery = pageQuery.extend({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
  late: z.enum(['true', 'false']).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
});
export type ItemsQuery = z.infer<typeof itemsQuery>;

export const createListBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    kind: z.string().trim().min(1).max(40),
    holder: z.enum(LIST_HOLDERS),
    title: z.string().trim().min(1).max(100),
    signDueOn: isoDate,
  })
  .strict();

export const takeBody = z
  .object({ year: z.number().int().min(2000).max(2100), signDueOn: isoDate.optional() })
  .strict();

export const itemBody = z
  .object({
    ownerOrgId: z.number().int().positive(),
    ownerPerson: z.string().trim().min(1).max(40),
    title: z.string().trim().min(1).max(200),
    measure: z.string().trim().min(1).max(500),
    deadline: isoDate,
    weight: z.number().min(0).max(100),
    passDown: z.boolean().optional(),
  })
  .strict();

export const reviseBody = itemBody.omit({ ownerOrgId: true }).partial().strict();

export const progressBody = z
  .object({
    text: z.string().trim().min(1).max(2000),
    figures: z
      .array(z.object({ label: z.string().trim().min(1).max(40), value: z.number() }).strict())
      .max(20)
      .optional(),
    progress: z.number().int().min(0).max(100),
    done: z.boolean().optional(),
  })
  .strict();

export const progressSchema = z.object({
  id: z.number(),
  text: z.string(),
  figures: z.array(z.object({ label: z.string(), value: z.number() })),
  progress: z.number(),
  reportedBy: z.string(),
  reportedAt: z.string(),
  attachments: z.array(z.object({ id: z.number(), filename: z.string() })),
});

export const takeResponse = z.object({ data: z.object({ lists: z.number(), items: z.number() }) });
export const listsResponse = z.object({ data: z.array(listSchema) });
export const itemsResponse = z.object({ data: z.array(itemSchema), page: pageInfo });

export const responsibilityEndpoints = defineEndpoints({
  kinds: get('/responsibility/kinds', { response: z.object({ data: z.array(kindSchema) }) }),
  lists: get('/responsibility/lists', { query: listsQuery, response: listsResponse }),
  list: get('/responsibility/lists/:id', { response: z.object({ data: listDetailSchema }) }),
  createList: post('/orgs/:id/responsibility/lists', {
    body: createListBody,
    response: z.object({ data: listSchema }),
  }),
  take: post('/orgs/:id/responsibility/take', { body: takeBody, response: takeResponse }),
  addItem: post('/responsibility/lists/:id/items', {
    body: itemBody,
    response: z.object({ data: listSchema }),
  }),
  sign: post('/responsibility/lists/:id/sign', {
    body: z.object({}).strict(),
    response: z.object({ data: listSchema }),
  }),
  items: get('/responsibility/items', { query: itemsQuery, response: itemsResponse }),
  revise: post('/responsibility/items/:id/revise', {
    body: reviseBody,
    response: z.object({ data: itemSchema }),
  }),
  report: post('/responsibility/items/:id/progress', {
    body: progressBody,
    response: z.object({ data: itemSchema }),
  }),
  progress: get('/responsibility/items/:id/progress', {
    response: z.object({ data: z.array(progressSchema) }),
  }),
});

/** This module's field names, given to every route (`title`, `kind` mean other things elsewhere). */
export const RESPONSIBILITY_LABELS = {
  year: '年度',
  kind: '清单类型',
  holder: '责任主体',
  title: '标题',
  signDueOn: '签字截止日期',
  ownerOrgId: '责任单位',
  ownerPerson: '责任人',
  measure: '完成标准',
  deadline: '完成时限',
  weight: '权重',
  passDown: '逐级下派',
  text: '进展情况',
  figures: '数据',
  progress: '完成进度',
  done: '已完成',
  late: '是否逾期',
};
