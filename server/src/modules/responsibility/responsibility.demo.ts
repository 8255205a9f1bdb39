import { sql } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.ts';
import { localDate } from '../work-calendar/index.ts';
import { prefillReports } from './responsibility.reports.ts';
import { cascadeLists } from './responsibility.service.ts';

/** The district's lists (天桥: 区委、区委书记抓基层党建问题、责任、任务 6 张清单) with their items. */
const LISTS: { kind: string; holder: 'committee' | 'secretary'; title: string; items: string[] }[] = [
  {
    kind: 'problem',
    holder: 'committee',
    title: '区委抓基层党建问题清单',
    items: ['部分社区党组织活动阵地利用率不高', '软弱涣散党组织整顿进度不均衡', '两新组织党建覆盖存在空白点'],
  },
  {
    kind: 'responsibility',
    holder: 'committee',
    title: '区委抓基层党建责任清单',
    items: ['落实党建工作责任制述职评议', '推进“三会一课”规范化', '健全街道大工委、社区大党委运行机制'],
  },
  {
    kind: 'task',
    holder: 'committee',
    title: '区委抓基层党建任务清单',
    items: ['完成党员信息采集核对', '开展在职党员进社区双报到', '建设区域化党建示范点'],
  },
  {
    kind: 'problem',
    holder: 'secretary',
    title: '区委书记抓基层党建问题清单',
    items: ['基层党建经费保障不到位', '社区工作者队伍专业化程度不高'],
  },
  {
    kind: 'responsibility',
    holder: 'secretary',
    title: '区委书记抓基层党建责任清单',
    items: ['带头联系一个软弱涣散社区', '每季度听取一次街道党建工作汇报'],
  },
  {
    kind: 'task',
    holder: 'secretary',
    title: '区委书记抓基层党建任务清单',
    items: ['督导“爱天桥、作贡献”活动开展', '推动党建引领物业服务管理'],
  },
  {
    kind: 'key_task',
    holder: 'committee',
    title: '党建工作重点任务',
    items: [
      '党员积分管理全覆盖',
      '组织生活标准化建设',
      '社区党群服务中心提档升级',
      '网格党支部全覆盖',
      '在职党员双报到',
      '两新组织党建提质',
      '社区书记能力提升培训',
      '党建引领基层治理试点',
      '智慧党建平台推广',
      '老旧小区党建引领改造',
      '发展党员质量提升',
      '流动党员管理服务',
      '党费收缴规范化',
      '基层党建述职评议考核',
      '后进党组织转化提升',
    ],
  },
];
/** 31 breakthrough projects (突破项目), each owned by one street. */
const BREAKTHROUGH = [
  '楼院党小组建设',
  '红色物业',
  '邻里党建服务站',
  '党员志愿服务品牌',
  '商圈党建',
  '楼宇党建',
  '社区议事协商',
];

/**
 * A year of responsibility lists in the demo district: the district's lists cascaded to every
 * street and community (set-based: one statement per level), most signed on time, some late,
 * some changed after signing; items done on time, done late, or still open past their deadline.
 */
export async function seedResponsibilityDemo({ db, now }: DemoSeedContext): Promise<void> {
  const district = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('code', '=', 'SFQ')
    .executeTakeFirst();
  if (!district) return;
  const today = localDate(now);
  const year = Number(today.slice(0, 4));
  const streets = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('parentId', '=', district.id)
    .where('level', '=', 'street')
    .orderBy('code')
    .execute();
  const communities = await db
    .selectFrom('orgs as c')
    .innerJoin('orgs as s', 's.id', 'c.parentId')
    .select('c.id')
    .where('c.level', '=', 'community')
    .where('s.parentId', '=', district.id)
    .execute();
  const at = new Date(`${year}-01-10T09:00:00+08:00`);
  await db.transaction().execute(async (trx) => {
    const lists = await trx
      .insertInto('responsibilityLists')
      .values(
        [
          ...LISTS,
          { kind: 'breakthrough', holder: 'secretary' as const, title: '书记突破项目', items: [] },
        ].map((l) => ({
          orgId: district.id,
          orgPath: district.path,
          year,
          kind: l.kind,
          holder: l.holder,
          title: l.title,
          parentListId: null,
          signDueOn: `${year}-02-28`,
          signedVersion: null,
          signedBy: null,
          signedByName: null,
          signedAt: null,
          signedOn: null,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .returning(['id', 'kind', 'holder'])
      .execute();
    const listId = (kind: string, holder: string) =>
      lists.find((l) => l.kind === kind && l.holder === holder)?.id as number;
    const items = LISTS.flatMap((l, li) =>
      l.items.map((title, ii) => ({
        listId: listId(l.kind, l.holder),
        title,
        li,
        ii,
        owner: null as number | null,
      })),
    );
    for (let i = 0; i < 31 && streets.length > 0; i++) {
      const street = streets[i % streets.length];
      items.push({
        listId: listId('breakthrough', 'secretary'),
        title: `${BREAKTHROUGH[i % BREAKTHROUGH.length]}突破项目（${Math.floor(i / streets.length) + 1}）`,
        li: 7,
        ii: i,
        owner: street.id,
      });
    }
    const pathOf = new Map(streets.map((s) => [s.id, s.path]));
    await trx
      .insertInto('responsibilityItems')
      .values(
        items.map((it) => {
          // deadlines spread over the year, end of a month
          const month = ((it.li * 5 + it.ii * 3) % 12) + 1;
          const deadline = localDate(new Date(Date.UTC(year, month, 0, 12)));
          return {
            listId: it.listId,
            orgId: district.id,
            orgPath: district.path,
            sourceItemId: null,
            ownerOrgId: it.owner ?? district.id,
            ownerPath: it.owner ? (pathOf.get(it.owner) as string) : district.path,
            ownerPerson: it.owner ? '街道党工委书记' : '区委组织部',
            title: it.title,
            measure: it.owner ? '形成可复制经验，年底现场观摩' : '按季度报告进展，年底前全面完成',
            deadline,
            weight: it.owner ? 5 : 10,
            passDown: it.owner === null,
            doneOn: null,
            createdAt: at,
            updatedAt: at,
          };
        }),
      )
      .execute();
    await cascadeLists(
      trx,
      streets.map((s) => s.id),
      year,
      `${year}-03-15`,
      new Date(`${year}-03-01T09:00:00+08:00`),
    );
    await cascadeLists(
      trx,
      communities.map((c) => c.id),
      year,
      `${year}-03-31`,
      new Date(`${year}-03-16T09:00:00+08:00`),
    );
    // Signatures: most lists on or before their due day, one in nine late, one in twenty-five unsigned.
    await sql`
      update responsibility_lists l
         set signed_version = l.version,
             signed_by_name = coalesce(o.short_name, o.name) || '书记',
             signed_on = l.sign_due_on + ((l.id * 7) % 9 - 6 + case when l.id % 9 = 0 then 12 else 0 end),
             signed_at = (l.sign_due_on + ((l.id * 7) % 9 - 6 + case when l.id % 9 = 0 then 12 else 0 end))::timestamp
                         + interval '2 hours'
        from orgs o
       where o.id = l.org_id and l.year = ${year} and l.org_path like ${`${district.path}%`} and l.id % 25 <> 0
         and l.sign_due_on + 8 < ${today}::date
    `.execute(trx);
    await sql`
      insert into responsibility_signatures (list_id, version, user_id, name, signed_at)
      select id, version, null, signed_by_name, signed_at
        from responsibility_lists
       where year = ${year} and org_path like ${`${district.path}%`} and signed_at is not null
    `.execute(trx);
    // Items past their deadline: 70 % done on time, 15 % done late, 15 % still open (late);
    // later items show partial progress.
    await sql`
      update responsibility_items i
         set status = case when i.deadline < ${today}::date and i.id % 20 < 17 then 'done' else 'open' end,
             done_on = case when i.deadline < ${today}::date and i.id % 20 < 14 then i.deadline - (i.id % 10)
                            when i.deadline < ${today}::date and i.id % 20 < 17 then i.deadline + (i.id % 6 + 1)
                            end,
             progress = case when i.deadline < ${today}::date and i.id % 20 < 17 then 100 else (i.id * 13) % 90 end
       where i.org_path like ${`${district.path}%`}
    `.execute(trx);
    // A done_on in the future would be wrong: late completions after today stay open.
    await sql`
      update responsibility_items set status = 'open', done_on = null, progress = 90
       where done_on > ${today}::date and org_path like ${`${district.path}%`}
    `.execute(trx);
    await sql`
      insert into responsibility_progress (item_id, text, figures, progress, reported_by, reported_by_name, reported_at)
      select i.id,
             case when i.status = 'done' then '已按完成标准全部完成，相关材料已归档。' else '正在推进，已完成阶段性工作。' end,
             jsonb_build_array(jsonb_build_object('label', '参与党员（人）', 'value', 20 + i.id % 80)),
             i.progress, null, i.owner_person,
             coalesce(i.done_on, least(i.deadline, ${today}::date) - 5)::timestamp + interval '10 hours'
        from responsibility_items i
       where i.org_path like ${`${district.path}%`} and i.progress > 0
    `.execute(trx);
    // Some street lists changed after signing (a breakthrough project's deadline moved): re-signature due.
    await sql`
      update responsibility_lists set version = version + 1
       where year = ${year} and kind = 'breakthrough' and org_id in (${sql.join(streets.slice(0, 3).map((s) => sql`${s.id}::int`))})
    `.execute(trx);
    // Each street secretary's own breakthrough project (书记突破项目), three milestones over the
    // year: reached when due, one project in four late on a milestone.
    await sql`
      insert into breakthrough_projects (org_id, org_path, year, title, secretary_name, goal, created_at, updated_at)
      select o.id, o.path, ${year},
             (array[${sql.join(BREAKTHROUGH.map((b) => sql`${b}::text`))}])[1 + (row_number() over (order by o.code))::int % ${BREAKTHROUGH.length}],
             coalesce(o.short_name, o.name) || '书记',
             '以' || (array[${sql.join(BREAKTHROUGH.map((b) => sql`${b}::text`))}])[1 + (row_number() over (order by o.code))::int % ${BREAKTHROUGH.length}]
               || '为抓手，年底前形成可复制推广的经验',
             ${at}, ${at}
        from orgs o
       where o.parent_id = ${district.id} and o.level = 'street'
    `.execute(trx);
    await sql`
      insert into breakthrough_milestones (project_id, seq, title, due_on, done_on, note, done_by_name)
      select p.id, m.seq, m.title, m.due_on,
             case when m.due_on < ${today}::date and p.id % 4 <> 0 then m.due_on - 3 end,
             case when m.due_on < ${today}::date and p.id % 4 <> 0 then '按计划完成' end,
             case when m.due_on < ${today}::date and p.id % 4 <> 0 then p.secretary_name end
        from breakthrough_projects p
        cross join (values (1, '调研摸底、制定方案', make_date(${year}, 3, 31)),
                           (2, '试点推进、阶段总结', make_date(${year}, 6, 30)),
                           (3, '全面推开、总结经验', make_date(${year}, 11, 30))) as m (seq, title, due_on)
       where p.year = ${year} and p.org_path like ${`${district.path}%`}
    `.execute(trx);
    // The last finished quarter's scheduled report (写实调度) from every street, pre-filled from
    // its items; reports accepted, waiting for review, returned with a comment, or not yet sent.
    const quarter = Math.max(1, Math.ceil(Number(today.slice(5, 7)) / 3) - 1);
    const dueOn = localDate(new Date(Date.UTC(year, quarter * 3, 10, 12)));
    const round = await trx
      .insertInto('responsibilityReportRounds')
      .values({
        orgId: district.id,
        orgPath: district.path,
        year,
        quarter,
        title: `${year}年第${quarter}季度基层党建写实调度`,
        sections: JSON.stringify(REPORT_SECTIONS),
        dueOn,
        createdBy: null,
        createdAt: new Date(`${localDate(new Date(Date.UTC(year, quarter * 3, 1, 12)))}T09:00:00+08:00`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const empty = JSON.stringify(REPORT_SECTIONS.map((title) => ({ title, text: '' })));
    await sql`
      insert into responsibility_reports (round_id, org_id, org_path, sections, updated_at)
      select ${round.id}, o.id, o.path, ${empty}::jsonb, ${at}
        from orgs o where o.parent_id = ${district.id} and o.level = 'street' and o.status = 'active'`.execute(
      trx,
    );
    await prefillReports(trx, { roundId: round.id }, now);
    await sql`
      update responsibility_reports r
         set sections = jsonb_set(jsonb_set(r.sections, '{1,text}', to_jsonb('个别事项推进滞后，社区间进展不均衡。'::text)),
                                  '{2,text}', to_jsonb('下季度集中攻坚逾期事项，每月调度一次。'::text)),
             status = (array['accepted', 'submitted', 'returned', 'requested'])[1 + r.id % 4],
             submitted_on = case when r.id % 4 < 3 then ${dueOn}::date - (r.id % 5) + (r.id % 7 / 6) * 3 end,
             submitted_by_name = case when r.id % 4 < 3 then '街道党工委' end,
             review_comment = case r.id % 4 when 0 then '内容详实，同意。' when 2 then '请补充逾期事项的原因和措施。' end,
             reviewed_by_name = case when r.id % 4 in (0, 2) then '区委组织部' end,
             return_count = case when r.id % 4 = 2 then 1 else 0 end,
             accepted_at = case when r.id % 4 = 0 then (${dueOn}::date + 3)::timestamp + interval '10 hours' end
       where r.round_id = ${round.id}`.execute(trx);
  });
}

const REPORT_SECTIONS = ['工作进展', '存在问题', '下步打算'];
