import type { DemoSeedContext } from '../../platform/module.ts';
import type { CbUnitType } from './co-building.tables.ts';

const UNITS: readonly [string, CbUnitType][] = [
  ['区人民医院', 'hospital'],
  ['第一中学', 'school'],
  ['国网供电公司营业部', 'state_enterprise'],
  ['区税务局', 'agency'],
  ['恒信物业服务有限公司', 'non_public_enterprise'],
  ['阳光社会工作服务中心', 'social_org'],
];
const ISSUES = ['老旧小区路灯维修', '学校门口上下学拥堵', '背街小巷环境整治', '社区卫生站夜间值守'];

/** Co-building in every street and its first three communities: units, quarterly joint meetings, services, agreements. */
export async function seedCoBuildingDemo({ db, now }: DemoSeedContext): Promise<void> {
  const hosts = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'level'])
    .where((eb) =>
      eb.or([
        eb.and([eb('level', '=', 'street'), eb('kind', '!=', 'street_alliance_committee')]),
        eb('code', 'like', 'SFQ-__-0_').and('level', '=', 'community'),
      ]),
    )
    .where('code', 'like', 'SFQ-%')
    .orderBy('code')
    .execute();
  const year = now.getUTCFullYear();
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'street')
    .executeTakeFirst();
  for (const [hi, h] of hosts.entries()) {
    if (h.level === 'community' && Number(h.code.slice(-2)) > 3) continue;
    const units = await db
      .insertInto('coBuildingUnits')
      .values(
        UNITS.slice(0, h.level === 'street' ? 6 : 3).map(([name, unitType], ui) => ({
          orgId: h.id,
          name: h.level === 'street' ? name : `${name}（${h.code.slice(-2)}）`,
          unitType,
          unitOrgId: null,
          contactName: null,
          joinedOn: `${year - 2}-0${(ui % 9) + 1}-15`,
          leftOn: null,
          createdAt: now,
        })),
      )
      .returning('id')
      .execute();
    for (let q = 0; q < 4; q++) {
      const month = String(q * 3 + 1).padStart(2, '0');
      const heldOn = `${year}-${month}-${String(10 + (hi % 15)).padStart(2, '0')}`;
      if (heldOn > now.toISOString().slice(0, 10)) continue;
      const { id } = await db
        .insertInto('coBuildingMeetings')
        .values({
          orgId: h.id,
          title: `第${'一二三四'[q]}季度共驻共建联席会议`,
          heldOn,
          minutes: '通报上季度共建项目进展，会商辖区实际问题，明确责任单位和完成时限。',
          createdBy: author?.id ?? null,
          createdAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('coBuildingMeetingUnits')
        .values(units.map((u) => ({ meetingId: id, unitId: u.id })))
        .execute();
      await db
        .insertInto('coBuildingIssues')
        .values(
          ISSUES.slice(0, 2 + ((hi + q) % 3)).map((title, ii) => {
            const solved = (ii + q) % 4 !== 3;
            return {
              meetingId: id,
              title,
              status: solved ? ('solved' as const) : ('open' as const),
              solvedOn: solved ? heldOn.replace(/-(\d\d)$/, '-28') : null,
              outcome: solved ? '经联席会议协调，责任单位已落实。' : null,
            };
          }),
        )
        .execute();
      await db
        .insertInto('coBuildingActivities')
        .values([
          {
            orgId: h.id,
            kind: 'joint_service',
            title: '党员志愿服务集中日（义诊、法律咨询、家电维修）',
            heldOn,
            participants: 30 + ((hi * 7 + q) % 40),
            createdBy: author?.id ?? null,
            createdAt: now,
          },
          {
            orgId: h.id,
            kind: 'activity',
            title: '共建单位联合主题党日',
            heldOn,
            participants: 20 + ((hi * 5 + q) % 30),
            createdBy: author?.id ?? null,
            createdAt: now,
          },
        ])
        .execute();
    }
    await db
      .insertInto('coBuildingAgreements')
      .values(
        units.slice(0, 2).map((u, ai) => ({
          orgId: h.id,
          unitId: u.id,
          title: ai === 0 ? '场地资源共享协议' : '志愿服务共建协议',
          resources: ai === 0 ? '会议室、篮球场在周末向居民开放' : '每季度提供一次集中志愿服务',
          signedOn: `${year}-02-2${ai}`,
          expiresOn: `${year + 2}-02-19`,
          createdBy: author?.id ?? null,
          createdAt: now,
        })),
      )
      .execute();
  }
}
