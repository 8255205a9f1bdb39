import { z } from 'zod';
import { defineEndpoints, get, post } from '../../platform/endpoints.contract.ts';
import { pageInfo, pageQueryOf } from '../../platform/paging.ts';
import { isoDate } from '../../platform/validation.ts';

/**
 * The categories of the dues rules: in service (whole-income brackets), annual salary (the month's
 * pay as base, same brackets), retired, farmers, students, unemployed and low income (a fixed
 * amount), others (e.g. self-employed: the last quarter's monthly average, same brackets).
 */
export const DUES_CATEGORIES = [
  'employed',
  'annual_salary',
  'retired',
  'farmer',
  'student',
  'unemployed',
  'other',
] as const;
export type DuesCategory = (typeof DUES_CATEGORIES)[number];
export const CATEGORY_LABELS: Record<DuesCategory, string> = {
  employed: '在职党员',
  annual_salary: '年薪制党员',
  retired: '离退休党员',
  farmer: '农民党员',
  student: '学生党员',
  unemployed: '下岗失业及低收入党员',
  other: '其他党员',
};

export const DUES_CHANNELS = ['cash', 'wechat', 'alipay', 'bank', 'payroll'] as const;
export type DuesChannel = (typeof DUES_CHANNELS)[number];
export const CHANNEL_LABELS: Record<DuesChannel, string> = {
  cash: '现金',
  wechat: '微信',
  alipay: '支付宝',
  bank: '银行转账',
  payroll: '工资代扣',
};

/** collected: a branch's collection; remitted: sent to the level above; returned: dues given back to an organization. */
export const MOVEMENT_KINDS = ['collected', 'remitted', 'returned'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const yuan = z.coerce.number().min(0).max(10_000_000);

/** The stable calculator contract. */
export const calculateQuery = z.object({
  base: yuan,
  category: z.enum(DUES_CATEGORIES),
  on: isoDate.optional(),
  orgId: z.coerce.number().int().positive().optional(),
});
export const ruleRef = z.object({ version: z.string(), source: z.string() });
export const calculation = z.object({
  amount: z.number(),
  /** The bracket's rate on the whole base; null for a fixed monthly amount. */
  rate: z.number().nullable(),
  rule: ruleRef,
});
export const calculateResponse = z.object({ data: calculation });

export const ruleSchema = z.object({
  id: z.number(),
  orgId: z.number().nullable(),
  version: z.string(),
  effectiveFrom: z.string(),
  source: z.string(),
  schedule: z.record(z.string(), z.unknown()),
});

export const declarationBody = z.object({
  memberId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  fromMonth: z.number().int().min(1).max(12).default(1),
  category: z.enum(DUES_CATEGORIES),
  base: z.number().min(0).max(10_000_000),
  note: z.string().trim().max(200).optional(),
});
export const decisionBody = z.object({ reason: z.string().trim().max(200).optional() });
export const rejectBody = z.object({ reason: z.string().trim().min(1).max(200) });

export const declarationSchema = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  year: z.number(),
  fromMonth: z.number(),
  category: z.enum(DUES_CATEGORIES),
  base: z.number(),
  monthly: z.number(),
  ruleVersion: z.string(),
  status: z.enum(['submitted', 'approved', 'rejected']),
  decisionReason: z.string().nullable(),
  abilities: z.record(z.string(), z.boolean()).optional(),
});
export const declarationsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const paymentBody = z.object({
  memberId: z.number().int().positive(),
  /** The months paid for (advance or late payments cover several). */
  months: z.array(month).min(1).max(12),
  paidOn: isoDate,
  channel: z.enum(DUES_CHANNELS),
  receiptNo: z.string().trim().max(40).optional(),
});
export const paymentResult = z.object({ data: z.object({ ids: z.array(z.number()), total: z.number() }) });

export const ledgerQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  ...pageQueryOf(100).shape,
});
export const ledgerMonth = z.object({
  month: z.string(),
  due: z.number().nullable(),
  paid: z.number().nullable(),
  paidOn: z.string().nullable(),
  channel: z.enum(DUES_CHANNELS).nullable(),
  receiptNo: z.string().nullable(),
  /** on_time, advance (paid before the month), late (after it), unpaid, not_yet (a future month). */
  status: z.enum(['on_time', 'advance', 'late', 'unpaid', 'not_yet']),
});
export const ledgerRow = z.object({
  memberId: z.number(),
  name: z.string(),
  category: z.enum(DUES_CATEGORIES).nullable(),
  monthly: z.number().nullable(),
  months: z.array(ledgerMonth),
  paidTotal: z.number(),
});
export const ledgerResponse = z.object({
  data: z.object({
    orgId: z.number(),
    year: z.number(),
    rows: z.array(ledgerRow),
    dueTotal: z.number(),
    paidTotal: z.number(),
  }),
  page: pageInfo,
});

/** The stable arrears contract. */
export const arrearsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  /** Optional paging (without it, the whole list as the contract has it). */
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
  /** `names=1`: each item also carries the member's name and organization (the dues page). */
  names: z.enum(['0', '1']).optional(),
});
export const arrearsItem = z.object({
  memberId: z.number(),
  monthsUnpaid: z.number(),
  lastPaidMonth: z.string().nullable(),
  flagged: z.boolean(),
  name: z.string().optional(),
  orgName: z.string().optional(),
});
export const arrearsResponse = z.object({ data: z.array(arrearsItem), page: pageInfo.optional() });

/** A subtree's dues figures (members in the register, in arrears, flagged, months unpaid, paid last month). */
const duesFigures = z.object({
  members: z.number(),
  owing: z.number(),
  flagged: z.number(),
  monthsUnpaid: z.number(),
  paidLastMonth: z.number(),
});
export const summaryResponse = z.object({
  data: duesFigures.extend({
    orgId: z.number(),
    children: z.array(duesFigures.extend({ orgId: z.number(), name: z.string() })),
  }),
});

export const reasonBody = z.object({
  memberId: z.number().int().positive(),
  fromMonth: month,
  toMonth: month,
  reason: z.string().trim().min(2).max(200),
});

export const movementBody = z.object({
  kind: z.enum(MOVEMENT_KINDS),
  counterpartOrgId: z.number().int().positive().optional(),
  amount: z.number().positive().max(100_000_000),
  onDate: isoDate,
  note: z.string().trim().max(200).optional(),
});
export const movementSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.enum(MOVEMENT_KINDS),
  counterpartOrgName: z.string().nullable(),
  amount: z.number(),
  onDate: z.string(),
  note: z.string().nullable(),
});
export const movementsQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const mineResponse = z.object({
  data: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      orgName: z.string(),
      // Inline (not the named schema): OpenAPI 3.0 cannot mark a $ref nullable.
      declaration: declarationSchema.extend({}).nullable(),
      rule: ruleRef.nullable(),
      months: z.array(ledgerMonth),
      monthsUnpaid: z.number(),
    }),
  ),
});

export const duesEndpoints = defineEndpoints({
  calculate: get('/dues/calculate', { query: calculateQuery, response: calculateResponse }),
  rules: get('/dues/rules', { response: z.object({ data: z.array(ruleSchema) }) }),
  declarations: get('/dues/declarations', {
    query: declarationsQuery,
    response: z.object({ data: z.array(declarationSchema) }),
  }),
  declare: post('/orgs/:id/dues/declarations', {
    body: declarationBody,
    response: z.object({ data: declarationSchema }),
  }),
  approve: post('/dues/declarations/:id/approve', {
    body: decisionBody,
    response: z.object({ data: declarationSchema }),
  }),
  reject: post('/dues/declarations/:id/reject', {
    body: rejectBody,
    response: z.object({ data: declarationSchema }),
  }),
  ledger: get('/orgs/:id/dues/ledger', { query: ledgerQuery, response: ledgerResponse }),
  pay: post('/orgs/:id/dues/payments', { body: paymentBody, response: paymentResult }),
  arrears: get('/dues/arrears', { query: arrearsQuery, response: arrearsResponse }),
  summary: get('/dues/summary', { query: arrearsQuery.pick({ orgId: true }), response: summaryResponse }),
  movements: get('/dues/movements', {
    query: movementsQuery,
    response: z.object({ data: z.array(movementSchema) }),
  }),
  mine: get('/dues/mine', { response: mineResponse }),
});

export const DUES_LABELS = {
  base: '党费基数',
  category: '党员类别',
  on: '日期',
  memberId: '党员',
  year: '年度',
  fromMonth: '起始月份',
  months: '交纳月份',
  paidOn: '交纳日期',
  channel: '交纳方式',
  receiptNo: '收据号',
  toMonth: '截止月份',
  reason: '原因',
  kind: '类型',
  counterpartOrgId: '对方组织',
  amount: '金额',
  onDate: '日期',
  note: '备注',
};
