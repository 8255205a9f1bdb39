import { z } from 'zod';
import { defineEndpoints, get } from '../../platform/endpoints.contract.ts';
import { pageInfo, pageQuery } from '../../platform/validation.ts';

export const auditQuery = pageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  username: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
});

export const auditRowSchema = z.object({
  id: z.number(),
  at: z.string(),
  /** `at` in China time, 'YYYY-MM-DD HH:mm:ss'. */
  atChina: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  /** Role codes the caller held when the row was written (empty for rows before they were kept). */
  roles: z.array(z.string()),
  action: z.string(),
  /** The action in Chinese (登录, 新建组织); null when nothing names the code. */
  actionName: z.string().nullable(),
  /** The author's name (张书记（community）), when the account still exists. */
  userName: z.string().nullable(),
  /** The record in words (组织 朝阳社区党委, 账号 张三（zhangsan）). */
  objectName: z.string().nullable(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  /** Organization the row belongs to (its scope): path and name. */
  orgPath: z.string().nullable(),
  scope: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export const auditListResponse = z.object({ data: z.array(auditRowSchema), page: pageInfo });
export const verifyResponse = z.object({
  data: z.object({
    ok: z.boolean(),
    checked: z.number(),
    brokenAt: z
      .object({ id: z.number(), problem: z.enum(['modified', 'link_broken', 'truncated', 'anchor_invalid']) })
      .nullable(),
    anchors: z.number(),
  }),
});

/** The reads the web calls, declared once (the web's typed client is built from this table). */
export const auditEndpoints = defineEndpoints({
  list: get('/audit', { query: auditQuery, response: auditListResponse }),
  verify: get('/audit/verify', { response: verifyResponse }),
});
