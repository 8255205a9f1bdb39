import { sql } from 'kysely';
import { updateAudited } from '../../platform/audited.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { Executor, Trx } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { sourceInWords } from '../../platform/provenance.contract.ts';
import { ruleActive, ruleSetFor } from './rules.ts';

/**
 * The rule interface other modules use to add point sources (org-life attendance, volunteering,
 * dual reporting, study …). One call = one ledger entry, in the caller's transaction.
 */
export interface AwardInput {
  memberId: number;
  /** The member's organization (branch) the points belong to. */
  orgId: number;
  ruleCode: string;
  /** What earned the points, e.g. 'org_life_meeting' + meeting id. Together with the rule, idempotent. */
  sourceType: string;
  sourceId: string | number;
  /** Required for manual rules; automatic rules take the rule's own points. */
  points?: number;
  /** The day the points are for ('YYYY-MM-DD'): picks the rule version and the year. */
  on: string;
  at: Date;
  authorId: number | null;
  reason?: string | null;
  /** What the points are for, shown with `on` (e.g. the meeting's type and topic). */
  subject?: string | null;
  requestId?: number | null;
}

export interface AwardResult {
  entryId: number | null;
  points: number;
  /** Why nothing (or less) was booked, in Chinese. */
  note: string | null;
}

async function orgPath(db: Executor, orgId: number): Promise<string> {
  const org = await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new NotFoundError('组织不存在');
  return org.path;
}

/** The live (not reversed) booking of one rule and source for a member, if any. */
async function liveBooking(
  trx: Executor,
  memberId: number,
  ruleCode: string,
  sourceType: string,
  sourceId: string,
) {
  const live = await trx
    .selectFrom('pointsEntries as e')
    .select('e.id')
    .where('e.memberId', '=', memberId)
    .where('e.ruleCode', '=', ruleCode)
    .where('e.sourceType', '=', sourceType)
    .where('e.sourceId', '=', sourceId)
    .where('e.reversesId', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('pointsEntries as r').select('r.id').whereRef('r.reversesId', '=', 'e.id')),
      ),
    )
    .executeTakeFirst();
  return live ? Number(live.id) : null;
}

export async function awardPoints(trx: Trx, input: AwardInput): Promise<AwardResult> {
  const sourceId = String(input.sourceId);
  const set = await ruleSetFor(trx, await orgPath(trx, input.orgId), input.on);
  const rule = set.rules.find((r) => r.code === input.ruleCode);
  if (!rule)
    throw new ValidationError({
      ruleCode: `积分规则“${input.ruleCode}”在 ${set.name}（${set.version}）中不存在`,
    });
  if (!ruleActive(set, rule)) {
    return {
      entryId: null,
      points: 0,
      note: `规则“${sourceInWords(rule.name)}”的分值尚未经本地细则确认，本地档案未启用`,
    };
  }
  let points: number;
  if (rule.kind === 'auto') {
    points = rule.points ?? 0;
    if (input.points !== undefined && input.points !== points) {
      throw new ValidationError({ points: `自动积分规则“${rule.name}”的分值由规则决定（${points} 分）` });
    }
  } else {
    if (input.points === undefined) throw new ValidationError({ points: '请填写分值' });
    points = input.points;
    if ((rule.min !== undefined && points < rule.min) || (rule.max !== undefined && points > rule.max)) {
      throw new ValidationError({ points: `分值须在 ${rule.min} 至 ${rule.max} 之间（${rule.name}）` });
    }
  }
  await sql`select pg_advisory_xact_lock(hashtext('points'), ${input.memberId})`.execute(trx);
  const live = await liveBooking(trx, input.memberId, rule.code, input.sourceType, sourceId);
  if (live !== null) return { entryId: live, points: 0, note: '该来源已记分' };
  const year = Number(input.on.slice(0, 4));
  let note: string | null = null;
  if (rule.yearlyCap !== null && points > 0) {
    const { total } = await trx
      .selectFrom('pointsEntries')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('total'))
      .where('memberId', '=', input.memberId)
      .where('ruleCode', '=', rule.code)
      .where('year', '=', year)
      .executeTakeFirstOrThrow();
    const room = Math.max(0, rule.yearlyCap - Number(total));
    if (room <= 0)
      return { entryId: null, points: 0, note: `“${rule.name}”${year} 年已达封顶 ${rule.yearlyCap} 分` };
    if (points > room) {
      note = `“${rule.name}”封顶 ${rule.yearlyCap} 分，本次计 ${room} 分`;
      points = room;
    }
  }
  const { id } = await trx
    .insertInto('pointsEntries')
    .values({
      memberId: input.memberId,
      orgId: input.orgId,
      year,
      ruleCode: rule.code,
      ruleSetId: set.id,
      sourceType: input.sourceType,
      sourceId,
      points,
      reason: input.reason ?? note,
      subject: input.subject ?? null,
      forDate: input.on,
      authorId: input.authorId,
      at: input.at,
      reversesId: null,
      requestId: input.requestId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { entryId: Number(id), points, note };
}

/** A correction: a new entry with the opposite points that names the one it reverses. */
export async function reverseEntry(
  trx: Trx,
  entryId: number,
  input: { reason: string; at: Date; authorId: number | null },
): Promise<number> {
  const entry = await trx
    .selectFrom('pointsEntries')
    .selectAll()
    .where('id', '=', entryId)
    .forUpdate()
    .executeTakeFirst();
  if (!entry) throw new NotFoundError('积分流水不存在');
  if (entry.reversesId !== null) throw new ConflictError('冲正流水不能再次冲正');
  const already = await trx
    .selectFrom('pointsEntries')
    .select('id')
    .where('reversesId', '=', entryId)
    .executeTakeFirst();
  if (already) throw new ConflictError('该流水已经冲正');
  const { id } = await trx
    .insertInto('pointsEntries')
    .values({
      memberId: entry.memberId,
      orgId: entry.orgId,
      year: entry.year,
      ruleCode: entry.ruleCode,
      ruleSetId: entry.ruleSetId,
      sourceType: entry.sourceType,
      sourceId: entry.sourceId,
      points: -Number(entry.points),
      reason: input.reason,
      subject: entry.subject,
      forDate: entry.forDate,
      authorId: input.authorId,
      at: input.at,
      reversesId: entry.id,
      requestId: entry.requestId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Reverse every live entry of one source (e.g. when a signed record's attendance is amended). */
export async function reverseSource(
  trx: Trx,
  source: { sourceType: string; sourceId: string | number; memberId?: number },
  input: { reason: string; at: Date; authorId: number | null },
): Promise<number[]> {
  let q = trx
    .selectFrom('pointsEntries as e')
    .select('e.id')
    .where('e.sourceType', '=', source.sourceType)
    .where('e.sourceId', '=', String(source.sourceId))
    .where('e.reversesId', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('pointsEntries as r').select('r.id').whereRef('r.reversesId', '=', 'e.id')),
      ),
    );
  if (source.memberId !== undefined) q = q.where('e.memberId', '=', source.memberId);
  const ids = [];
  for (const { id } of await q.execute()) ids.push(await reverseEntry(trx, Number(id), input));
  return ids;
}

/** A manual points request with its organization's path (what the approval checks read). */
export async function getPointsRequest(db: Executor, id: number) {
  return requestsQuery(db).where('r.id', '=', id).executeTakeFirst();
}

/** Points requests with their organization's path and the member's name. */
export function requestsQuery(db: Executor) {
  return db
    .selectFrom('pointsRequests as r')
    .innerJoin('orgs as o', 'o.id', 'r.orgId')
    .select([
      'r.id',
      'r.memberId',
      'r.orgId',
      'o.path',
      'r.ruleCode',
      'r.points',
      'r.reason',
      'r.status',
      'r.requestedAt',
      'r.decidedAt',
      'r.decisionComment',
      sql<string | null>`(select name from members m where m.id = r.member_id)`.as('memberName'),
    ]);
}
export type PointsRequestRow = NonNullable<Awaited<ReturnType<typeof getPointsRequest>>>;

/**
 * The level above decides a manual points request: approved books the points (as of the day it
 * was asked), rejected keeps the comment. The caller has checked permission and state.
 */
export async function decidePointsRequest(
  ctx: { trx: Trx; audit: AuditFn; now: Date; actor: { user: { id: number } } },
  r: PointsRequestRow,
  decision: 'approved' | 'rejected',
  comment: string | null,
) {
  let entryId: number | null = null;
  if (decision === 'approved') {
    const award = await awardPoints(ctx.trx, {
      memberId: r.memberId,
      orgId: r.orgId,
      ruleCode: r.ruleCode,
      sourceType: 'points_request',
      sourceId: r.id,
      points: Number(r.points),
      on: chinaDate(r.requestedAt),
      at: ctx.now,
      authorId: ctx.actor.user.id,
      reason: r.reason,
      requestId: r.id,
    });
    entryId = award.entryId;
  }
  await updateAudited(
    ctx,
    'pointsRequests',
    r.id,
    { status: decision, decidedBy: ctx.actor.user.id, decidedAt: ctx.now, decisionComment: comment },
    {
      action: 'points.approve',
      objectType: 'points_request',
      orgPath: r.path,
      detail: { decision },
    },
  );
  return { id: r.id, status: decision, entryId };
}
