import type { DemoSeedContext } from '../../platform/module.ts';

const TEAMS = [
  ['党员妈妈服务队', '关爱留守儿童、辅导作业'],
  ['夕阳红巡逻队', '楼院巡逻、邻里守望'],
  ['红色物业志愿队', '楼道清理、小修小补'],
] as const;
const NAMES = [
  '王秀兰',
  '李桂英',
  '张建华',
  '刘玉梅',
  '陈德明',
  '杨淑珍',
  '赵国强',
  '黄丽华',
  '周志刚',
  '吴凤英',
];

/** Volunteer teams and activities in the first community of 中山街道, with the demo resident signed up. */
export async function seedVolunteersDemo({ db, now }: DemoSeedContext): Promise<void> {
  const c = await db.selectFrom('orgs').select(['id']).where('code', '=', 'SFQ-01-01').executeTakeFirst();
  if (!c) return;
  const resident = await db
    .selectFrom('users')
    .select(['id', 'displayName'])
    .where('username', '=', 'resident')
    .executeTakeFirst();
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'community')
    .executeTakeFirst();
  const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
  const volunteers = await db
    .insertInto('volunteers')
    .values([
      ...NAMES.map((name, i) => ({
        orgId: c.id,
        userId: null,
        memberId: null,
        name,
        skills: ['辅导作业', '巡逻', '理发', '维修', '心理疏导'][i % 5],
        registeredOn: day(-200 + i)
          .toISOString()
          .slice(0, 10),
        createdAt: day(-200 + i),
      })),
      ...(resident
        ? [
            {
              orgId: c.id,
              userId: resident.id,
              memberId: null,
              name: resident.displayName,
              skills: '摄影',
              registeredOn: day(-30).toISOString().slice(0, 10),
              createdAt: day(-30),
            },
          ]
        : []),
    ])
    .returning('id')
    .execute();
  for (const [ti, [name, description]] of TEAMS.entries()) {
    const { id: teamId } = await db
      .insertInto('volunteerTeams')
      .values({ orgId: c.id, name, description, createdAt: day(-180) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('volunteerTeamMembers')
      .values(volunteers.filter((_, i) => i % 3 === ti).map((v) => ({ teamId, volunteerId: v.id })))
      .execute();
    for (const [ai, offset] of [-14, 5].entries()) {
      const start = day(offset + ti);
      start.setUTCHours(1, 0, 0, 0);
      const { id: activityId } = await db
        .insertInto('volunteerActivities')
        .values({
          orgId: c.id,
          teamId,
          title: ai === 0 ? `${name}：周末集中服务` : `${name}：本周志愿服务`,
          description,
          startsAt: start,
          endsAt: new Date(start.getTime() + 3 * 3_600_000),
          capacity: 15,
          createdBy: author?.id ?? null,
          createdAt: day(offset - 7),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const past = ai === 0;
      await db
        .insertInto('volunteerSignups')
        .values(
          volunteers
            .filter((_, i) => i % 3 === ti)
            .map((v) => ({
              activityId,
              volunteerId: v.id,
              signedUpAt: day(offset - 3),
              checkedInAt: past ? start : null,
              hours: past ? 3 : null,
              confirmedBy: past ? (author?.id ?? null) : null,
              confirmedAt: past ? new Date(start.getTime() + 4 * 3_600_000) : null,
              ruleId: null,
              points: null,
              pointsEntryId: null,
              pointsNote: past ? '非党员志愿者，只记录时长' : null,
            })),
        )
        .execute();
    }
  }
}
