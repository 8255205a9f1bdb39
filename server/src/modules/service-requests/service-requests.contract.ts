import { z } from 'zod';
import { isoDate, pageInfo, pageQuery } from '../../platform/validation.ts';

/** The escalation ladder, lowest first: 网格 → 社区 → 街道 → 区. */
export const REQUEST_LEVELS = ['grid', 'community', 'street', 'district'] as const;
export type RequestLevel = (typeof REQUEST_LEVELS)[number];

export const REQUEST_SOURCES = ['resident', 'grid_worker', 'service_desk', 'hotline'] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];

/** open: being handled at a level; resolved: 办结, waiting for the resident; closed: confirmed. */
export const REQUEST_STATUSES = ['open', 'resolved', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** 当场解决 or 登记转办. */
export const DISPOSITIONS = ['on_spot', 'transferred'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const EVENT_KINDS = [
  'submitted',
  'resolved_on_spot',
  'transferred',
  'escalated',
  'completed',
  'confirmed',
  'reopened',
  'hotline_update',
  'promoted',
  'rating_corrected',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** 满意度回访: 满意 / 基本满意 / 不满意. */
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/** Working days each level has before the request is overdue there. */
export const levelLimitsSchema = z
  .object({
    grid: z.number().int().min(1).max(60),
    community: z.number().int().min(1).max(60),
    street: z.number().int().min(1).max(60),
    district: z.number().int().min(1).max(60),
  })
  .strict();
export type LevelLimits = z.infer<typeof levelLimitsSchema>;

export const categorySchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  sortOrder: z.number(),
  active: z.boolean(),
});

export const createCategoryBody = z
  .object({
    code: z
      .string()
      .trim()
      .min(2)
      .max(40)
      .regex(/^[a-z0-9_]+$/, '分类编码只能包含小写字母、数字和下划线'),
    name: z.string().trim().min(1).max(40),
    description: z.string().trim().max(200).nullish(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export const updateCategoryBody = z
  .object({
    name: z.string().trim().min(1).max(40).optional(),
    description: z.string().trim().max(200).nullish(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const ruleSchema = z.object({
  version: z.string(),
  effectiveFrom: z.string(),
  source: z.string(),
  limits: levelLimitsSchema,
  /** Hours a return-visit rating can still be corrected. */
  ratingWindowHours: z.number(),
});
export const createRuleBody = z
  .object({
    version: z.string().trim().min(1).max(20),
    effectiveFrom: isoDate,
    source: z.string().trim().min(4).max(300),
    limits: levelLimitsSchema,
    ratingWindowHours: z.number().int().min(0).max(168).optional(),
  })
  .strict();
export type CreateRuleBody = z.infer<typeof createRuleBody>;

const photoBody = z
  .object({
    mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    /** Base64 without the data: prefix; at most about 1 MB of image. */
    data: z
      .string()
      .max(1_400_000)
      .regex(/^[A-Za-z0-9+/=]+$/, '图片数据格式不正确'),
  })
  .strict();

/** The organization (community or grid) is in the URL; the requester comes from the session. */
export const submitRequestBody = z
  .object({
    categoryId: z.number().int().positive(),
    title: z.string().trim().min(2).max(60),
    description: z.string().trim().min(5).max(2000),
    location: z.string().trim().max(200).nullish(),
    lat: z.number().min(-90).max(90).nullish(),
    lng: z.number().min(-180).max(180).nullish(),
    photo: photoBody.nullish(),
    /** Officials only: entered by a grid worker or at the service desk on a resident's behalf. */
    source: z.enum(['grid_worker', 'service_desk']).optional(),
    contactName: z.string().trim().min(1).max(40).nullish(),
    contactPhone: z
      .string()
      .trim()
      .regex(/^1\d{10}$/, '手机号应为 11 位数字')
      .nullish(),
  })
  .strict();
export type SubmitRequestBody = z.infer<typeof submitRequestBody>;

export const resolutionBody = z.object({ resolution: z.string().trim().min(2).max(1000) }).strict();
export const handOffBody = z
  .object({
    reason: z.string().trim().min(2).max(500),
    nextRoute: z.string().trim().min(2).max(200),
  })
  .strict();
/** 上报: the next level is found from the tree; the person only adds an optional note. */
export const escalateBody = z.object({ note: z.string().trim().max(500).nullish() }).strict();
/** 满意度回访: the resident (or the desk calling back) rates a finished request. */
export const confirmBody = z
  .object({ rating: z.enum(RATINGS), comment: z.string().trim().max(500).nullish() })
  .strict();
export const correctRatingBody = confirmBody;
/** 问题没有解决: the request goes back to the level that finished it. */
export const reopenBody = z
  .object({ reason: z.string().trim().min(2).max(500), rating: z.enum(RATINGS).optional() })
  .strict();

export const listRequestsQuery = pageQuery.extend({
  status: z.enum(REQUEST_STATUSES).optional(),
  level: z.enum(REQUEST_LEVELS).optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  q: z.string().trim().max(50).optional(),
  /** Within this organization's subtree (a cockpit figure's drill-down). */
  orgId: z.coerce.number().int().positive().optional(),
  /**
   * Has a return visit with this answer (`not_solved`: one that reopened the request; `negative`:
   * unsatisfied or not solved; `any`: rated at all), within [ratedFrom, ratedTo] or this month.
   */
  rating: z.enum([...RATINGS, 'not_solved', 'negative', 'any']).optional(),
  ratedFrom: isoDate.optional(),
  ratedTo: isoDate.optional(),
  ratedIn: z.enum(['this_month']).optional(),
});
export type ListRequestsQuery = z.infer<typeof listRequestsQuery>;

export const requestAbilitiesSchema = z.object({
  resolveOnSpot: z.boolean(),
  transfer: z.boolean(),
  escalate: z.boolean(),
  complete: z.boolean(),
  confirm: z.boolean(),
  reopen: z.boolean(),
  correctRating: z.boolean(),
  promote: z.boolean(),
});

/** The latest return visit (满意度回访) of a request. */
export const visitSchema = z.object({
  rating: z.enum(RATINGS),
  solved: z.boolean(),
  comment: z.string().nullable(),
  byName: z.string(),
  ratedAt: z.string(),
  /** Until then the rating can be corrected (or changed to "not solved"). */
  finalAt: z.string(),
  corrected: z.boolean(),
});

export const requestSchema = z.object({
  id: z.number(),
  code: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  originLevel: z.enum(REQUEST_LEVELS),
  handlingOrgId: z.number(),
  handlingOrgName: z.string(),
  handlingLevel: z.enum(REQUEST_LEVELS),
  source: z.enum(REQUEST_SOURCES),
  categoryId: z.number(),
  categoryName: z.string(),
  title: z.string(),
  description: z.string(),
  location: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  contactName: z.string().nullable(),
  /** Masked: first 3 and last 4 digits. */
  contactPhone: z.string().nullable(),
  status: z.enum(REQUEST_STATUSES),
  disposition: z.enum(DISPOSITIONS).nullable(),
  nextRoute: z.string().nullable(),
  ruleVersion: z.string(),
  levelStartedOn: z.string(),
  dueOn: z.string(),
  isOverdue: z.boolean(),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedLevel: z.enum(REQUEST_LEVELS).nullable(),
  escalationCount: z.number(),
  reopenCount: z.number(),
  hasPhoto: z.boolean(),
  visit: visitSchema.nullable(),
  proposalId: z.number().nullable(),
  receivedAt: z.string(),
  updatedAt: z.string(),
});
export type RequestDto = z.infer<typeof requestSchema>;

export const requestEventSchema = z.object({
  id: z.number(),
  kind: z.enum(EVENT_KINDS),
  fromLevel: z.enum(REQUEST_LEVELS).nullable(),
  toLevel: z.enum(REQUEST_LEVELS).nullable(),
  fromOrgName: z.string().nullable(),
  toOrgName: z.string().nullable(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  nextRoute: z.string().nullable(),
  note: z.string().nullable(),
  isAutomatic: z.boolean(),
  at: z.string(),
});
export type RequestEventDto = z.infer<typeof requestEventSchema>;

export const requestDetailSchema = requestSchema.extend({
  events: z.array(requestEventSchema),
  abilities: requestAbilitiesSchema,
});

export const requestListResponse = z.object({ data: z.array(requestSchema), page: pageInfo });

export const statsQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: isoDate,
  to: isoDate,
});

export const figuresSchema = z.object({
  received: z.number(),
  resolvedOnSpot: z.number(),
  transferred: z.number(),
  completed: z.number(),
  /** completed / transferred (办结率), null when nothing was transferred. */
  completionRate: z.number().nullable(),
  resolved: z.number(),
  resolvedAtLowestLevel: z.number(),
  /** Share of resolved requests resolved at the level where they were received. */
  lowestLevelShare: z.number().nullable(),
  overdue: z.number(),
  open: z.number(),
  /** Return visits rated in the period (满意度回访), and how they came out. */
  rated: z.number(),
  satisfied: z.number(),
  basicallySatisfied: z.number(),
  unsatisfied: z.number(),
  notSolved: z.number(),
  /** (满意 + 基本满意) / rated, null when nothing was rated. */
  satisfactionRate: z.number().nullable(),
});
export type Figures = z.infer<typeof figuresSchema>;

export const statsResponse = z.object({
  data: z.object({
    org: z.object({ id: z.number(), name: z.string() }),
    from: z.string(),
    to: z.string(),
    totals: figuresSchema,
    byOrg: z.array(figuresSchema.extend({ orgId: z.number(), orgName: z.string() })),
    byCategory: z.array(figuresSchema.extend({ categoryId: z.number(), categoryName: z.string() })),
  }),
});

export const notificationSchema = z.object({
  id: z.number(),
  requestId: z.number(),
  requestCode: z.string(),
  message: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const sweepResponse = z.object({ data: z.object({ escalated: z.number(), checked: z.number() }) });
