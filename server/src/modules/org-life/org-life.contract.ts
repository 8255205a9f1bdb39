import { z } from 'zod';
import { pageQueryOf } from '../../platform/paging.ts';
import { isoDate, registerFieldLabels } from '../../platform/validation.ts';
import { activityTypeSchema } from './catalogue.ts';

registerFieldLabels({
  typeCode: '活动类型',
  topic: '议题',
  plannedOn: '计划日期',
  place: '地点',
  hostName: '主持人',
  recorderName: '记录人',
  heldOn: '召开日期',
  minutes: '会议记录',
  attendance: '出席情况',
  memberId: '党员',
  status: '状态',
  resolutions: '决议',
  title: '决议事项',
  body: '决议内容',
  vote: '表决情况',
  yes: '赞成票',
  no: '反对票',
  abstain: '弃权票',
  writtenYes: '书面赞成意见',
  writtenNo: '书面反对意见',
  excludedVoting: '经批准不计入应到会人数',
  decision: '检查结论',
  comment: '检查意见',
  field: '更正项目',
  value: '更正内容',
  period: '月份',
  profile: '地方档案',
  version: '版本',
  effectiveFrom: '生效日期',
  source: '依据',
  types: '活动类型',
  year: '年度',
  date: '日期',
  reason: '原因',
});

export const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const complianceQuery = z.object({ orgId: z.coerce.number().int().positive(), period });
const complianceStatus = z.enum(['ok', 'due', 'overdue']);
/** Optional paging and filters; without `limit` every row comes back (the stable default). */
export const compliancePagedQuery = complianceQuery.extend({
  status: complianceStatus.optional(),
  type: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});
export const pageSchema = z.object({
  offset: z.number(),
  limit: z.number(),
  total: z.number(),
  nextOffset: z.number().nullable(),
});
export const complianceItem = z.object({
  orgId: z.number(),
  type: z.string(),
  status: z.enum(['ok', 'due', 'overdue']),
  lastHeldAt: z.string().nullable(),
  reason: z.string(),
});
export const complianceResponse = z.object({ data: z.array(complianceItem), page: pageSchema.optional() });

const statusCounts = z.object({ ok: z.number(), due: z.number(), overdue: z.number(), total: z.number() });
const summaryNode = z.object({
  orgId: z.number(),
  orgName: z.string(),
  kind: z.string(),
  level: z.string().nullable(),
  counts: statusCounts,
  byType: z.array(statusCounts.extend({ type: z.string() })),
});
/** Supervision figures of a subtree: the total and one row per direct child, worst first. */
export const complianceSummaryResponse = z.object({
  data: z.object({
    period: z.string(),
    types: z.array(
      z.object({ code: z.string(), name: z.string(), periodStart: z.string(), periodEnd: z.string() }),
    ),
    trail: z.array(z.object({ orgId: z.number(), orgName: z.string() })),
    /** Asked for the current month: the months of the last year with overdue items, newest first. */
    latePeriods: z.array(z.object({ period: z.string(), overdue: z.number() })).optional(),
    total: summaryNode,
    children: z.array(summaryNode.extend({ rank: z.number(), rate: z.number() })),
  }),
});

export const supervisionResponse = z.object({
  page: pageSchema.optional(),
  data: z.object({
    period: z.string(),
    types: z.array(z.object({ code: z.string(), name: z.string() })),
    rows: z.array(
      z.object({
        orgId: z.number(),
        orgName: z.string(),
        okCount: z.number(),
        total: z.number(),
        rate: z.number(),
        rank: z.number(),
        cells: z.array(
          z.object({
            type: z.string(),
            status: z.enum(['ok', 'due', 'overdue']),
            lastHeldAt: z.string().nullable(),
            reason: z.string(),
          }),
        ),
      }),
    ),
  }),
});

export const catalogueSchema = z.object({
  id: z.number(),
  profile: z.string(),
  version: z.string(),
  effectiveFrom: z.string(),
  name: z.string(),
  source: z.string(),
  types: z.array(activityTypeSchema),
});

export const catalogueQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  date: isoDate.optional(),
});

export const createCatalogueBody = z
  .object({
    profile: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[a-z0-9_-]+$/),
    version: z.string().trim().min(1).max(40),
    effectiveFrom: isoDate,
    name: z.string().trim().min(1).max(100),
    source: z.string().trim().min(1).max(300),
    types: z.array(activityTypeSchema).min(1).max(40),
  })
  .strict();

export const assignProfileBody = z.object({ profile: z.string().trim().min(1).max(40) }).strict();

export const calendarQuery = z.object({ date: isoDate.optional() });
export const calendarItem = z.object({
  type: z.string(),
  typeName: z.string(),
  frequency: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  periodLabel: z.string(),
  required: z.number(),
  heldCount: z.number(),
  lastHeldAt: z.string().nullable(),
  status: z.enum(['on_time', 'due_soon', 'open', 'overdue']),
  reason: z.string(),
});
export const calendarResponse = z.object({
  data: z.object({ orgId: z.number(), orgName: z.string(), date: z.string(), items: z.array(calendarItem) }),
});

export const digestResponse = z.object({
  data: z.array(
    z.object({
      orgId: z.number(),
      orgName: z.string(),
      overdue: z.number(),
      dueSoon: z.number(),
      items: z.array(
        z.object({ type: z.string(), typeName: z.string(), status: z.string(), reason: z.string() }),
      ),
    }),
  ),
});

const text = (max: number) => z.string().trim().min(1).max(max);

export const planMeetingBody = z
  .object({
    typeCode: text(40),
    topic: text(200),
    plannedOn: isoDate,
    place: z.string().trim().max(100).nullish(),
    hostName: text(50),
    recorderName: text(50),
  })
  .strict();

export const updateMeetingBody = z
  .object({
    topic: text(200).optional(),
    plannedOn: isoDate.optional(),
    place: z.string().trim().max(100).nullish(),
    hostName: text(50).optional(),
    recorderName: text(50).optional(),
  })
  .strict();

export const voteBody = z
  .object({
    yes: z.number().int().min(0),
    no: z.number().int().min(0),
    abstain: z.number().int().min(0),
    writtenYes: z.number().int().min(0).default(0),
    writtenNo: z.number().int().min(0).default(0),
    /** Voting members excluded from 应到会 with upper-level approval (domain-rules §1.4, S). */
    excludedVoting: z.number().int().min(0).default(0),
  })
  .strict();

export const attendanceInput = z
  .object({
    memberId: z.number().int().positive(),
    status: z.enum(['present', 'absent', 'leave']),
    reason: z.string().trim().max(200).nullish(),
  })
  .strict();

export const recordMeetingBody = z
  .object({
    heldOn: isoDate,
    place: z.string().trim().max(100).nullish(),
    minutes: z.string().trim().max(20_000),
    attendance: z.array(attendanceInput).max(2000),
    resolutions: z
      .array(
        z
          .object({
            title: text(200),
            body: z.string().trim().max(5000).nullish(),
            vote: voteBody.nullish(),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();
export type RecordMeetingBody = z.infer<typeof recordMeetingBody>;

export const amendBody = z
  .object({
    field: z.enum(['topic', 'place', 'minutes', 'hostName', 'recorderName', 'attendance']),
    value: z.union([z.string().trim().max(20_000), attendanceInput]),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();

export const cancelBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export const inspectBody = z
  .object({ decision: z.enum(['accepted', 'returned']), comment: z.string().trim().max(1000).nullish() })
  .strict();

/** 请假: the reason, and which of the caller's member records asks (when the caller has several). */
export const leaveBody = z
  .object({
    reason: z.string().trim().min(2).max(500),
    memberId: z.number().int().positive().optional(),
  })
  .strict();
export const leaveDecisionBody = z.object({ comment: z.string().trim().max(500).nullish() }).strict();
export const declineLeaveBody = z.object({ comment: z.string().trim().min(2).max(500) }).strict();

export const leaveStatus = z.enum(['pending', 'approved', 'declined', 'withdrawn']);
export const leaveRequestSchema = z.object({
  id: z.number(),
  meetingId: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  reason: z.string(),
  status: leaveStatus,
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  abilities: z.object({ approve: z.boolean(), decline: z.boolean(), withdraw: z.boolean() }),
});

export const listMeetingsQuery = pageQueryOf(50).extend({
  orgId: z.coerce.number().int().positive(),
  type: z.string().max(40).optional(),
  status: z.enum(['planned', 'recorded', 'signed', 'cancelled']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const meetingSummary = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  status: z.enum(['planned', 'recorded', 'signed', 'cancelled']),
  topic: z.string(),
  plannedOn: z.string(),
  heldOn: z.string().nullable(),
  expectedCount: z.number().nullable(),
  presentCount: z.number().nullable(),
  inspectionStatus: z.enum(['none', 'accepted', 'returned']),
});

export const voteResultSchema = z.object({
  expectedVoting: z.number(),
  presentVoting: z.number(),
  yes: z.number(),
  no: z.number(),
  abstain: z.number(),
  writtenYes: z.number(),
  writtenNo: z.number(),
  quorumMet: z.boolean(),
  passed: z.boolean(),
  quorumNeeded: z.number(),
  yesNeeded: z.number(),
  explanation: z.string(),
});

export const meetingDetail = meetingSummary.extend({
  place: z.string().nullable(),
  hostName: z.string(),
  recorderName: z.string(),
  minutes: z.string().nullable(),
  absentCount: z.number().nullable(),
  leaveCount: z.number().nullable(),
  catalogue: z.object({ id: z.number(), version: z.string(), profile: z.string() }),
  type: activityTypeSchema,
  filedAt: z.string(),
  recordedAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  cancelledReason: z.string().nullable(),
  inspectionComment: z.string().nullable(),
  attendance: z.array(
    z.object({
      memberId: z.number(),
      memberName: z.string(),
      canVote: z.boolean(),
      status: z.enum(['present', 'absent', 'leave']),
      reason: z.string().nullable(),
    }),
  ),
  resolutions: z.array(
    z.object({
      seq: z.number(),
      title: z.string(),
      body: z.string().nullable(),
      vote: voteResultSchema.nullable(),
    }),
  ),
  attachments: z.array(
    z.object({
      id: z.number(),
      fileName: z.string(),
      mimeType: z.string(),
      sizeBytes: z.number(),
      uploadedAt: z.string(),
    }),
  ),
  amendments: z.array(
    z.object({
      id: z.number(),
      field: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      reason: z.string(),
      authorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  inspections: z.array(
    z.object({
      decision: z.string(),
      comment: z.string().nullable(),
      inspectorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  abilities: z.object({
    edit: z.boolean(),
    record: z.boolean(),
    sign: z.boolean(),
    amend: z.boolean(),
    cancel: z.boolean(),
    inspect: z.boolean(),
    requestLeave: z.boolean(),
  }),
  /** Leave requests: every one for the secretary's side, the caller's own for a member. */
  leaveRequests: z.array(leaveRequestSchema),
  /** The caller's own leave request, if any. */
  myLeave: leaveRequestSchema.nullable(),
});

/** A member's organizational life: what is coming (with their leave), what they attended or missed. */
export const myOrgLifeResponse = z.object({
  data: z.object({
    members: z.array(z.object({ memberId: z.number(), name: z.string(), orgName: z.string() })),
    upcoming: z.array(
      meetingSummary.extend({
        place: z.string().nullable(),
        myLeave: leaveRequestSchema.nullable(),
        abilities: z.object({ requestLeave: z.boolean() }),
      }),
    ),
    past: z.array(
      meetingSummary.extend({
        myStatus: z.enum(['present', 'absent', 'leave']),
        myReason: z.string().nullable(),
        /** The minutes are readable (the record is signed). */
        minutesReadable: z.boolean(),
      }),
    ),
  }),
});

export const rosterResponse = z.object({
  data: z.object({
    date: z.string(),
    expected: z.array(
      z.object({ memberId: z.number(), name: z.string(), canVote: z.boolean(), committee: z.boolean() }),
    ),
  }),
});

/** 转正逾期 in a subtree: probationary members whose probation has ended (members module's rule). */
export const conversionsResponse = z.object({
  data: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      orgId: z.number(),
      orgName: z.string(),
      joinedOn: z.string(),
      probationEnd: z.string(),
    }),
  ),
  total: z.number(),
});
