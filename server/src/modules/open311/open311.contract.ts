import { z } from 'zod';
import { defineEndpoints, get, post, put } from '../../platform/endpoints.contract.ts';

/** Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) in Jiceng's terms. */
const apiKey = z.string().min(10).max(100).optional();

/** The specification's limit for a request's description. */
export const DESCRIPTION_MAX = 4000;
/** Results per list answer; a longer result is cut and says so in `X-Open311-Truncated`. */
export const REQUESTS_LIMIT = 200;
export const UPDATES_LIMIT = 500;
/** The longest start_date…end_date range a list may ask for (the specification's 90 days). */
export const MAX_RANGE_DAYS = 90;

export const open311Error = z.array(z.object({ code: z.number(), description: z.string() }));

export const serviceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.literal('realtime'),
  keywords: z.string(),
  group: z.string(),
});

export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export const attributeValueSchema = z.object({ key: z.string(), name: z.string() });

/** One attribute of a service definition (services/{code}.json). */
export const serviceAttributeSchema = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(ATTRIBUTE_DATATYPES),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number(),
  description: z.string(),
  values: z.array(attributeValueSchema),
});

export const serviceDefinitionSchema = z.object({
  service_code: z.string(),
  attributes: z.array(serviceAttributeSchema),
});

/** A service with its definition, as the settings page shows it (GET /open311-services). */
export const serviceSettingSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  active: z.boolean(),
  /** The service has a definition (attributes): `metadata` true in services.json. */
  metadata: z.boolean(),
  attributes: z.array(serviceAttributeSchema),
});

/** What the system administrator sets for a service (PUT /open311-services/:code/attributes). */
export const putAttributesBody = z
  .object({
    attributes: z
      .array(
        z
          .object({
            code: z
              .string()
              .regex(/^[A-Za-z0-9_-]{1,40}$/, '属性编码只能包含字母、数字、下划线和连字符（最多 40 个）'),
            datatype: z.enum(ATTRIBUTE_DATATYPES),
            required: z.boolean(),
            variable: z.boolean().default(true),
            description: z.string().trim().min(1).max(200),
            datatypeDescription: z.string().trim().max(200).nullable().optional(),
            values: z
              .array(
                z.object({ key: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(100) }),
              )
              .max(100)
              .default([]),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();

export const open311RequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});

export const keyQuery = z.object({ api_key: apiKey, jurisdiction_id: z.string().max(40).optional() });

/**
 * A W3C date-time (https://www.w3.org/TR/NOTE-datetime), as the specification asks: a full
 * date-time with offset, or a date alone (read as that day in China Standard Time).
 */
export const w3cDateTime = z.union(
  [z.iso.datetime({ offset: true }), z.iso.date()],
  '须为 W3C 日期时间，如 2026-11-23T09:00:00+08:00 或 2026-11-23',
);

export const listRequestsQuery = keyQuery.extend({
  service_request_id: z
    .string()
    .regex(/^\d{1,12}(,\d{1,12})*$/, '诉求编号须为数字，多个以英文逗号分隔')
    .optional(),
  service_code: z.string().max(400).optional(),
  start_date: w3cDateTime.optional(),
  end_date: w3cDateTime.optional(),
  status: z
    .string()
    .regex(/^(open|closed)(,(open|closed))*$/i, '状态只能是 open 或 closed（多个以英文逗号分隔）')
    .optional(),
});

const num = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/),
  ])
  .transform(Number);

/**
 * A mainland mobile number, also written the international way (+86 138 0000 1111, 0086-…):
 * stored as its 11 digits.
 */
export const mobilePhone = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, ''))
  .pipe(z.string().regex(/^1\d{10}$/, '联系电话须为中国大陆手机号（11 位，可带 +86）'));

/** An attribute value as sent: `attribute[CODE]=v` or, for a multivaluelist, `attribute[CODE][]=a&…`. */
const attributeValue = z.union([z.string().max(4000), z.array(z.string().max(400)).max(100)]);

/**
 * POST requests.json|xml: form-encoded (the specification) or JSON. `attribute[CODE]` fields
 * are gathered into `attribute` before validation; a request needs a location.
 */
export const postRequestBody = z
  .object({
    api_key: apiKey,
    jurisdiction_id: z.string().max(40).optional(),
    service_code: z.string().min(1).max(40),
    description: z.string().trim().max(DESCRIPTION_MAX).optional(),
    address_string: z.string().trim().max(200).optional(),
    address_id: z.string().trim().max(40).optional(),
    lat: num.pipe(z.number().min(-90).max(90)).optional(),
    long: num.pipe(z.number().min(-180).max(180)).optional(),
    email: z.email('电子邮箱的格式不正确').max(100).optional(),
    device_id: z.string().max(100).optional(),
    account_id: z.string().max(100).optional(),
    first_name: z.string().trim().max(20).optional(),
    last_name: z.string().trim().max(20).optional(),
    phone: mobilePhone.optional(),
    media_url: z
      .url({ protocol: /^https?$/, error: '图片链接须为 http(s) 网址' })
      .max(500)
      .optional(),
    attribute: z.record(z.string().max(40), attributeValue).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const hasPoint = b.lat !== undefined && b.long !== undefined;
    if ((b.lat === undefined) !== (b.long === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [b.lat === undefined ? 'lat' : 'long'],
        message: '纬度 lat 与经度 long 须同时提供',
      });
    } else if (!hasPoint && !b.address_string && !b.address_id) {
      ctx.addIssue({
        code: 'custom',
        path: ['address_string'],
        message: '请提供诉求地点：纬度 lat 与经度 long，或地址 address_string，或地址编号 address_id',
      });
    }
  });

export const postRequestResponse = z.array(
  z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.string().nullable() }),
);

export const updatesQuery = keyQuery.extend({
  start_date: w3cDateTime.optional(),
  end_date: w3cDateTime.optional(),
  service_request_id: z
    .string()
    .regex(/^\d{1,12}$/, '诉求编号须为数字')
    .optional(),
});

export const updateSchema = z.object({
  update_id: z.string(),
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  updated_datetime: z.string(),
  description: z.string(),
  media_url: z.string().nullable(),
});

export const postUpdateBody = z
  .object({
    api_key: apiKey,
    jurisdiction_id: z.string().max(40).optional(),
    service_request_id: z.string().regex(/^\d{1,12}$/, '诉求编号须为数字'),
    update_id: z.string().min(1).max(100).optional(),
    status: z
      .string()
      .regex(/^(open|closed)$/i, '状态只能是 open 或 closed')
      .transform((s) => s.toLowerCase() as 'open' | 'closed'),
    description: z.string().trim().min(1).max(1000),
    updated_datetime: z.iso.datetime({ offset: true }).optional(),
    media_url: z.string().max(500).optional(),
    first_name: z.string().max(20).optional(),
    last_name: z.string().max(20).optional(),
    email: z.string().max(100).optional(),
  })
  .strict();

/** The discovery document (GeoReport v2 "Service Discovery"). */
export const discoverySchema = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});

/** What the desk shows of a request that came in over Open311 (GET /service-requests/:id/open311). */
export const requestDetailsSchema = z.object({
  mediaUrl: z.string().nullable(),
  email: z.string().nullable(),
  addressId: z.string().nullable(),
  attributes: z.array(z.object({ code: z.string(), description: z.string(), values: z.array(z.string()) })),
});

export const revealEmailBody = z.object({ reason: z.string().trim().min(2).max(200) }).strict();

// ---- key management (system administrator) ------------------------------------------------------
export const apiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  keyPrefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const createKeyBody = z.object({ name: z.string().trim().min(2).max(60) }).strict();

/**
 * The endpoints the web's own pages call (key management, service settings, request details), by
 * the names the web client uses (`createClient`); the public GeoReport routes are for clients.
 */
export const open311Endpoints = defineEndpoints({
  keys: get('/open311-keys', { response: z.object({ data: z.array(apiKeySchema) }) }),
  createKey: post('/orgs/:id/open311-keys', {
    body: createKeyBody,
    response: z.object({ data: apiKeySchema.extend({ key: z.string() }) }),
  }),
  revokeKey: post('/open311-keys/:id/revoke', { response: z.object({ data: apiKeySchema }) }),
  services: get('/open311-services', { response: z.object({ data: z.array(serviceSettingSchema) }) }),
  putAttributes: put('/open311-services/:code/attributes', {
    body: putAttributesBody,
    response: z.object({ data: serviceDefinitionSchema }),
  }),
  requestDetails: get('/service-requests/:id/open311', {
    response: z.object({ data: requestDetailsSchema }),
  }),
  revealEmail: post('/service-requests/:id/open311/reveal-email', {
    body: revealEmailBody,
    response: z.object({ data: z.object({ email: z.string() }) }),
  }),
});
