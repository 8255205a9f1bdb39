import type { DemoSeedContext } from '../../platform/module.ts';
import type { CbUnitType } from './co-building.contract.ts';

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
  const today = now.toISOString().slice(0, 10);
  const active = hosts
    .map((h, hi) => ({ ...h, hi }))
    .filter((h) => h.level !== 'community' || Number(h.code.slice(-2)) <= 3);
  if (active.length === 0) return;
  // Set-based: one multi-row insert per table (a handful of round trips for the whole district).
  const unitRows = await db
    .insertInto('coBuildingUnits')
    .values(
      active.flatMap((h) =>
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
      ),
    )
    .returning(['id', 'orgId'])
    .execute();
  const unitsOf = new Map<number, number[]>();
  for (const u of unitRows) unitsOf.set(u.orgId, [...(unitsOf.get(u.orgId) ?? []), u.id]);
  for (const list of unitsOf.values()) list.sort((a, b) => a - b);

  const meetingPlan = active.flatMap((h) =>
    [0, 1, 2, 3]
      .map((q) => ({
        h,
        q,
        heldOn: `${year}-${String(q * 3 + 1).padStart(2, '0')}-${String(10 + (h.hi % 15)).padStart(2, '0')}`,
      }))
      .filter((m) => m.heldOn <= today),
  );
  const meetingRows = meetingPlan.length
    ? await db
        .insertInto('coBuildingMeetings')
        .values(
          meetingPlan.map(({ h, q, heldOn }) => ({
            orgId: h.id,
            title: `第${'一二三四'[q]}季度共驻共建联席会议`,
            heldOn,
            minutes: '通报上季度共建项目进展，会商辖区实际问题，明确责任单位和完成时限。',
            createdBy: author?.id ?? null,
            createdAt: now,
          })),
        )
        .returning(['id', 'orgId', 'heldOn'])
        .execute()
    : [];
  const meetingId = new Map(meetingRows.map((m) => [`${m.orgId}|${m.heldOn}`, m.id]));
  const idOf = (orgId: number, heldOn: string) => meetingId.get(`${orgId}|${heldOn}`) as number;
  if (meetingPlan.length) {
    await db
      .insertInto('coBuildingMeetingUnits')
      .values(
        meetingPlan.flatMap(({ h, heldOn }) =>
          (unitsOf.get(h.id) ?? []).map((unitId) => ({ meetingId: idOf(h.id, heldOn), unitId })),
        ),
      )
      .execute();
    await db
      .insertInto('coBuildingIssues')
      .values(
        meetingPlan.flatMap(({ h, q, heldOn }) =>
          ISSUES.slice(0, 2 + ((h.hi + q) % 3)).map((title, ii) => {
            const solved = (ii + q) % 4 !== 3;
            return {
              meetingId: idOf(h.id, heldOn),
              title,
              status: solved ? ('solved' as const) : ('open' as const),
              solvedOn: solved ? heldOn.replace(/-(\d\d)$/, '-28') : null,
              outcome: solved ? '经联席会议协调，责任单位已落实。' : null,
            };
          }),
        ),
      )
      .execute();
    await db
      .insertInto('coBuildingActivities')
      .values(
        meetingPlan.flatMap(({ h, q, heldOn }) => [
          {
            orgId: h.id,
            kind: 'joint_service' as const,
            title: '党员志愿服务集中日（义诊、法律咨询、家电维修）',
            heldOn,
            participants: 30 + ((h.hi * 7 + q) % 40),
            createdBy: author?.id ?? null,
            createdAt: now,
          },
          {
            orgId: h.id,
            kind: 'activity' as const,
            title: '共建单位联合主题党日',
            heldOn,
            participants: 20 + ((h.hi * 5 + q) % 30),
            createdBy: author?.id ?? null,
            createdAt: now,
          },
        ]),
      )
      .execute();
  }
  await db
    .insertInto('coBuildingAgreements')
    .values(
      active.flatMap((h) =>
        (unitsOf.get(h.id) ?? []).slice(0, 2).map((unitId, ai) => ({
          orgId: h.id,
          unitId,
          title: ai === 0 ? '场地资源共享协议' : '志愿服务共建协议',
          resources: ai === 0 ? '会议室、篮球场在周末向居民开放' : '每季度提供一次集中志愿服务',
          signedOn: `${year}-02-2${ai}`,
          expiresOn: `${year + 2}-02-19`,
          createdBy: author?.id ?? null,
          createdAt: now,
        })),
      ),
    )
    .execute();
}
