import { z } from 'zod';
import { type FieldErrors, ValidationError } from './errors.ts';

/**
 * Chinese field labels for error messages. Modules add theirs with `registerFieldLabels`, so
 * every error names its field the way an official reads it.
 */
const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  name: '名称',
  level: '行政层级',
  unitType: '单位类型',
  shortName: '简称',
  parentId: '上级组织',
  targetParentId: '目标上级组织',
  establishedOn: '成立日期',
  closedOn: '撤销日期',
  reason: '原因',
  sortOrder: '排序',
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  displayName: '姓名',
  phone: '手机号',
  role: '角色',
  orgId: '组织',
  code6: '验证码',
  page: '页码',
  pageSize: '每页条数',
  q: '关键词',
  from: '开始时间',
  to: '结束时间',
  unitName: '所在单位',
  position: '职务',
  startedOn: '开始日期',
  endedOn: '结束日期',
};

/**
 * Adds labels for field names no module has labelled yet (the first label wins, so one module
 * cannot silently rename another's fields). Where the same field name means different things,
 * give the routes their own labels with `config: { fieldLabels }` (see `withFieldLabels`).
 */
export function registerFieldLabels(labels: Record<string, string>): void {
  for (const [key, label] of Object.entries(labels)) FIELD_LABELS[key] ??= label;
}

export function fieldLabel(
  path: readonly PropertyKey[] | undefined,
  overrides?: Record<string, string>,
): string {
  const key = [...(path ?? [])].reverse().find((p) => typeof p === 'string') as string | undefined;
  return (key && (overrides?.[key] ?? FIELD_LABELS[key])) || (key ? String(key) : '请求');
}

/** Re-describe an issue with route-specific labels (used by the HTTP error handler). */
export function describeIssueWith(issue: z.core.$ZodIssue, labels: Record<string, string>): string {
  return describeIssue(issue, labels);
}

function describeIssue(issue: z.core.$ZodIssue, overrides?: Record<string, string>): string {
  const label = fieldLabel(issue.path, overrides);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${label}为必填项`;
      return `${label}的类型不正确`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? `${label}不能为空` : `${label}至少需要 ${issue.minimum} 个字符`;
      }
      if (issue.origin === 'array') return `${label}至少需要 ${issue.minimum} 项`;
      return `${label}不能小于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${label}不能超过 ${issue.maximum} 个字符`;
      if (issue.origin === 'array') return `${label}不能超过 ${issue.maximum} 项`;
      return `${label}不能大于 ${issue.maximum}`;
    case 'invalid_format':
      return `${label}的格式不正确`;
    case 'invalid_value':
      return `${label}的取值无效`;
    case 'unrecognized_keys':
      return `不允许提交的字段：${issue.keys.join('、')}`;
    default:
      return issue.message ? `${label}：${issue.message}` : `${label}有误`;
  }
}

z.config({ customError: (issue) => describeIssue(issue as z.core.$ZodIssue) });

export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key =
      issue.code === 'unrecognized_keys' ? issue.keys.join(',') : (issue.path ?? []).join('.') || '_';
    if (!fields[key]) fields[key] = issue.message || describeIssue(issue);
  }
  return fields;
}

/** Parse outside Fastify's schema step (CLI, imports): throws a ValidationError with named fields. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(issuesToFields(result.error.issues));
  return result.data;
}

/** Common building blocks for contracts. */
export const idParam = z.object({ id: z.coerce.number().int().positive() });
/** Paging lives in paging.ts; contracts keep importing these two from here. */
export { pageInfo, pageQuery } from './paging.ts';
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export const okBody = z.object({ ok: z.literal(true) });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
