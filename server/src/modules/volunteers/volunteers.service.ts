import { sql } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.ts';
import { updateAudited } from '../../platform/audited.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { insertAudited, loadManagedOrg, type ServiceContext } from '../../platform/module-kit.ts';
import { isWithin, onSameBranch } from '../../platform/org-scope.ts';
import { nearestRule } from '../../platform/rules.ts';
import { pathWithin } from '../../platform/scope.ts';
import { awardPoints } from '../points/index.ts';
import type { ActivityBody } from './volunteers.contract.ts';

export type ActionContext = ServiceContext;

/** Officials see their subtree; residents and members see the activities of their own organizations. */
function activityPaths(actor: Actor): string[] {
  return [...actor.paths('volunteers.read'), ...actor.paths('volunteers.participate')];
}

/**
 * Residents and members take part in the activities of their organization, of the organizations
 * below it, and of those above it (a grid member joins the community's activities).
 */
export function participates(actor: Actor, orgPath: string): boolean {
  return actor.paths('volunteers.participate').some((p) => onSameBranch(p, orgPath));
}

function seesActivity(actor: Actor, orgPath: string): boolean {
  return actor.paths('volunteers.read').some((p) => isWithin(orgPath, p)) || participates(actor, orgPath);
}

export async function registerVolunteer(
  ctx: ActionContext,
  orgId: number,
  body: { name: string; memberId?: number; skills?: string },
) {
  const org = await loadManagedOrg(ctx, orgId, 'volunteers.manage');
  if (body.memberId !== undefined) {
    const m = await ctx.trx
      .selectFrom('members as m')
      .innerJoin('orgs as o', 'o.id', 'm.orgId')
      .select(['m.id', 'o.path'])
      .where('m.id', '=', body.memberId)
      .executeTakeFirst();
    if (!m || !ctx.actor.sees(m.path))
      throw new ValidationError({ memberId: '党员不存在或不在您的管辖范围' });
  }
  return insertVolunteer(ctx, org, {
    userId: null,
    memberId: body.memberId ?? null,
    name: body.name,
    skills: body.skills ?? null,
  });
}

/** A resident or member registers themself where they hold the participate permission. */
export async function registerSelf(ctx: ActionContext, orgId: number, skills?: string) {
  const org = await loadManagedOrg(ctx, orgId, 'volunteers.participate');
  const member = await ctx.trx
    .selectFrom('members')
    .select('id')
    .where('userId', '=', ctx.actor.user.id)
    .executeTakeFirst();
  return insertVolunteer(ctx, org, {
    userId: ctx.actor.user.id,
    memberId: member?.id ?? null,
    name: ctx.actor.user.displayName,
    skills: skills ?? null,
  });
}

async function insertVolunteer(
  ctx: ActionContext,
  org: { id: number; path: string },
  v: { userId: number | null; memberId: number | null; name: string; skills: string | null },
) {
  const row = await ctx.trx
    .insertInto('volunteers')
    .values({ orgId: org.id, ...v, registeredOn: chinaDate(ctx.now), createdAt: ctx.now })
    .onConflict((oc) => oc.columns(['orgId', 'userId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new ConflictError('已注册为志愿者');
  await ctx.audit({
    action: 'volunteers.register',
    objectType: 'volunteer',
    objectId: row.id,
    orgPath: org.path,
  });
  return row.id;
}

export async function listVolunteers(db: Executor, actor: Actor, orgPath?: string) {
  let q = db
    .selectFrom('volunteers as v')
    .innerJoin('orgs as o', 'o.id', 'v.orgId')
    .select([
      'v.id',
      'v.orgId',
      'o.name as orgName',
      'v.name',
      'v.memberId',
      'v.skills',
      'v.registeredOn',
      sql<number>`coalesce((select sum(s.hours) from volunteer_signups s where s.volunteer_id = v.id and s.confirmed_at is not null), 0)`.as(
        'confirmedHours',
      ),
      sql<
        string[]
      >`coalesce((select array_agg(t.name order by t.id) from volunteer_team_members tm join volunteer_teams t on t.id = tm.team_id where tm.volunteer_id = v.id), '{}')`.as(
        'teams',
      ),
    ])
    .where((eb) => pathWithin(eb, 'o.path', actor.paths('volunteers.read')));
  if (orgPath) q = q.where('o.path', 'like', `${orgPath}%`);
  const rows = await q.orderBy('v.id').limit(1000).execute();
  return rows.map(({ memberId, ...r }) => ({
    ...r,
    isMember: memberId !== null,
    confirmedHours: Number(r.confirmedHours),
  }));
}

export async function createTeam(
  ctx: ActionContext,
  orgId: number,
  body: { name: string; description?: string },
) {
  const org = await loadManagedOrg(ctx, orgId, 'volunteers.manage');
  const row = await ctx.trx
    .insertInto('volunteerTeams')
    .values({ orgId: org.id, name: body.name, description: body.description ?? null, createdAt: ctx.now })
    .onConflict((oc) => oc.columns(['orgId', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new ConflictError('服务队已存在', { name: `“${body.name}”已存在` });
  await ctx.audit({
    action: 'volunteers.create_team',
    objectType: 'volunteer_team',
    objectId: row.id,
    orgPath: org.path,
  });
  return row.id;
}

async function managedTeam(ctx: ActionContext, teamId: number) {
  const team = await ctx.trx
    .selectFrom('volunteerTeams as t')
    .innerJoin('orgs as o', 'o.id', 't.orgId')
    .select(['t.id', 'o.path'])
    .where('t.id', '=', teamId)
    .executeTakeFirst();
  if (!team || !ctx.actor.can('volunteers.read', team.path))
    throw new NotFoundError('服务队不存在或无权访问');
  authorize(ctx.actor, 'volunteers.manage', team.path);
  return team;
}

export async function addTeamMember(ctx: ActionContext, teamId: number, volunteerId: number) {
  const team = await managedTeam(ctx, teamId);
  const v = await ctx.trx
    .selectFrom('volunteers as v')
    .innerJoin('orgs as o', 'o.id', 'v.orgId')
    .select(['v.id', 'o.path'])
    .where('v.id', '=', volunteerId)
    .executeTakeFirst();
  if (!v || !onSameBranch(v.path, team.path)) {
    throw new ValidationError({ volunteerId: '志愿者须在本组织登记' });
  }
  await ctx.trx
    .insertInto('volunteerTeamMembers')
    .values({ teamId: team.id, volunteerId: v.id })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await ctx.audit({
    action: 'volunteers.join_team',
    objectType: 'volunteer_team',
    objectId: team.id,
    orgPath: team.path,
  });
}

export async function listTeams(db: Executor, actor: Actor, orgPath?: string) {
  let q = db
    .selectFrom('volunteerTeams as t')
    .innerJoin('orgs as o', 'o.id', 't.orgId')
    .select([
      't.id',
      't.orgId',
      'o.name as orgName',
      't.name',
      't.description',
      sql<number>`(select count(*) from volunteer_team_members tm where tm.team_id = t.id)`.as('members'),
    ])
    .where((eb) => pathWithin(eb, 'o.path', activityPaths(actor)));
  if (orgPath) q = q.where('o.path', 'like', `${orgPath}%`);
  const rows = await q.orderBy('t.id').execute();
  return rows.map((r) => ({ ...r, members: Number(r.members) }));
}

export async function createActivity(ctx: ActionContext, orgId: number, body: ActivityBody) {
  const org = await loadManagedOrg(ctx, orgId, 'volunteers.manage');
  if (new Date(body.endsAt) <= new Date(body.startsAt))
    throw new ValidationError({ endsAt: '结束时间须晚于开始时间' });
  if (body.teamId !== undefined) {
    const team = await managedTeam(ctx, body.teamId);
    if (!onSameBranch(org.path, team.path)) {
      throw new ValidationError({ teamId: '服务队不属于本组织' });
    }
  }
  return insertAudited(
    ctx,
    'volunteerActivities',
    {
      orgId: org.id,
      teamId: body.teamId ?? null,
      title: body.title,
      description: body.description,
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      capacity: body.capacity,
      createdBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    { action: 'volunteers.create_activity', objectType: 'volunteer_activity', orgPath: org.path },
  );
}

function selectActivities(db: Executor) {
  return db
    .selectFrom('volunteerActivities as a')
    .innerJoin('orgs as o', 'o.id', 'a.orgId')
    .leftJoin('volunteerTeams as t', 't.id', 'a.teamId')
    .selectAll('a')
    .select([
      'o.name as orgName',
      'o.path as orgPath',
      't.name as teamName',
      sql<number>`(select count(*) from volunteer_signups s where s.activity_id = a.id)`.as('signedUp'),
    ]);
}

export async function getVisibleActivity(db: Executor, actor: Actor, id: number) {
  const a = await selectActivities(db).where('a.id', '=', id).executeTakeFirst();
  if (!a || !seesActivity(actor, a.orgPath)) {
    throw new NotFoundError('活动不存在或无权访问');
  }
  return a;
}

export async function listActivities(db: Executor, actor: Actor, orgPath?: string) {
  const above = actor.paths('volunteers.participate');
  let q = selectActivities(db).where((eb) =>
    eb.or([
      pathWithin(eb, 'o.path', activityPaths(actor)),
      ...above.map((p) => eb(sql.val(p), 'like', sql<string>`o.path || '%'`)),
    ]),
  );
  if (orgPath) q = q.where('o.path', 'like', `${orgPath}%`);
  return q.orderBy('a.startsAt', 'desc').orderBy('a.id', 'desc').limit(500).execute();
}

export async function listSignups(db: Executor, activityIds: number[]) {
  if (activityIds.length === 0) return [];
  return db
    .selectFrom('volunteerSignups as s')
    .innerJoin('volunteers as v', 'v.id', 's.volunteerId')
    .select([
      's.id',
      's.activityId',
      's.signedUpAt',
      's.checkedInAt',
      's.hours',
      's.points',
      's.pointsNote',
      's.confirmedAt',
      'v.memberId',
      'v.name',
      'v.name as volunteerName',
      'v.userId',
    ])
    .where('s.activityId', 'in', activityIds)
    .orderBy('s.id')
    .execute();
}

/** Sign up for an activity: the caller must be a registered volunteer of that organization (or above it). */
export async function signUp(ctx: ActionContext, activityId: number) {
  const a = await getVisibleActivity(ctx.trx, ctx.actor, activityId);
  if (!participates(ctx.actor, a.orgPath)) throw new ForbiddenError('只有居民或党员可以报名');
  if (a.endsAt <= ctx.now) throw new ConflictError('活动已结束，不能报名');
  const volunteer = await ctx.trx
    .selectFrom('volunteers as v')
    .innerJoin('orgs as o', 'o.id', 'v.orgId')
    .select(['v.id'])
    .where('v.userId', '=', ctx.actor.user.id)
    .where(sql<boolean>`(${a.orgPath} like o.path || '%' or o.path like ${`${a.orgPath}%`})`)
    .executeTakeFirst();
  if (!volunteer) throw new ValidationError({ volunteerId: '请先注册为本社区志愿者' });
  await sql`select id from volunteer_activities where id = ${a.id} for update`.execute(ctx.trx);
  const { n } = await ctx.trx
    .selectFrom('volunteerSignups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activityId', '=', a.id)
    .executeTakeFirstOrThrow();
  if (Number(n) >= a.capacity) throw new ConflictError('名额已满');
  const row = await ctx.trx
    .insertInto('volunteerSignups')
    .values({
      activityId: a.id,
      volunteerId: volunteer.id,
      signedUpAt: ctx.now,
      checkedInAt: null,
      hours: null,
      confirmedBy: null,
      confirmedAt: null,
      ruleId: null,
      points: null,
      pointsEntryId: null,
      pointsNote: null,
    })
    .onConflict((oc) => oc.columns(['activityId', 'volunteerId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new ConflictError('您已报名');
  await ctx.audit({
    action: 'volunteers.sign_up',
    objectType: 'volunteer_activity',
    objectId: a.id,
    orgPath: a.orgPath,
  });
}

/** A sign-up of an activity the caller sees (404 otherwise), with its activity. */
export async function loadSignup(
  db: Executor,
  actor: Actor,
  activityId: number,
  signupId: number,
  lock = false,
) {
  const a = await getVisibleActivity(db, actor, activityId);
  let q = db
    .selectFrom('volunteerSignups as s')
    .innerJoin('volunteers as v', 'v.id', 's.volunteerId')
    .select(['s.id', 's.checkedInAt', 's.confirmedAt', 'v.memberId', 'v.name'])
    .where('s.id', '=', signupId)
    .where('s.activityId', '=', a.id);
  if (lock) q = q.forUpdate('s');
  const s = await q.executeTakeFirst();
  if (!s) throw new NotFoundError('报名记录不存在');
  return { a, s };
}
export type SignupState = Awaited<ReturnType<typeof loadSignup>>;

/** Checks a volunteer in (the action table checked scope, permission and state). */
export async function checkIn(ctx: ActionContext, { a, s }: SignupState) {
  await updateAudited(
    ctx,
    'volunteerSignups',
    s.id,
    { checkedInAt: ctx.now },
    {
      action: 'volunteers.check_in',
      objectType: 'volunteer_signup',
      orgPath: a.orgPath,
    },
  );
}

async function effectiveRule(db: Executor, orgPath: string, onDate: string) {
  const rule = await nearestRule(db, 'volunteerRules', orgPath, onDate);
  if (!rule) throw new ConflictError(`${onDate} 没有生效的志愿服务积分规则`);
  return rule;
}

/** Confirm the hours of a checked-in volunteer; a party member gets points through the ledger. */
export async function confirmHours(ctx: ActionContext, { a, s }: SignupState, hours: number) {
  const on = chinaDate(a.startsAt);
  const rule = await effectiveRule(ctx.trx, a.orgPath, on);
  if (hours > Number(rule.maxHoursPerActivity)) {
    throw new ValidationError({
      hours: `单次活动最多计 ${rule.maxHoursPerActivity} 小时（规则 ${rule.version}）`,
    });
  }
  let award: { entryId: number | null; points: number; note: string | null } = {
    entryId: null,
    points: 0,
    note: null,
  };
  if (s.memberId !== null) {
    const member = await ctx.trx
      .selectFrom('members')
      .select(['id', 'orgId'])
      .where('id', '=', s.memberId)
      .executeTakeFirstOrThrow();
    const points = Math.round(hours * Number(rule.pointsPerHour) * 100) / 100;
    if (points > 0) {
      award = await awardPoints(ctx.trx, {
        memberId: member.id,
        orgId: member.orgId,
        ruleCode: 'volunteers.service',
        sourceType: 'volunteer_signup',
        sourceId: s.id,
        points,
        on,
        at: ctx.now,
        authorId: ctx.actor.user.id,
        reason: `志愿服务“${a.title}” ${hours} 小时（规则 ${rule.version}）`,
      });
    }
  } else {
    award.note = '非党员志愿者，只记录时长';
  }
  await updateAudited(
    ctx,
    'volunteerSignups',
    s.id,
    {
      hours,
      confirmedBy: ctx.actor.user.id,
      confirmedAt: ctx.now,
      ruleId: rule.id,
      points: s.memberId !== null ? award.points : null,
      pointsEntryId: award.entryId,
      pointsNote: award.note,
    },
    {
      action: 'volunteers.confirm_hours',
      objectType: 'volunteer_signup',
      orgPath: a.orgPath,
      detail: { hours, points: award.points },
    },
  );
}
