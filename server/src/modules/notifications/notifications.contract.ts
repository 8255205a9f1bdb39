import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';

export const todoItemSchema = z.object({
  /** `<source>:<item>`: unique over the person's list, the key a read mark is stored under. */
  key: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  date: z.string().nullable(),
  overdue: z.boolean(),
  /** Web path that opens the record. */
  path: z.string(),
  read: z.boolean(),
});

export const todoGroupSchema = z.object({
  key: z.string(),
  title: z.string(),
  items: z.array(todoItemSchema),
});

export const todosResponse = z.object({
  data: z.object({
    /** Items not yet marked read (the header badge). */
    unread: z.number(),
    total: z.number(),
    groups: z.array(todoGroupSchema),
  }),
});

export const markReadBody = z
  .object({
    /** Keys from the person's own list; unknown keys are ignored. */
    keys: z.array(z.string().min(1).max(200)).min(1, '请选择要标记的待办').max(500),
  })
  .strict();

export const markReadResponse = z.object({ data: z.object({ marked: z.number() }) });

export type TodoItemDto = z.infer<typeof todoItemSchema>;
export type TodoGroupDto = z.infer<typeof todoGroupSchema>;

/** The reads the web calls (the typed client is built from this table). */
export const notificationsEndpoints = defineEndpoints({
  todos: get('/notifications/todos', { response: todosResponse }),
  markRead: post('/notifications/read', { body: markReadBody, response: markReadResponse }),
});
