import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import { updateAudited } from '../../platform/audited.ts';
import { addDays, chinaDate, startOfChinaDay } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { insertAudited, loadManagedOrg, type ServiceContext } from '../../platform/module-kit.ts';
import { nearestRule } from '../../platform/rules.ts';
import { pathWithin } from '../../platform/scope.ts';
import { awardPoints } from '../points/index.ts';
import type {
  ListingBody,
  RegisterMemberBody,
  RegisterUnitBody,
  ServiceBody,
} from './dual-reporting.contract.ts';

export type ActionContext = ServiceContext;

/** Today in China Standard Time: a date typed by a user is a local date. */
const today = (d: Date) => chinaDate(d);

export const COMMUNITY_ONLY = '只有社区党组织可以执行此操作';

/** null when the caller is the community side of this record, else the reason (403). */
export function communitySide(actor: Actor, row: { communityPath: string }): string | null {
  return actor.can('dual_reporting.manage', row.communityPath) ? null : COMMUNITY_ONLY;
}

/** For a record the caller already sees (e.g. as the unit): not the community side → 403. */
function requireManage(actor: Actor, communityPath: string): void {
  const refused = communitySide(actor, { communityPath });
  if (refused) throw new ForbiddenError(refused);
}

// ---------------------------------------------------------------- units

function selectUnits(db: Executor) {
  return db
    .selectFrom('dualReportingUnits as u')
    .innerJoin('orgs as c', 'c.id', 'u.communityOrgId')
    .leftJoin('orgs as uo', 'uo.id', 'u.unitOrgId')
    .selectAll('u')
    .select([
      'c.path as communityPath',
      'c.name as communityName',
      'uo.path as unitOrgPath',
      (eb) =>
        eb
          .selectFrom('dualReportingMembers as m')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('m.unitId', '=', 'u.id')
          .as('registeredMembers'),
    ]);
}
export type UnitRow = NonNullable<Awaited<ReturnType<typeof getUnit>>>;

async function getUnit(db: Executor, id: number) {
  return selectUnits(db).where('u.id', '=', id).executeTakeFirst();
}

/** The caller acts for this unit: holds dual_reporting.unit on the unit's own party organization. */
export function actsForUnit(actor: Actor, u: { unitOrgPath: string | null }): boolean {
  return u.unitOrgPath !== null && actor.can('dual_reporting.unit', u.unitOrgPath);
}

export function seesUnit(actor: Actor, u: UnitRow): boolean {
  return actor.can('dual_reporting.read', u.communityPath) || actsForUnit(actor, u);
}

export async function getVisibleUnit(db: Executor, actor: Actor, id: number): Promise<UnitRow> {
  const u = await getUnit(db, id);
  if (!u || !seesUnit(actor, u)) throw new NotFoundError('报到单位不存在或无权访问');
  return u;
}

export async function findUnits(db: Executor, actor: Actor, orgPath?: string) {
  const read = actor.paths('dual_reporting.read');
  const unit = actor.paths('dual_reporting.unit');
  let q = selectUnits(db).where((eb) =>
    eb.or([
      pathWithin(eb, 'c.path', read),
      eb.and([eb('uo.path', 'is not', null), pathWithin(eb, 'uo.path', unit)]),
    ]),
  );
  if (orgPath) q = q.where('c.path', 'like', `${orgPath}%`);
  return q.orderBy('u.registeredOn', 'desc').orderBy('u.id').limit(500).execute();
}

export async function registerUnit(ctx: ActionContext, communityOrgId: number, body: RegisterUnitBody) {
  const community = await loadManagedOrg(ctx, communityOrgId, 'dual_reporting.manage');
  if (community.level !== 'community' || community.status !== 'active') {
    throw new ValidationError({ orgId: '单位只能到在册的社区党组织报到' });
  }
  if (body.unitOrgId !== undefined) {
    const unitOrg = await ctx.trx
      .selectFrom('orgs')
      .select(['id', 'unitType'])
      .where('id', '=', body.unitOrgId)
      .executeTakeFirst();
    if (!unitOrg?.unitType) throw new ValidationError({ unitOrgId: '单位党组织不存在或不是单位党组织' });
  }
  const clash = await ctx.trx
    .selectFrom('dualReportingUnits')
    .select('id')
    .where('communityOrgId', '=', community.id)
    .where('unitName', '=', body.unitName)
    .executeTakeFirst();
  if (clash) throw new ConflictError('该单位已到本社区报到', { unitName: `“${body.unitName}”已报到` });
  return insertAudited(
    ctx,
    'dualReportingUnits',
    {
      communityOrgId: community.id,
      unitName: body.unitName,
      unitOrgId: body.unitOrgId ?? null,
      sourceLevel: body.sourceLevel,
      declaredMembers: body.declaredMembers,
      contactName: body.contactName ?? null,
      registeredOn: body.registeredOn,
      endedOn: null,
      createdBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    {
      action: 'dual_reporting.register_unit',
      objectType: 'dual_reporting_unit',
      orgPath: community.path,
      detail: { unitName: body.unitName, sourceLevel: body.sourceLevel },
    },
  );
}

// ---------------------------------------------------------------- member registrations

function selectRegistrations(db: Executor) {
  return db
    .selectFrom('dualReportingMembers as r')
    .innerJoin('members as m', 'm.id', 'r.memberId')
    .innerJoin('orgs as mo', 'mo.id', 'm.orgId')
    .select([
      'r.id',
      'r.unitId',
      'r.memberId',
      'r.basis',
      'r.registeredOn',
      'm.name as memberName',
      'm.orgId as memberOrgId',
      'mo.name as branchName',
      'mo.path as memberOrgPath',
      sql<number>`coalesce((select sum(s.hours) from dual_reporting_services s where s.registration_id = r.id and s.status = 'confirmed'), 0)`.as(
        'confirmedHours',
      ),
      sql<number>`coalesce((select sum(s.points) from dual_reporting_services s where s.registration_id = r.id and s.status = 'confirmed'), 0)`.as(
        'points',
      ),
    ]);
}

export async function findRegistrations(db: Executor, unitId: number) {
  return selectRegistrations(db).where('r.unitId', '=', unitId).orderBy('r.id').execute();
}

/**
 * Register an in-service member with the community through their unit's registration. The unit's
 * own branch registers its members; the community registers members whose branch it manages.
 */
export async function registerMember(ctx: ActionContext, unitId: number, body: RegisterMemberBody) {
  const unit = await getVisibleUnit(ctx.trx, ctx.actor, unitId);
  const member = await ctx.trx
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['m.id', 'm.status', 'o.path'])
    .where('m.id', '=', body.memberId)
    .executeTakeFirst();
  const mayRegister =
    member &&
    (ctx.actor.can('dual_reporting.unit', member.path) ||
      ctx.actor.can('dual_reporting.manage', member.path));
  if (!member || !mayRegister) throw new ValidationError({ memberId: '党员不存在，或不在您管理的党组织中' });
  if (!['probationary', 'full'].includes(member.status)) {
    throw new ValidationError({ memberId: '只有在册党员可以报到' });
  }
  const { id } = await ctx.trx
    .insertInto('dualReportingMembers')
    .values({
      unitId: unit.id,
      memberId: member.id,
      basis: body.basis,
      registeredOn: body.registeredOn,
      createdBy: ctx.actor.user.id,
      createdAt: ctx.now,
    })
    .onConflict((oc) => oc.columns(['unitId', 'memberId']).doNothing())
    .returning('id')
    .executeTakeFirst()
    .then((r) => {
      if (!r) throw new ConflictError('该党员已报到', { memberId: '该党员已随本单位报到' });
      return r;
    });
  await ctx.audit({
    action: 'dual_reporting.register_member',
    objectType: 'dual_reporting_member',
    objectId: id,
    orgPath: unit.communityPath,
    detail: { unitId: unit.id, memberId: member.id },
  });
  return id;
}

// ---------------------------------------------------------------- needs, resources, projects

function selectProjects(db: Executor) {
  return db
    .selectFrom('dualReportingProjects as p')
    .innerJoin('orgs as c', 'c.id', 'p.communityOrgId')
    .leftJoin('dualReportingUnits as ou', 'ou.id', 'p.offeredByUnitId')
    .leftJoin('orgs as ouo', 'ouo.id', 'ou.unitOrgId')
    .leftJoin('dualReportingUnits as cu', 'cu.id', 'p.claimedByUnitId')
    .leftJoin('orgs as cuo', 'cuo.id', 'cu.unitOrgId')
    .selectAll('p')
    .select([
      'c.path as communityPath',
      'c.name as communityName',
      'ou.unitName as offeredByUnit',
      'cu.unitName as claimedByUnit',
      'ouo.path as offeredByPath',
      'cuo.path as claimedByPath',
    ]);
}
export type ProjectRow = NonNullable<Awaited<ReturnType<typeof getProject>>>;

async function getProject(db: Executor, id: number, forUpdate = false) {
  let q = selectProjects(db).where('p.id', '=', id);
  if (forUpdate) q = q.forUpdate('p');
  return q.executeTakeFirst();
}

/** Units registered with this community that the caller acts for. */
async function myUnitsIn(db: Executor, actor: Actor, communityOrgId: number) {
  const unitPaths = actor.paths('dual_reporting.unit');
  if (unitPaths.length === 0) return [];
  return db
    .selectFrom('dualReportingUnits as u')
    .innerJoin('orgs as uo', 'uo.id', 'u.unitOrgId')
    .select(['u.id', 'u.unitName'])
    .where('u.communityOrgId', '=', communityOrgId)
    .where('u.endedOn', 'is', null)
    .where((eb) => pathWithin(eb, 'uo.path', unitPaths))
    .execute();
}

/**
 * Officials of the community side see every project there; a unit sees its own projects (offered
 * or claimed by it) and the open needs of the communities it registered with, to claim them.
 */
async function seesProject(db: Executor, actor: Actor, p: ProjectRow): Promise<boolean> {
  if (actor.can('dual_reporting.read', p.communityPath)) return true;
  if (p.offeredByPath && actor.can('dual_reporting.unit', p.offeredByPath)) return true;
  if (p.claimedByPath && actor.can('dual_reporting.unit', p.claimedByPath)) return true;
  if (p.origin === 'need' && p.status === 'open')
    return (await myUnitsIn(db, actor, p.communityOrgId)).length > 0;
  return false;
}

export async function getVisibleProject(db: Executor, actor: Actor, id: number, forUpdate = false) {
  const p = await getProject(db, id, forUpdate);
  if (!p || !(await seesProject(db, actor, p))) throw new NotFoundError('项目不存在或无权访问');
  return p;
}

export async function findProjects(
  db: Executor,
  actor: Actor,
  list: 'needs' | 'resources' | 'projects' | undefined,
  orgPath?: string,
) {
  const read = actor.paths('dual_reporting.read');
  const unit = actor.paths('dual_reporting.unit');
  let q = selectProjects(db).where((eb) =>
    eb.or([
      pathWithin(eb, 'c.path', read),
      eb.and([eb('ouo.path', 'is not', null), pathWithin(eb, 'ouo.path', unit)]),
      eb.and([eb('cuo.path', 'is not', null), pathWithin(eb, 'cuo.path', unit)]),
      eb.and([
        eb('p.origin', '=', 'need'),
        eb('p.status', '=', 'open'),
        eb.exists(
          eb
            .selectFrom('dualReportingUnits as mu')
            .innerJoin('orgs as muo', 'muo.id', 'mu.unitOrgId')
            .select('mu.id')
            .whereRef('mu.communityOrgId', '=', 'p.communityOrgId')
            .where('mu.endedOn', 'is', null)
            .where((e2) => pathWithin(e2, 'muo.path', unit)),
        ),
      ]),
    ]),
  );
  if (orgPath) q = q.where('c.path', 'like', `${orgPath}%`);
  if (list === 'needs') q = q.where('p.origin', '=', 'need').where('p.status', '=', 'open');
  if (list === 'resources') q = q.where('p.origin', '=', 'resource').where('p.status', '=', 'open');
  if (list === 'projects') q = q.where('p.status', 'in', ['claimed', 'completed']);
  return q.orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc').limit(500).execute();
}

/** 需求清单: the community publishes a need. */
export async function publishNeed(ctx: ActionContext, communityOrgId: number, body: ListingBody) {
  const community = await loadManagedOrg(ctx, communityOrgId, 'dual_reporting.manage');
  if (community.level !== 'community') throw new ValidationError({ orgId: '需求由社区党组织发布' });
  return insertProject(ctx, community.id, community.path, 'need', null, body);
}

/** 资源清单: a registered unit publishes a resource it offers the community. */
export async function publishResource(ctx: ActionContext, unitId: number, body: ListingBody) {
  const unit = await getVisibleUnit(ctx.trx, ctx.actor, unitId);
  if (!actsForUnit(ctx.actor, unit)) requireManage(ctx.actor, unit.communityPath);
  return insertProject(ctx, unit.communityOrgId, unit.communityPath, 'resource', unit.id, body);
}

async function insertProject(
  ctx: ActionContext,
  communityOrgId: number,
  communityPath: string,
  origin: 'need' | 'resource',
  unitId: number | null,
  body: ListingBody,
) {
  return insertAudited(
    ctx,
    'dualReportingProjects',
    {
      communityOrgId,
      origin,
      offeredByUnitId: unitId,
      title: body.title,
      description: body.description,
      claimedByUnitId: null,
      claimedAt: null,
      completedAt: null,
      outcome: null,
      createdBy: ctx.actor.user.id,
      createdAt: ctx.now,
    },
    {
      action: `dual_reporting.publish_${origin}`,
      objectType: 'dual_reporting_project',
      orgPath: communityPath,
      detail: { title: body.title },
    },
  );
}

/**
 * 双向认领: a unit claims a community need; the community claims a unit's resource. Either way the
 * item becomes a project on the 项目清单.
 */
export async function claimProject(ctx: ActionContext, id: number, unitId: number | undefined) {
  const p = await getVisibleProject(ctx.trx, ctx.actor, id, true);
  if (p.status !== 'open') throw new ConflictError('该事项已被认领或已结束');
  let claimedBy: number;
  if (p.origin === 'need') {
    const mine = await myUnitsIn(ctx.trx, ctx.actor, p.communityOrgId);
    const pick = unitId === undefined ? mine[0] : mine.find((u) => u.id === unitId);
    if (!pick) {
      if (mine.length === 0) throw new ForbiddenError('只有到本社区报到的单位可以认领需求');
      throw new ValidationError({ unitId: '请选择您所在的报到单位' });
    }
    claimedBy = pick.id;
  } else {
    requireManage(ctx.actor, p.communityPath);
    claimedBy = p.offeredByUnitId!;
  }
  await updateAudited(
    ctx,
    'dualReportingProjects',
    p.id,
    { status: 'claimed', claimedByUnitId: claimedBy, claimedAt: ctx.now },
    {
      action: 'dual_reporting.claim',
      objectType: 'dual_reporting_project',
      orgPath: p.communityPath,
      detail: { origin: p.origin, unitId: claimedBy },
    },
  );
}

/** 办结: the record is loaded, locked and checked by the action table (dual-reporting.actions.ts). */
export async function completeProject(ctx: ActionContext, p: ProjectRow, outcome: string) {
  await updateAudited(
    ctx,
    'dualReportingProjects',
    p.id,
    { status: 'completed', completedAt: ctx.now, outcome },
    {
      action: 'dual_reporting.complete',
      objectType: 'dual_reporting_project',
      orgPath: p.communityPath,
    },
  );
}

export function presentProject(p: ProjectRow | Awaited<ReturnType<typeof findProjects>>[number]) {
  return {
    id: p.id,
    communityOrgId: p.communityOrgId,
    communityName: p.communityName,
    origin: p.origin,
    offeredByUnit: p.offeredByUnit,
    claimedByUnit: p.claimedByUnit,
    title: p.title,
    description: p.description,
    status: p.status,
    outcome: p.outcome,
    createdAt: p.createdAt.toISOString(),
  };
}

// ---------------------------------------------------------------- service records and dual points

function selectServices(db: Executor) {
  return db
    .selectFrom('dualReportingServices as s')
    .innerJoin('dualReportingMembers as r', 'r.id', 's.registrationId')
    .innerJoin('members as m', 'm.id', 'r.memberId')
    .innerJoin('orgs as mo', 'mo.id', 'm.orgId')
    .innerJoin('dualReportingUnits as u', 'u.id', 'r.unitId')
    .innerJoin('orgs as c', 'c.id', 'u.communityOrgId')
    .leftJoin('orgs as uo', 'uo.id', 'u.unitOrgId')
    .leftJoin('dualReportingRules as rule', 'rule.id', 's.ruleId')
    .selectAll('s')
    .select([
      'm.name as memberName',
      'm.id as memberId',
      'm.orgId as memberOrgId',
      'mo.name as branchName',
      'mo.path as memberOrgPath',
      'u.unitName',
      'c.name as communityName',
      'c.path as communityPath',
      'uo.path as unitOrgPath',
      'rule.version as ruleVersion',
    ]);
}
export type ServiceRow = NonNullable<Awaited<ReturnType<typeof getService>>>;

async function getService(db: Executor, id: number, forUpdate = false) {
  let q = selectServices(db).where('s.id', '=', id);
  if (forUpdate) q = q.forUpdate('s');
  return q.executeTakeFirst();
}

/** Both sides see a service record: the community, the unit, and the member's own branch. */
function seesService(actor: Actor, s: ServiceRow): boolean {
  return (
    actor.can('dual_reporting.read', s.communityPath) ||
    actor.can('dual_reporting.read', s.memberOrgPath) ||
    actsForUnit(actor, s)
  );
}

export async function findServices(db: Executor, actor: Actor, orgPath?: string) {
  const read = actor.paths('dual_reporting.read');
  const unit = actor.paths('dual_reporting.unit');
  let q = selectServices(db).where((eb) =>
    eb.or([
      pathWithin(eb, 'c.path', read),
      pathWithin(eb, 'mo.path', read),
      eb.and([eb('uo.path', 'is not', null), pathWithin(eb, 'uo.path', unit)]),
    ]),
  );
  if (orgPath)
    q = q.where((eb) => eb.or([eb('c.path', 'like', `${orgPath}%`), eb('mo.path', 'like', `${orgPath}%`)]));
  return q.orderBy('s.servedOn', 'desc').orderBy('s.id', 'desc').limit(500).execute();
}

export async function getVisibleService(db: Executor, actor: Actor, id: number, forUpdate = false) {
  const s = await getService(db, id, forUpdate);
  if (!s || !seesService(actor, s)) throw new NotFoundError('服务记录不存在或无权访问');
  return s;
}

export async function recordService(ctx: ActionContext, registrationId: number, body: ServiceBody) {
  const reg = await ctx.trx
    .selectFrom('dualReportingMembers')
    .select(['id', 'unitId'])
    .where('id', '=', registrationId)
    .executeTakeFirst();
  if (!reg) throw new NotFoundError('报到记录不存在或无权访问');
  const unit = await getVisibleUnit(ctx.trx, ctx.actor, reg.unitId);
  if (!actsForUnit(ctx.actor, unit)) requireManage(ctx.actor, unit.communityPath);
  if (body.servedOn > today(ctx.now)) throw new ValidationError({ servedOn: '服务日期不能晚于今天' });
  if (body.projectId !== undefined) {
    const p = await ctx.trx
      .selectFrom('dualReportingProjects')
      .select(['id', 'communityOrgId', 'status'])
      .where('id', '=', body.projectId)
      .executeTakeFirst();
    if (!p || p.communityOrgId !== unit.communityOrgId)
      throw new ValidationError({ projectId: '项目不属于该社区' });
  }
  const rule = await effectiveRule(ctx.trx, unit.communityPath, body.servedOn);
  if (body.hours > rule.maxHoursPerRecord) {
    throw new ValidationError({
      hours: `单次服务时长不能超过 ${rule.maxHoursPerRecord} 小时（规则 ${rule.version}）`,
    });
  }
  const { id } = await ctx.trx
    .insertInto('dualReportingServices')
    .values({
      registrationId: reg.id,
      projectId: body.projectId ?? null,
      servedOn: body.servedOn,
      hours: body.hours,
      description: body.description,
      recordedBy: ctx.actor.user.id,
      decidedBy: null,
      decidedAt: null,
      rejectReason: null,
      ruleId: null,
      points: null,
      pointsEntryId: null,
      pointsNote: null,
      createdAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'dual_reporting.record_service',
    objectType: 'dual_reporting_service',
    objectId: id,
    orgPath: unit.communityPath,
    detail: { hours: body.hours, servedOn: body.servedOn },
  });
  return id;
}

export async function effectiveRule(db: Executor, orgPath: string, onDate: string) {
  const rule = await nearestRule(db, 'dualReportingRules', orgPath, onDate);
  if (!rule) throw new ConflictError(`${onDate} 没有生效的双报到积分规则`);
  return rule;
}

/**
 * The community confirms the hours: points go to the member through the points ledger, booked at
 * the member's own branch (their work unit), so both sides see them.
 */
/** The record is loaded, locked and checked by the action table (dual-reporting.actions.ts). */
export async function confirmService(ctx: ActionContext, s: ServiceRow) {
  const rule = await effectiveRule(ctx.trx, s.communityPath, s.servedOn);
  const points = Math.round(Number(s.hours) * Number(rule.pointsPerHour) * 100) / 100;
  const award =
    points > 0
      ? await awardPoints(ctx.trx, {
          memberId: s.memberId,
          orgId: s.memberOrgId,
          ruleCode: 'dual_reporting.service',
          sourceType: 'dual_reporting_service',
          sourceId: s.id,
          points,
          on: s.servedOn,
          at: ctx.now,
          authorId: ctx.actor.user.id,
          reason: `${s.communityName} 确认服务 ${s.hours} 小时（规则 ${rule.version}）`,
        })
      : { entryId: null, points: 0, note: '规则分值为 0' };
  await updateAudited(
    ctx,
    'dualReportingServices',
    s.id,
    {
      status: 'confirmed',
      decidedBy: ctx.actor.user.id,
      decidedAt: ctx.now,
      ruleId: rule.id,
      points: award.points,
      pointsEntryId: award.entryId,
      pointsNote: award.note,
    },
    {
      action: 'dual_reporting.confirm_service',
      objectType: 'dual_reporting_service',
      orgPath: s.communityPath,
      detail: { hours: s.hours, points: award.points, memberOrgPath: s.memberOrgPath },
    },
  );
}

export async function rejectService(ctx: ActionContext, s: ServiceRow, reason: string) {
  await updateAudited(
    ctx,
    'dualReportingServices',
    s.id,
    { status: 'rejected', decidedBy: ctx.actor.user.id, decidedAt: ctx.now, rejectReason: reason },
    {
      action: 'dual_reporting.reject_service',
      objectType: 'dual_reporting_service',
      orgPath: s.communityPath,
      detail: { reason },
    },
  );
}

export function presentService(s: ServiceRow | Awaited<ReturnType<typeof findServices>>[number]) {
  return {
    id: s.id,
    registrationId: s.registrationId,
    memberName: s.memberName,
    branchName: s.branchName,
    unitName: s.unitName,
    communityName: s.communityName,
    projectId: s.projectId,
    servedOn: s.servedOn,
    hours: Number(s.hours),
    description: s.description,
    status: s.status,
    rejectReason: s.rejectReason,
    points: s.points === null ? null : Number(s.points),
    pointsNote: s.pointsNote,
    ruleVersion: s.ruleVersion,
  };
}

// ---------------------------------------------------------------- counts

/** Counts by source level (provincial / municipal / district …) for the community side's scope. */
export async function dualReportingStats(
  db: Executor,
  actor: Actor,
  range: { from?: string; to?: string },
  orgPath?: string,
) {
  const read = actor.paths('dual_reporting.read');
  let units = db
    .selectFrom('dualReportingUnits as u')
    .innerJoin('orgs as c', 'c.id', 'u.communityOrgId')
    .where((eb) => pathWithin(eb, 'c.path', read))
    .where('u.endedOn', 'is', null);
  if (orgPath) units = units.where('c.path', 'like', `${orgPath}%`);
  if (range.to) units = units.where('u.registeredOn', '<=', range.to);
  const bySource = await units
    .select([
      'u.sourceLevel',
      (eb) => eb.fn.countAll<number>().as('units'),
      (eb) => eb.fn.sum<number>('u.declaredMembers').as('declaredMembers'),
      sql<number>`sum((select count(*) from dual_reporting_members m where m.unit_id = u.id))`.as(
        'registeredMembers',
      ),
    ])
    .groupBy('u.sourceLevel')
    .execute();
  let projects = db
    .selectFrom('dualReportingProjects as p')
    .innerJoin('orgs as c', 'c.id', 'p.communityOrgId')
    .where((eb) => pathWithin(eb, 'c.path', read));
  if (orgPath) projects = projects.where('c.path', 'like', `${orgPath}%`);
  if (range.from) projects = projects.where('p.createdAt', '>=', startOfChinaDay(range.from));
  if (range.to) projects = projects.where('p.createdAt', '<', startOfChinaDay(addDays(range.to, 1)));
  const p = await projects
    .select([
      sql<number>`count(*) filter (where p.origin = 'need' and p.status = 'open')`.as('needs'),
      sql<number>`count(*) filter (where p.origin = 'resource' and p.status = 'open')`.as('resources'),
      sql<number>`count(*) filter (where p.status in ('claimed', 'completed'))`.as('claimed'),
      sql<number>`count(*) filter (where p.status = 'completed')`.as('completed'),
    ])
    .executeTakeFirstOrThrow();
  let services = db
    .selectFrom('dualReportingServices as s')
    .innerJoin('dualReportingMembers as r', 'r.id', 's.registrationId')
    .innerJoin('dualReportingUnits as u', 'u.id', 'r.unitId')
    .innerJoin('orgs as c', 'c.id', 'u.communityOrgId')
    .where((eb) => pathWithin(eb, 'c.path', read));
  if (orgPath) services = services.where('c.path', 'like', `${orgPath}%`);
  if (range.from) services = services.where('s.servedOn', '>=', range.from);
  if (range.to) services = services.where('s.servedOn', '<=', range.to);
  const s = await services
    .select([
      (eb) => eb.fn.countAll<number>().as('records'),
      sql<number>`coalesce(sum(s.hours) filter (where s.status = 'confirmed'), 0)`.as('hours'),
      sql<number>`coalesce(sum(s.points) filter (where s.status = 'confirmed'), 0)`.as('points'),
    ])
    .executeTakeFirstOrThrow();
  const order = ['provincial', 'municipal', 'district', 'street', 'other'] as const;
  return {
    bySourceLevel: order.map((level) => {
      const row = bySource.find((r) => r.sourceLevel === level);
      return {
        sourceLevel: level,
        units: Number(row?.units ?? 0),
        declaredMembers: Number(row?.declaredMembers ?? 0),
        registeredMembers: Number(row?.registeredMembers ?? 0),
      };
    }),
    needs: Number(p.needs),
    resources: Number(p.resources),
    projectsClaimed: Number(p.claimed),
    projectsCompleted: Number(p.completed),
    serviceRecords: Number(s.records),
    confirmedHours: Number(s.hours),
    points: Number(s.points),
  };
}
