import { sql } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inPage } from '../../platform/paging.ts';
import type { Permission } from '../../platform/permissions.ts';
import { pathIds, pathWithin } from '../../platform/scope.ts';
import { catalogueById } from './catalogue.ts';
import { membersOfUser } from './roster.ts';

const MEETING_COLUMNS = [
  'm.id',
  'm.orgId',
  'o.name as orgName',
  'o.path as orgPath',
  'm.typeCode',
  'm.catalogueId',
  'm.status',
  'm.topic',
  'm.plannedOn',
  'm.place',
  'm.hostName',
  'm.recorderName',
  'm.heldOn',
  'm.minutes',
  'm.expectedCount',
  'm.presentCount',
  'm.absentCount',
  'm.leaveCount',
  'm.filedAt',
  'm.recordedAt',
  'm.signedAt',
  'm.signedBy',
  'm.cancelledReason',
  'm.inspectionStatus',
  'm.inspectionComment',
] as const;

export async function getMeeting(db: Executor, id: number) {
  return db
    .selectFrom('orgLifeMeetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(MEETING_COLUMNS)
    .where('m.id', '=', id)
    .executeTakeFirst();
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof getMeeting>>>;

/** The caller's member records in an organization's subtree (a branch and its 党小组). */
async function myMembersUnder(db: Executor, actor: Actor, orgPath: string) {
  if (!actor.hasPermission('org_life.read_own')) return [];
  return (await membersOfUser(db, actor.user.id)).filter((x) => x.path.startsWith(orgPath));
}

/** Whether a member account may read this meeting: they are on its attendance, or it is planned in their branch. */
async function memberMayRead(db: Executor, actor: Actor, m: MeetingRow): Promise<boolean> {
  if (!actor.hasPermission('org_life.read_own')) return false;
  const mine = await membersOfUser(db, actor.user.id);
  if (mine.length === 0) return false;
  if (m.status === 'planned' && mine.some((x) => x.path.startsWith(m.orgPath))) return true;
  const row = await db
    .selectFrom('orgLifeAttendance')
    .select('memberId')
    .where('meetingId', '=', m.id)
    .where(
      'memberId',
      'in',
      mine.map((x) => x.id),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** A meeting the caller may read, else 404 (a record outside one's scope does not exist). */
export async function readableMeeting(db: Executor, actor: Actor, id: number): Promise<MeetingRow> {
  const m = await getMeeting(db, id);
  if (!m) throw new NotFoundError('会议记录不存在或无权访问');
  if (actor.can('org_life.read', m.orgPath)) return m;
  if (await memberMayRead(db, actor, m)) return m;
  throw new NotFoundError('会议记录不存在或无权访问');
}

const LEAVE_COLUMNS = [
  'l.id',
  'l.meetingId',
  'l.memberId',
  'l.memberName',
  'l.reason',
  'l.status',
  'l.requestedBy',
  'l.requestedAt',
  'l.decidedAt',
  'l.decisionComment',
] as const;

/** A meeting as one caller sees it: the record, and what the caller as a member has to do with it. */
export interface MeetingView extends MeetingRow {
  /** The caller's member records in the meeting's organization (those who may ask for leave). */
  myMembers: { id: number; name: string }[];
  /** The caller's own leave request for this meeting, if any. */
  myLeave: LeaveSummary | null;
}
export type LeaveSummary = Awaited<ReturnType<typeof leaveRequestsOf>>[number];

/** The leave requests of a meeting (all of them, or one member's). */
export async function leaveRequestsOf(db: Executor, meetingId: number, memberIds?: number[]) {
  let q = db
    .selectFrom('orgLifeLeaveRequests as l')
    .select(LEAVE_COLUMNS)
    .where('l.meetingId', '=', meetingId);
  if (memberIds) q = q.where('l.memberId', 'in', memberIds.length ? memberIds : [0]);
  return q.orderBy('l.id').execute();
}

/**
 * The meeting the caller may read, as the caller sees it (404 outside scope); with `lock`, the
 * meeting row is locked for the transaction first (state changes).
 */
export async function loadMeetingView(
  db: Executor,
  actor: Actor,
  id: number,
  lock = false,
): Promise<MeetingView> {
  if (lock)
    await db.selectFrom('orgLifeMeetings').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return viewOf(db, actor, await readableMeeting(db, actor, id));
}

/** A meeting row as this caller sees it (their member records under it and their leave request). */
export async function viewOf(db: Executor, actor: Actor, m: MeetingRow): Promise<MeetingView> {
  const mine = await myMembersUnder(db, actor, m.orgPath);
  const leave = mine.length
    ? await leaveRequestsOf(
        db,
        m.id,
        mine.map((x) => x.id),
      )
    : [];
  return {
    ...m,
    myMembers: mine.map((x) => ({ id: x.id, name: x.name })),
    myLeave: leave.find((l) => l.status !== 'withdrawn') ?? leave[0] ?? null,
  };
}

/** A leave request with its meeting's organization and state. */
export async function getLeaveRequest(db: Executor, id: number) {
  return db
    .selectFrom('orgLifeLeaveRequests as l')
    .innerJoin('orgLifeMeetings as m', 'm.id', 'l.meetingId')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select([...LEAVE_COLUMNS, 'o.path as orgPath', 'm.status as meetingStatus', 'm.topic', 'm.plannedOn'])
    .where('l.id', '=', id)
    .executeTakeFirst();
}
export type LeaveRow = NonNullable<Awaited<ReturnType<typeof getLeaveRequest>>>;

/**
 * A leave request the caller may see: the secretary's side (org_life.read on the meeting's
 * organization) or the person who asked; else 404. With `lock`, the row is locked first.
 */
export async function loadLeaveRequest(
  db: Executor,
  actor: Actor,
  id: number,
  lock = false,
): Promise<LeaveRow> {
  if (lock)
    await db
      .selectFrom('orgLifeLeaveRequests')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  const l = await getLeaveRequest(db, id);
  if (!l || !(actor.can('org_life.read', l.orgPath) || l.requestedBy === actor.user.id)) {
    throw new NotFoundError('请假申请不存在或无权访问');
  }
  return l;
}

/** A meeting the caller may act on with `permission`: 404 outside scope, 403 inside without it. */
export async function meetingFor(db: Executor, actor: Actor, id: number, permission: Permission) {
  const m = await getMeeting(db, id);
  if (!m) throw new NotFoundError('会议记录不存在或无权访问');
  authorize(actor, permission, m.orgPath);
  return m;
}

export async function listMeetings(
  db: Executor,
  actor: Actor,
  rootPath: string,
  q: { type?: string; status?: string; from?: string; to?: string; page: number; pageSize: number },
  ownOnly: number[] | null,
) {
  let base = db
    .selectFrom('orgLifeMeetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .where('o.path', 'like', `${rootPath}%`);
  if (ownOnly) {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('orgLifeAttendance as a')
          .select('a.memberId')
          .whereRef('a.meetingId', '=', 'm.id')
          .where('a.memberId', 'in', ownOnly.length ? ownOnly : [0]),
      ),
    );
  } else {
    base = base.where((eb) => pathWithin(eb, 'o.path', actor.paths('org_life.read')));
  }
  if (q.type) base = base.where('m.typeCode', '=', q.type);
  if (q.status) base = base.where('m.status', '=', q.status as 'planned');
  if (q.from) base = base.where(sql<string>`coalesce(m.held_on, m.planned_on)`, '>=', q.from);
  if (q.to) base = base.where(sql<string>`coalesce(m.held_on, m.planned_on)`, '<=', q.to);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(MEETING_COLUMNS)
    .orderBy(sql`coalesce(m.held_on, m.planned_on)`, 'desc')
    .orderBy('m.id', 'desc')
    .$call(inPage(q))
    .execute();
  return { rows, total: Number(n) };
}

export async function meetingParts(db: Executor, id: number) {
  const [attendance, resolutions, attachments, amendments, inspections] = await Promise.all([
    db
      .selectFrom('orgLifeAttendance')
      .select(['memberId', 'memberName', 'canVote', 'status', 'reason'])
      .where('meetingId', '=', id)
      .orderBy('memberId')
      .execute(),
    db.selectFrom('orgLifeResolutions').selectAll().where('meetingId', '=', id).orderBy('seq').execute(),
    db
      .selectFrom('orgLifeAttachments')
      .select(['id', 'fileName', 'mimeType', 'sizeBytes', 'uploadedAt'])
      .where('meetingId', '=', id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('orgLifeAmendments as a')
      .leftJoin('users as u', 'u.id', 'a.authorId')
      .select(['a.id', 'a.field', 'a.before', 'a.after', 'a.reason', 'a.at', 'u.displayName as authorName'])
      .where('a.meetingId', '=', id)
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('orgLifeInspections as i')
      .leftJoin('users as u', 'u.id', 'i.inspectorId')
      .select(['i.decision', 'i.comment', 'i.at', 'u.displayName as inspectorName'])
      .where('i.meetingId', '=', id)
      .orderBy('i.id')
      .execute(),
  ]);
  return { attendance, resolutions, attachments, amendments, inspections };
}

export async function userName(db: Executor, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const u = await db.selectFrom('users').select('displayName').where('id', '=', id).executeTakeFirst();
  return u?.displayName ?? null;
}

/** Meeting rows as list items, with each type's name from the catalogue version it was filed under. */
export async function summariesOf(db: Executor, rows: MeetingRow[]) {
  const names = new Map<number, Map<string, string>>();
  for (const id of new Set(rows.map((m) => m.catalogueId))) {
    const c = await catalogueById(db, id);
    names.set(id, new Map(c.types.map((t) => [t.code, t.name])));
  }
  return rows.map((m) => ({
    ...meetingFacts(m, names.get(m.catalogueId)?.get(m.typeCode) ?? m.typeCode),
    inspectionStatus: m.inspectionStatus,
  }));
}

/** What a meeting's list item and its detail both show: where, which type, its state and counts. */
export function meetingFacts(m: MeetingRow, typeName: string) {
  return {
    id: m.id,
    orgId: m.orgId,
    orgName: m.orgName,
    typeCode: m.typeCode,
    typeName,
    status: m.status,
    topic: m.topic,
    plannedOn: m.plannedOn,
    heldOn: m.heldOn,
    expectedCount: m.expectedCount,
    presentCount: m.presentCount,
  };
}

/** Organizations whose meetings a member attends: their branch (支部, 总支) and their 党小组. */
const MEETING_KINDS = ['branch', 'general_branch', 'group'] as const;

/**
 * A member's organizational life: meetings planned from today on in the organizations on their
 * path that hold meetings (branch and 党小组), soonest first; and the recorded meetings they were
 * on the attendance of, with their own status, latest first.
 */
export async function myMeetings(db: Executor, mine: { id: number; path: string }[], today: string) {
  if (mine.length === 0) return { upcoming: [], past: [] };
  const ancestors = [...new Set(mine.flatMap((m) => pathIds(m.path)))];
  const upcoming = await db
    .selectFrom('orgLifeMeetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(MEETING_COLUMNS)
    .where('o.id', 'in', ancestors)
    .where('o.kind', 'in', MEETING_KINDS)
    .where('m.status', '=', 'planned')
    .where('m.plannedOn', '>=', today)
    .orderBy('m.plannedOn')
    .orderBy('m.id')
    .limit(50)
    .execute();
  const past = await db
    .selectFrom('orgLifeMeetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .innerJoin('orgLifeAttendance as a', 'a.meetingId', 'm.id')
    .select([...MEETING_COLUMNS, 'a.status as myStatus', 'a.reason as myReason'])
    .where(
      'a.memberId',
      'in',
      mine.map((m) => m.id),
    )
    .where('m.status', 'in', ['recorded', 'signed'])
    .orderBy('m.heldOn', 'desc')
    .orderBy('m.id', 'desc')
    .limit(50)
    .execute();
  return { upcoming, past };
}
