import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { RateLimitedError } from '../../platform/rate-limit.ts';
import { describeIssueWith } from '../../platform/validation.ts';
import { toXml, XML_TYPE } from './open311.xml.ts';

/** Field names as the GeoReport fields mean them here (some are labelled otherwise by other modules). */
export const OPEN311_LABELS: Record<string, string> = {
  api_key: '接口密钥',
  jurisdiction_id: '辖区编码',
  service_code: '服务编码',
  service_request_id: '诉求编号',
  description: '诉求描述',
  address_string: '地址',
  address_id: '地址编号',
  lat: '纬度',
  long: '经度',
  email: '电子邮箱',
  phone: '联系电话',
  first_name: '名',
  last_name: '姓',
  media_url: '图片链接',
  device_id: '设备编号',
  account_id: '账户编号',
  status: '状态',
  start_date: '开始时间',
  end_date: '结束时间',
  update_id: '更新编号',
  updated_datetime: '更新时间',
  attribute: '服务属性',
};

export type Format = 'json' | 'xml';

/** The answer's format follows the path's extension, also for errors. */
export function formatOf(url: string): Format {
  return /\.xml(?:\?|$)/i.test(url) ? 'xml' : 'json';
}

/** An Open311 answer in the asked format: JSON as is, XML under the specification's root element. */
export function sendAs(reply: FastifyReply, format: Format, status: number, root: string, data: unknown) {
  if (format === 'xml') {
    return reply
      .status(status)
      .type(XML_TYPE)
      .send(toXml(root, data as Parameters<typeof toXml>[1]));
  }
  return reply.status(status).send(data);
}

/** One Chinese sentence for a failed validation, naming the field as Open311 calls it. */
function describeValidation(error: FastifyError): string {
  for (const v of error.validation ?? []) {
    const path = (v.instancePath ?? '').split('/').filter(Boolean);
    const issue = { ...((v.params as object | undefined) ?? {}), code: v.keyword, path, message: v.message };
    if (v.keyword === 'custom' && v.message) return v.message;
    // Messages written in the schema stay; the generic ones are said again with this API's labels.
    const generic = describeIssueWith(issue as z.core.$ZodIssue, {});
    if (v.message && v.message !== generic) return v.message;
    return describeIssueWith(issue as z.core.$ZodIssue, OPEN311_LABELS);
  }
  return '请求参数有误';
}

/** Status and description of any failure, in Open311's terms (never a 500 for bad input). */
export function open311Failure(error: FastifyError | Error): { status: number; description: string } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return { status: 400, description: describeValidation(error as FastifyError) };
  }
  if (error instanceof AppError) {
    return { status: error.statusCode === 422 ? 400 : error.statusCode, description: error.message };
  }
  const fe = error as FastifyError;
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
    return {
      status: 415,
      description: '不支持的请求内容类型：请以 application/x-www-form-urlencoded 或 application/json 提交',
    };
  }
  if (fe.statusCode === 413) return { status: 413, description: '请求内容过大' };
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status: 400, description: '请求内容为空' };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, description: '请求格式不正确' };
  }
  return { status: 500, description: '服务器内部错误' };
}

/** Open311 clients expect errors as [{ code, description }] (XML: <errors><error>…). */
export function sendOpen311Error(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const { status, description } = open311Failure(error);
  if (status >= 500) request.log.error({ err: error }, 'open311 error');
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  return sendAs(reply, formatOf(request.url), status, 'errors', [{ code: status, description }]);
}
