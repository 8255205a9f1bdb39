import { sql } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { inPage } from '../../platform/paging.ts';
import type { Permission } from '../../platform/permissions.ts';
import { pathWithin } from '../../platform/scope.ts';
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

/** A meeting the caller may act on with `permission`: 404 outside scope, 403 inside without it. */
export async function meetingFor(
  db: Executor,
  actor: Actor,
  id: number,
  permission: Permission,
  lock = false,
) {
  if (lock)
    await db.selectFrom('orgLifeMeetings').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
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
