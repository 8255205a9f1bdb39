import { z } from 'zod';
import { defineEndpoints, get, patch, post } from '../../platform/endpoints.contract.ts';
import { isoDate, pageInfo, pageQuery, registerFieldLabels } from '../../platform/validation.ts';

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女' };

export const EDUCATIONS = [
  'postgraduate',
  'bachelor',
  'college',
  'high_school',
  'middle_school',
  'primary',
] as const;
export type Education = (typeof EDUCATIONS)[number];
export const EDUCATION_LABELS: Record<Education | 'unknown', string> = {
  postgraduate: '研究生',
  bachelor: '大学本科',
  college: '大学专科',
  high_school: '高中及中专',
  middle_school: '初中',
  primary: '小学及以下',
  unknown: '未填写',
};

export const MEMBER_STATUSES = [
  'probationary',
  'full',
  'lost_contact',
  'transferred_out',
  'deceased',
  'removed',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/** In the register: counted in figures and shown in lists by default. */
export const ACTIVE_STATUSES: readonly MemberStatus[] = ['probationary', 'full', 'lost_contact'];
export const STATUS_LABELS: Record<MemberStatus, string> = {
  probationary: '预备党员',
  full: '正式党员',
  lost_contact: '失去联系',
  transferred_out: '已转出',
  deceased: '已去世',
  removed: '已出党',
};

export const TRANSFER_STATUSES = ['pending', 'accepted', 'refused', 'cancelled', 'completed'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Age bands of the cockpit and the list filter (years, inclusive lower bound). */
export const AGE_BANDS = [
  { key: 'lt30', label: '30岁以下', min: 0, max: 29 },
  { key: '30_39', label: '30-39岁', min: 30, max: 39 },
  { key: '40_49', label: '40-49岁', min: 40, max: 49 },
  { key: '50_59', label: '50-59岁', min: 50, max: 59 },
  { key: '60_69', label: '60-69岁', min: 60, max: 69 },
  { key: 'ge70', label: '70岁及以上', min: 70, max: 200 },
] as const;

registerFieldLabels({
  gender: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  idNumber: '身份证号',
  address: '家庭住址',
  education: '学历',
  workUnit: '工作单位',
  joinedOn: '入党日期',
  fullOn: '转正日期',
  category: '党员类别',
  status: '党员状态',
  since: '变更日期',
  title: '职务',
  ageMin: '最小年龄',
  ageMax: '最大年龄',
  joinedFrom: '入党日期起',
  joinedTo: '入党日期止',
  outsideOrgName: '接收单位名称',
  toOrgCode: '接收组织编码',
  duesPaidUntil: '党费交至',
  days: '天数',
  format: '文件格式',
  unmasked: '不打码导出',
  fields: '查看字段',
  kind: '类型',
});

export const memberListItem = z.object({
  id: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  category: z.string(),
  status: z.enum(MEMBER_STATUSES),
  idNumber: z.string(),
  gender: z.enum(GENDERS),
  age: z.number(),
  phone: z.string().nullable(),
  joinedOn: z.string(),
  /** 预备期满 (members.probation) of a probationary member; null for everyone else. */
  probationEnd: z.string().nullable(),
  /** A probationary member past the end of the probation and not yet converted (逾期未转正). */
  conversionOverdue: z.boolean(),
});
export type MemberListItem = z.infer<typeof memberListItem>;

export const memberDetail = memberListItem.extend({
  userId: z.number().nullable(),
  ethnicity: z.string().nullable(),
  address: z.string().nullable(),
  education: z.enum(EDUCATIONS).nullable(),
  workUnit: z.string().nullable(),
  position: z.string().nullable(),
  fullOn: z.string().nullable(),
  statusSince: z.string(),
  partyBirthday: z.string(),
  statusHistory: z.array(
    z.object({ status: z.enum(MEMBER_STATUSES), since: z.string(), reason: z.string().nullable() }),
  ),
  posts: z.array(
    z.object({
      id: z.number(),
      orgId: z.number(),
      orgName: z.string(),
      title: z.string(),
      startedOn: z.string(),
      endedOn: z.string().nullable(),
    }),
  ),
  abilities: z.object({
    update: z.boolean(),
    reveal: z.boolean(),
    transfer: z.boolean(),
    delete: z.boolean(),
  }),
});
export type MemberDetail = z.infer<typeof memberDetail>;

const booleanString = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

/** Filters shared by the list, the exports and the cockpit's drill-down links. */
export const memberFilters = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  category: z.string().trim().max(40).optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  includeInactive: booleanString,
  gender: z.enum(GENDERS).optional(),
  education: z.enum([...EDUCATIONS, 'unknown']).optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  birthYear: z.coerce.number().int().min(1850).max(2200).optional(),
  birthYearFrom: z.coerce.number().int().min(1850).max(2200).optional(),
  birthYearTo: z.coerce.number().int().min(1850).max(2200).optional(),
  joinedFrom: isoDate.optional(),
  joinedTo: isoDate.optional(),
  /** Month (1–12) of the party birthday under the configured basis. */
  partyMonth: z.coerce.number().int().min(1).max(12).optional(),
  /** Only probationary members past the end of their probation (members.probation). */
  conversionOverdue: booleanString,
});
export type MemberFilters = z.infer<typeof memberFilters>;

export const listMembersQuery = pageQuery.extend(memberFilters.shape);
export type ListMembersQuery = z.infer<typeof listMembersQuery>;
export const memberListResponse = z.object({ data: z.array(memberListItem), page: pageInfo });

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const createMemberBody = z
  .object({
    name: text(50),
    gender: z.enum(GENDERS).optional(),
    ethnicity: optionalText(20),
    birthDate: isoDate.optional(),
    idNumber: z.string().trim().min(1).max(40),
    phone: optionalText(20),
    address: optionalText(200),
    education: z.enum(EDUCATIONS).nullish(),
    workUnit: optionalText(100),
    position: optionalText(50),
    joinedOn: isoDate,
    fullOn: isoDate.nullish(),
    category: text(40),
    status: z.enum(['probationary', 'full']),
  })
  .strict();
export type CreateMemberBody = z.infer<typeof createMemberBody>;

export const updateMemberBody = z
  .object({
    name: text(50).optional(),
    gender: z.enum(GENDERS).optional(),
    ethnicity: optionalText(20),
    idNumber: z.string().trim().min(1).max(40).optional(),
    phone: optionalText(20),
    address: optionalText(200),
    education: z.enum(EDUCATIONS).nullish(),
    workUnit: optionalText(100),
    position: optionalText(50),
    joinedOn: isoDate.optional(),
    fullOn: isoDate.nullish(),
    category: text(40).optional(),
  })
  .strict();
export type UpdateMemberBody = z.infer<typeof updateMemberBody>;

export const changeStatusBody = z
  .object({
    status: z.enum(MEMBER_STATUSES),
    since: isoDate,
    reason: z.string().trim().min(2).max(500),
  })
  .strict();

export const revealBody = z
  .object({
    reason: z.string().trim().min(4).max(200),
    fields: z
      .array(z.enum(['idNumber', 'phone', 'address']))
      .min(1)
      .default(['idNumber', 'phone', 'address']),
  })
  .strict();
export const revealResponse = z.object({
  data: z.object({
    idNumber: z.string().optional(),
    phone: z.string().nullable().optional(),
    address: z.string().nullable().optional(),
  }),
});

export const addPostBody = z.object({ title: text(50), startedOn: isoDate }).strict();
export const endPostBody = z.object({ endedOn: isoDate }).strict();

export const categoryListResponse = z.object({
  data: z.object({
    version: z.number(),
    source: z.string(),
    items: z.array(z.object({ code: z.string(), label: z.string() })),
  }),
});

export const exportBody = memberFilters
  .extend({
    format: z.enum(['xlsx', 'csv']),
    unmasked: z.boolean().default(false),
    reason: z.string().trim().min(4).max(200).optional(),
    includeInactive: z.boolean().default(false),
    orgId: z.number().int().positive().optional(),
    ageMin: z.number().int().min(0).max(150).optional(),
    ageMax: z.number().int().min(0).max(150).optional(),
    birthYear: z.number().int().min(1850).max(2200).optional(),
    birthYearFrom: z.number().int().min(1850).max(2200).optional(),
    birthYearTo: z.number().int().min(1850).max(2200).optional(),
    partyMonth: z.number().int().min(1).max(12).optional(),
  })
  .strict();

export const transferSchema = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  fromOrgId: z.number(),
  fromOrgName: z.string(),
  toOrgId: z.number().nullable(),
  toOrgName: z.string().nullable(),
  outsideOrgName: z.string().nullable(),
  status: z.enum(TRANSFER_STATUSES),
  reason: z.string(),
  duesPaidUntil: z.string().nullable(),
  letterNo: z.string(),
  validUntil: z.string(),
  decisionReason: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  /** What the caller may do with the transfer (the action table's checks). */
  abilities: z.object({ accept: z.boolean(), refuse: z.boolean(), cancel: z.boolean() }),
});
export type TransferDto = z.infer<typeof transferSchema>;

/**
 * The receiving organization is named by its code: the member's placement does not change here,
 * only when the receiving organization accepts (authorized on that organization).
 */
export const createTransferBody = z
  .object({
    toOrgCode: z.string().trim().min(1).max(40).optional(),
    outsideOrgName: z.string().trim().min(2).max(100).optional(),
    reason: z.string().trim().min(2).max(500),
    duesPaidUntil: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .optional(),
  })
  .strict();
export const decideTransferBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export const listTransfersQuery = pageQuery.extend({
  orgId: z.coerce.number().int().positive().optional(),
  direction: z.enum(['incoming', 'outgoing']).default('incoming'),
  status: z.enum(TRANSFER_STATUSES).optional(),
});

export const birthdayItem = z.object({
  memberId: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  date: z.string(),
  years: z.number(),
});
export const birthdaysQuery = z.object({ days: z.coerce.number().int().min(1).max(366).optional() });

export const noticeSchema = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** An unmasked export: requested with a reason, granted by another person (PIPL-06). */
export const exportRequestBody = exportBody
  .omit({ unmasked: true, reason: true, orgId: true })
  .extend({
    orgId: z.number().int().positive(),
    reason: z.string().trim().min(10).max(200),
  })
  .strict();
export type ExportRequestBody = z.infer<typeof exportRequestBody>;

export const EXPORT_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'downloaded', 'expired'] as const;
export const EXPORT_REQUEST_LABELS: Record<(typeof EXPORT_REQUEST_STATUSES)[number], string> = {
  pending: '待审批',
  approved: '已批准，待下载',
  rejected: '已驳回',
  downloaded: '已下载',
  expired: '已过期',
};

export const exportRequestSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  requestedBy: z.number(),
  requesterName: z.string(),
  requestedAt: z.string(),
  reason: z.string(),
  format: z.enum(['xlsx', 'csv']),
  rowCount: z.number(),
  status: z.enum(EXPORT_REQUEST_STATUSES),
  deciderName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  expiresAt: z.string().nullable(),
  downloadedAt: z.string().nullable(),
  abilities: z.object({ decide: z.boolean(), download: z.boolean() }),
});
export type ExportRequestDto = z.infer<typeof exportRequestSchema>;

export const decideExportBody = z.object({ comment: z.string().trim().min(2).max(200) }).strict();

export const registrationConflictSchema = z.object({
  id: z.number(),
  requestedOrgId: z.number(),
  requestedOrgName: z.string(),
  existingMemberId: z.number().nullable(),
  existingOrgId: z.number().nullable(),
  existingOrgName: z.string().nullable(),
  ancestorOrgId: z.number(),
  ancestorOrgName: z.string(),
  name: z.string(),
  idNumber: z.string(),
  requestedAt: z.string(),
  status: z.enum(['open', 'closed']),
});
export type RegistrationConflictDto = z.infer<typeof registrationConflictSchema>;

const memberAnswer = z.object({ data: memberDetail });
const transferAnswer = z.object({ data: transferSchema });
const exportRequestAnswer = z.object({ data: exportRequestSchema });
const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** The members endpoints the web reads (its typed client, web/src/modules/members/api.ts). */
export const membersEndpoints = defineEndpoints({
  list: get('/members', { query: listMembersQuery, response: memberListResponse }),
  get: get('/members/:id', { response: memberAnswer }),
  me: get('/members/me', { response: memberAnswer }),
  notices: get('/members/me/notices', { response: listOf(noticeSchema) }),
  categories: get('/member-categories', {
    query: z.object({ orgId: z.coerce.number().int().positive().optional() }),
    response: categoryListResponse,
  }),
  /** Send an `Idempotency-Key` header: a retry with the same key registers one member. */
  create: post('/orgs/:id/members', { body: createMemberBody, response: memberAnswer }),
  update: patch('/members/:id', { body: updateMemberBody, response: memberAnswer }),
  changeStatus: post('/members/:id/status', { body: changeStatusBody, response: memberAnswer }),
  reveal: post('/members/:id/reveal', { body: revealBody, response: revealResponse }),
  requestExport: post('/members/export-requests', { body: exportRequestBody, response: exportRequestAnswer }),
  exportRequests: get('/members/export-requests', {
    query: z.object({ view: z.enum(['mine', 'to_decide']).default('mine') }),
    response: listOf(exportRequestSchema),
  }),
  approveExport: post('/members/export-requests/:id/approve', {
    body: decideExportBody,
    response: exportRequestAnswer,
  }),
  rejectExport: post('/members/export-requests/:id/reject', {
    body: decideExportBody,
    response: exportRequestAnswer,
  }),
  registrationConflicts: get('/member-registration-conflicts', {
    query: z.object({ status: z.enum(['open', 'closed']).default('open') }),
    response: listOf(registrationConflictSchema),
  }),
  transfer: post('/members/:id/transfers', { body: createTransferBody, response: transferAnswer }),
  transfers: get('/member-transfers', {
    query: listTransfersQuery,
    response: z.object({ data: z.array(transferSchema), page: pageInfo }),
  }),
  acceptTransfer: post('/member-transfers/:id/accept', {
    body: z.object({}).strict(),
    response: transferAnswer,
  }),
  refuseTransfer: post('/member-transfers/:id/refuse', {
    body: decideTransferBody,
    response: transferAnswer,
  }),
  cancelTransfer: post('/member-transfers/:id/cancel', {
    body: decideTransferBody,
    response: transferAnswer,
  }),
  birthdays: get('/orgs/:id/party-birthdays', {
    query: birthdaysQuery,
    response: z.object({ data: z.array(birthdayItem), basis: z.enum(['joined', 'full']), days: z.number() }),
  }),
  notifyBirthdays: post('/orgs/:id/party-birthdays/notices', {
    body: birthdaysQuery.strict(),
    response: z.object({ data: z.object({ created: z.number() }) }),
  }),
});
