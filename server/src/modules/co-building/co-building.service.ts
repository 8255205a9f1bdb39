import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import { updateAudited } from '../../platform/audited.ts';
import type { Executor } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { belowAndWithin } from '../../platform/filters.ts';
import { insertAudited, loadManagedOrg, type ServiceContext } from '../../platform/module-kit.ts';
import { isWithin, onSameBranch } from '../../platform/org-scope.ts';
import { pathWithin } from '../../platform/scope.ts';
import type {
  ActivityBody,
  AgreementBody,
  MeetingBody,
  ScopeQuery,
  UnitBody,
} from './co-building.contract.ts';

export type ActionContext = ServiceContext;

/** Co-building belongs to a community or street party organization the caller manages. */
async function managedHost(ctx: ActionContext, orgId: number) {
  const org = await loadManagedOrg(ctx, orgId, 'co_building.manage');
  if (!['community', 'street'].includes(org.level ?? '') || org.status !== 'active') {
    throw new ValidationError({ orgId: '共驻共建由在册的街道或社区党组织开展' });
  }
  return org;
}

/** Units of the host organization or of the street above it (a street's units join its communities). */
async function checkUnits(ctx: ActionContext, hostPath: string, ids: readonly number[]) {
  if (ids.length === 0) return;
  const rows = await ctx.trx
    .selectFrom('coBuildingUnits as u')
    .innerJoin('orgs as o', 'o.id', 'u.orgId')
    .select(['u.id', 'o.path'])
    .where('u.id', 'in', [...new Set(ids)])
    .execute();
  const ok = rows.filter((r) => onSameBranch(hostPath, r.path));
  if (ok.length !== new Set(ids).size)
    throw new ValidationError({ unitIds: '参与单位须为本街道或本社区的驻地单位' });
}

export async function addUnit(ctx: ActionContext, orgId: number, body: UnitBody) {
  const org = await managedHost(ctx, orgId);
  const clash = await ctx.trx
    .selectFrom('coBuildingUnits')
    .select('id')
    .where('orgId', '=', org.id)
    .where('name', '=', body.name)
    .executeTakeFirst();
  if (clash) throw new ConflictError('驻地单位已登记', { name: `“${body.name}”已登记` });
  return insertAudited(
    ctx,
    'coBuildingUnits',
    {
      orgId: org.id,
      name: body.name,
      unitType: body.unitType,
      unitOrgId: body.unitOrgId ?? null,
      contactName: body.contactName ?? null,
      joinedOn: body.joinedOn,
      leftOn: null,
      createdAt: ctx.now,
    },
    { action: 'co_building.add_unit', objectType: 'co_building_unit', orgPath: org.path },
  );
}

export async function recordMeeting(ctx: ActionContext, orgId: number, body: MeetingBody) {
  const org = await managedHost(ctx, orgId);
  await checkUnits(ctx, org.path, body.unitIds);
  const id = await insertAudited(
    ctx,
    'coBuildingMeetings',
    {
      orgId: org.id,
      title: body.title,
      heldOn: body.heldOn,
      minutes: body.minutes,
      createdBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    {
      action: 'co_building.record_meeting',
      objectType: 'co_building_meeting',
      orgPath: org.path,
      detail: { heldOn: body.heldOn, issues: body.issues.length },
    },
  );
  if (body.unitIds.length) {
    await ctx.trx
      .insertInto('coBuildingMeetingUnits')
      .values([...new Set(body.unitIds)].map((unitId) => ({ meetingId: id, unitId })))
      .execute();
  }
  if (body.issues.length) {
    await ctx.trx
      .insertInto('coBuildingIssues')
      .values(body.issues.map((i) => ({ meetingId: id, title: i.title, solvedOn: null, outcome: null })))
      .execute();
  }
  return id;
}

/** An issue raised at a joint meeting, with its meeting's organization and date. */
export type IssueRow = NonNullable<Awaited<ReturnType<typeof findIssue>>>;

function findIssue(db: Executor, issueId: number, lock: boolean) {
  let q = db
    .selectFrom('coBuildingIssues as i')
    .innerJoin('coBuildingMeetings as m', 'm.id', 'i.meetingId')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['i.id', 'i.status', 'i.meetingId', 'o.path', 'm.heldOn'])
    .where('i.id', '=', issueId);
  if (lock) q = q.forUpdate('i');
  return q.executeTakeFirst();
}

/** An issue the caller may read (404 otherwise). */
export async function loadIssue(
  db: Executor,
  actor: Actor,
  issueId: number,
  lock = false,
): Promise<IssueRow> {
  const issue = await findIssue(db, issueId, lock);
  if (!issue || !actor.can('co_building.read', issue.path)) throw new NotFoundError('问题不存在或无权访问');
  return issue;
}

/** Marks an issue of a joint meeting solved (the action table checked scope, permission and state). */
export async function solveIssue(ctx: ActionContext, issue: IssueRow, solvedOn: string, outcome: string) {
  if (solvedOn < issue.heldOn) throw new ValidationError({ solvedOn: '解决日期不能早于联席会议日期' });
  await updateAudited(
    ctx,
    'coBuildingIssues',
    issue.id,
    { status: 'solved', solvedOn, outcome },
    {
      action: 'co_building.solve_issue',
      objectType: 'co_building_issue',
      orgPath: issue.path,
    },
  );
  return issue.meetingId;
}

export async function recordActivity(ctx: ActionContext, orgId: number, body: ActivityBody) {
  const org = await managedHost(ctx, orgId);
  await checkUnits(ctx, org.path, body.unitIds);
  const id = await insertAudited(
    ctx,
    'coBuildingActivities',
    {
      orgId: org.id,
      kind: body.kind,
      title: body.title,
      heldOn: body.heldOn,
      participants: body.participants,
      createdBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    { action: 'co_building.record_activity', objectType: 'co_building_activity', orgPath: org.path },
  );
  if (body.unitIds.length) {
    await ctx.trx
      .insertInto('coBuildingActivityUnits')
      .values([...new Set(body.unitIds)].map((unitId) => ({ activityId: id, unitId })))
      .execute();
  }
  return id;
}

export async function signAgreement(ctx: ActionContext, orgId: number, body: AgreementBody) {
  const org = await managedHost(ctx, orgId);
  await checkUnits(ctx, org.path, [body.unitId]);
  if (body.expiresOn && body.expiresOn < body.signedOn)
    throw new ValidationError({ expiresOn: '到期日期不能早于签订日期' });
  return insertAudited(
    ctx,
    'coBuildingAgreements',
    {
      orgId: org.id,
      unitId: body.unitId,
      title: body.title,
      resources: body.resources,
      signedOn: body.signedOn,
      expiresOn: body.expiresOn ?? null,
      createdBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    { action: 'co_building.sign_agreement', objectType: 'co_building_agreement', orgPath: org.path },
  );
}

// ------------------------------------------------------------------ reads

export async function listUnits(db: Executor, actor: Actor, orgPath?: string) {
  let q = db
    .selectFrom('coBuildingUnits as u')
    .innerJoin('orgs as o', 'o.id', 'u.orgId')
    .select(['u.id', 'u.orgId', 'o.name as orgName', 'u.name', 'u.unitType', 'u.contactName', 'u.joinedOn'])
    .where((eb) => pathWithin(eb, 'o.path', actor.paths('co_building.read')))
    .where('u.leftOn', 'is', null);
  if (orgPath) q = q.where('o.path', 'like', `${orgPath}%`);
  return q.orderBy('u.joinedOn').orderBy('u.id').limit(1000).execute();
}

const unitNames = (
  link: 'coBuildingMeetingUnits' | 'coBuildingActivityUnits',
  col: 'meetingId' | 'activityId',
) =>
  sql<string[]>`coalesce((select array_agg(cu.name order by cu.id) from ${sql.table(
    link === 'coBuildingMeetingUnits' ? 'co_building_meeting_units' : 'co_building_activity_units',
  )} l join co_building_units cu on cu.id = l.unit_id where l.${sql.ref(col === 'meetingId' ? 'meeting_id' : 'activity_id')} = x.id), '{}')`;

export async function listMeetings(
  db: Executor,
  actor: Actor,
  query: ScopeQuery,
  orgPath?: string,
  id?: number,
  limit = 500,
) {
  let q = db
    .selectFrom('coBuildingMeetings as x')
    .innerJoin('orgs as o', 'o.id', 'x.orgId')
    .select(['x.id', 'x.orgId', 'o.name as orgName', 'o.path', 'x.title', 'x.heldOn', 'x.minutes'])
    .select(unitNames('coBuildingMeetingUnits', 'meetingId').as('units'))
    .where((eb) => pathWithin(eb, 'o.path', actor.paths('co_building.read')))
    .where(belowAndWithin({ path: 'o.path', date: 'x.heldOn' }, orgPath, query));
  if (id !== undefined) q = q.where('x.id', '=', id);
  const meetings = await q.orderBy('x.heldOn', 'desc').orderBy('x.id', 'desc').limit(limit).execute();
  const issues = meetings.length
    ? await db
        .selectFrom('coBuildingIssues')
        .select(['id', 'meetingId', 'title', 'status', 'solvedOn', 'outcome'])
        .where(
          'meetingId',
          'in',
          meetings.map((m) => m.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return meetings.map(({ path, ...m }) => ({
    ...m,
    units: m.units ?? [],
    issues: issues.filter((i) => i.meetingId === m.id).map((i) => ({ ...i, path, heldOn: m.heldOn })),
  }));
}

export async function listActivities(
  db: Executor,
  actor: Actor,
  query: ScopeQuery,
  orgPath?: string,
  limit = 500,
) {
  const q = db
    .selectFrom('coBuildingActivities as x')
    .innerJoin('orgs as o', 'o.id', 'x.orgId')
    .select(['x.id', 'x.orgId', 'o.name as orgName', 'x.kind', 'x.title', 'x.heldOn', 'x.participants'])
    .select(unitNames('coBuildingActivityUnits', 'activityId').as('units'))
    .where((eb) => pathWithin(eb, 'o.path', actor.paths('co_building.read')))
    .where(belowAndWithin({ path: 'o.path', date: 'x.heldOn' }, orgPath, query));
  const rows = await q.orderBy('x.heldOn', 'desc').orderBy('x.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, units: r.units ?? [] }));
}

export async function listAgreements(
  db: Executor,
  actor: Actor,
  query: ScopeQuery,
  orgPath?: string,
  limit = 500,
) {
  const q = db
    .selectFrom('coBuildingAgreements as x')
    .innerJoin('orgs as o', 'o.id', 'x.orgId')
    .innerJoin('coBuildingUnits as u', 'u.id', 'x.unitId')
    .select([
      'x.id',
      'x.orgId',
      'o.name as orgName',
      'u.name as unitName',
      'x.title',
      'x.resources',
      'x.signedOn',
      'x.expiresOn',
    ])
    .where((eb) => pathWithin(eb, 'o.path', actor.paths('co_building.read')))
    .where(belowAndWithin({ path: 'o.path', date: 'x.signedOn' }, orgPath, query));
  return q.orderBy('x.signedOn', 'desc').orderBy('x.id', 'desc').limit(limit).execute();
}

/**
 * The seeds' table ("联席会议 653 次，会商解决实际问题 609 项，签订资源共享协议 196 份，联合开展集中服务
 * 647 次"), computed from the records for a scope and period.
 */
export async function coBuildingStats(db: Executor, actor: Actor, query: ScopeQuery, orgPath?: string) {
  const paths = actor.paths('co_building.read');
  const scope = orgPath ? [orgPath].filter((p) => paths.some((q) => isWithin(p, q))) : paths;
  const inScope = sql.join(
    scope.length ? scope.map((p) => sql`o.path like ${`${p}%`}`) : [sql`false`],
    sql` or `,
  );
  const dateRange = (col: string) =>
    sql.join(
      [
        query.from ? sql`${sql.ref(col)} >= ${query.from}` : sql`true`,
        query.to ? sql`${sql.ref(col)} <= ${query.to}` : sql`true`,
      ],
      sql` and `,
    );
  const { rows } = await sql<{
    units: number;
    meetings: number;
    issuesRaised: number;
    issuesSolved: number;
    agreements: number;
    activities: number;
    jointServices: number;
    participants: number;
  }>`
    select
      (select count(*) from co_building_units u join orgs o on o.id = u.org_id
        where (${inScope}) and u.left_on is null) as units,
      (select count(*) from co_building_meetings m join orgs o on o.id = m.org_id
        where (${inScope}) and ${dateRange('m.held_on')}) as meetings,
      (select count(*) from co_building_issues i join co_building_meetings m on m.id = i.meeting_id
        join orgs o on o.id = m.org_id where (${inScope}) and ${dateRange('m.held_on')}) as issues_raised,
      (select count(*) from co_building_issues i join co_building_meetings m on m.id = i.meeting_id
        join orgs o on o.id = m.org_id where (${inScope}) and i.status = 'solved' and ${dateRange('i.solved_on')}) as issues_solved,
      (select count(*) from co_building_agreements a join orgs o on o.id = a.org_id
        where (${inScope}) and ${dateRange('a.signed_on')}) as agreements,
      (select count(*) from co_building_activities a join orgs o on o.id = a.org_id
        where (${inScope}) and a.kind = 'activity' and ${dateRange('a.held_on')}) as activities,
      (select count(*) from co_building_activities a join orgs o on o.id = a.org_id
        where (${inScope}) and a.kind = 'joint_service' and ${dateRange('a.held_on')}) as joint_services,
      (select coalesce(sum(a.participants), 0) from co_building_activities a join orgs o on o.id = a.org_id
        where (${inScope}) and ${dateRange('a.held_on')}) as participants
  `.execute(db);
  const r = rows[0];
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    units: Number(r.units),
    jointMeetings: Number(r.meetings),
    issuesRaised: Number(r.issuesRaised),
    issuesSolved: Number(r.issuesSolved),
    agreements: Number(r.agreements),
    activities: Number(r.activities),
    jointServices: Number(r.jointServices),
    participants: Number(r.participants),
  };
}
