import { z } from 'zod';

/** Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) in Jiceng's terms. */
const apiKey = z.string().min(10).max(100).optional();

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

export const listRequestsQuery = keyQuery.extend({
  service_request_id: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .optional(),
  service_code: z.string().max(40).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: z
    .string()
    .regex(/^(open|closed)(,(open|closed))*$/i)
    .optional(),
});

const num = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** POST requests.json: form-encoded or JSON, as hotline systems send either. */
export const postRequestBody = z
  .object({
    api_key: apiKey,
    jurisdiction_id: z.string().max(40).optional(),
    service_code: z.string().min(1).max(40),
    description: z.string().trim().min(5).max(2000),
    address_string: z.string().trim().max(200).optional(),
    address_id: z.string().max(40).optional(),
    lat: num.pipe(z.number().min(-90).max(90)).optional(),
    long: num.pipe(z.number().min(-180).max(180)).optional(),
    email: z.string().max(100).optional(),
    device_id: z.string().max(100).optional(),
    account_id: z.string().max(100).optional(),
    first_name: z.string().trim().max(20).optional(),
    last_name: z.string().trim().max(20).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^1\d{10}$/)
      .optional(),
    media_url: z.string().max(500).optional(),
  })
  .strict();

export const postRequestResponse = z.array(
  z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.string().nullable() }),
);

export const updatesQuery = keyQuery.extend({
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  service_request_id: z.string().regex(/^\d+$/).optional(),
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
    service_request_id: z.string().regex(/^\d+$/),
    update_id: z.string().min(1).max(100).optional(),
    status: z
      .string()
      .regex(/^(open|closed)$/i)
      .transform((s) => s.toLowerCase() as 'open' | 'closed'),
    description: z.string().trim().min(1).max(1000),
    updated_datetime: z.iso.datetime({ offset: true }).optional(),
    media_url: z.string().max(500).optional(),
    first_name: z.string().max(20).optional(),
    last_name: z.string().max(20).optional(),
    email: z.string().max(100).optional(),
  })
  .strict();

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
