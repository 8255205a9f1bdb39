import type { DemoSeedContext } from '../../platform/module.ts';
import type { SourceLevel } from './dual-reporting.tables.ts';

const OUTSIDE_UNITS: readonly [string, SourceLevel, number][] = [
  ['省住房和城乡建设厅机关党委', 'provincial', 168],
  ['省卫生健康委员会机关党委', 'provincial', 142],
  ['市教育局机关党委', 'municipal', 96],
  ['市市场监督管理局机关党委', 'municipal', 88],
  ['区司法局党支部', 'district', 31],
];
const NEEDS = [
  ['独居老人上门探访', '每周为 20 户独居老人上门探访，协助购药、理发。'],
  ['青少年暑期托管', '暑期每天下午需要 2 名志愿者辅导作业。'],
  ['楼道堆物清理', '配合网格员动员居民清理楼道堆物，消除消防隐患。'],
] as const;
const RESOURCES = [
  ['法律咨询进社区', '每月第二个周六上午提供法律咨询。'],
  ['义诊与健康讲座', '每季度组织一次义诊和慢病管理讲座。'],
] as const;

/** 双报到 in the first three communities of 中山街道: outside units, the street's unit branches, lists and service. */
export async function seedDualReportingDemo({ db, now }: DemoSeedContext): Promise<void> {
  const communities = await db
    .selectFrom('orgs')
    .select(['id', 'code'])
    .where('code', 'in', ['SFQ-01-01', 'SFQ-01-02', 'SFQ-01-03'])
    .orderBy('code')
    .execute();
  const unitOrgs = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'name'])
    .where('code', 'in', ['SFQ-01-U01', 'SFQ-01-U02', 'SFQ-01-U04'])
    .orderBy('code')
    .execute();
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'community')
    .executeTakeFirst();
  const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const iso = (n: number) => day(n).toISOString().slice(0, 10);
  const rule = await db
    .selectFrom('dualReportingRules')
    .select(['id', 'pointsPerHour'])
    .where('orgId', 'is', null)
    .executeTakeFirst();
  for (const [ci, c] of communities.entries()) {
    const unitIds: number[] = [];
    for (const [ui, [name, level, declared]] of OUTSIDE_UNITS.entries()) {
      if ((ui + ci) % 2 === 1 && ui > 1) continue;
      const { id } = await db
        .insertInto('dualReportingUnits')
        .values({
          communityOrgId: c.id,
          unitName: name,
          unitOrgId: null,
          sourceLevel: level,
          declaredMembers: declared,
          contactName: null,
          registeredOn: iso(300 - ui * 20),
          endedOn: null,
          createdBy: author?.id ?? null,
          createdAt: day(300 - ui * 20),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.push(id);
    }
    const local = unitOrgs[ci];
    let localUnitId: number | null = null;
    if (local) {
      const { id } = await db
        .insertInto('dualReportingUnits')
        .values({
          communityOrgId: c.id,
          unitName: local.name.replace(/党支部$/, ''),
          unitOrgId: local.id,
          sourceLevel: 'street',
          declaredMembers: 12,
          contactName: null,
          registeredOn: iso(200),
          endedOn: null,
          createdBy: author?.id ?? null,
          createdAt: day(200),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      localUnitId = id;
      unitIds.push(id);
    }
    for (const [ni, [title, description]] of NEEDS.entries()) {
      const claimed = ni < 2 ? unitIds[ni] : null;
      await db
        .insertInto('dualReportingProjects')
        .values({
          communityOrgId: c.id,
          origin: 'need',
          offeredByUnitId: null,
          title,
          description,
          status: ni === 0 ? 'completed' : claimed ? 'claimed' : 'open',
          claimedByUnitId: claimed,
          claimedAt: claimed ? day(60 - ni) : null,
          completedAt: ni === 0 ? day(10) : null,
          outcome: ni === 0 ? '已完成 20 户探访，建立结对台账。' : null,
          createdBy: author?.id ?? null,
          createdAt: day(90 - ni),
        })
        .execute();
    }
    for (const [ri, [title, description]] of RESOURCES.entries()) {
      await db
        .insertInto('dualReportingProjects')
        .values({
          communityOrgId: c.id,
          origin: 'resource',
          offeredByUnitId: unitIds[ri + 1] ?? unitIds[0],
          title,
          description,
          status: ri === 0 ? 'claimed' : 'open',
          claimedByUnitId: ri === 0 ? (unitIds[ri + 1] ?? unitIds[0]) : null,
          claimedAt: ri === 0 ? day(40) : null,
          completedAt: null,
          outcome: null,
          createdBy: author?.id ?? null,
          createdAt: day(80 - ri),
        })
        .execute();
    }
    // In-service members of the local unit branch, with pending and confirmed service.
    if (localUnitId && local && rule) {
      const members = await db
        .selectFrom('members')
        .select(['id'])
        .where('orgId', '=', local.id)
        .where('status', 'in', ['full', 'probationary'])
        .orderBy('id')
        .limit(3)
        .execute();
      for (const [mi, m] of members.entries()) {
        const { id: regId } = await db
          .insertInto('dualReportingMembers')
          .values({
            unitId: localUnitId,
            memberId: m.id,
            basis: mi === 2 ? 'residence' : 'work',
            registeredOn: iso(180),
            createdBy: author?.id ?? null,
            createdAt: day(180),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('dualReportingServices')
          .values({
            registrationId: regId,
            projectId: null,
            servedOn: iso(5 + mi),
            hours: 2 + mi,
            description: '参加社区楼道清理志愿服务',
            status: 'pending',
            recordedBy: author?.id ?? null,
            decidedBy: null,
            decidedAt: null,
            rejectReason: null,
            ruleId: null,
            points: null,
            pointsEntryId: null,
            pointsNote: null,
            createdAt: day(4),
          })
          .execute();
      }
    }
  }
}
