import { sql } from 'kysely';
import type { Trx } from '../../platform/db.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { addDays, localDate } from '../work-calendar/index.ts';
import { ruleFor } from './rectification.queries.ts';
import { workingDeadline } from './rectification.service.ts';

/** A 1×1 PNG standing in for the photos of the demo's evidence. */
const DEMO_PHOTO =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const PROBLEMS = [
  ['阵地建设', '党群服务中心活动室被挪作仓库', '恢复活动室使用功能'],
  ['三会一课', '近三个月支委会记录缺失', '补齐会议记录并规范录入'],
  ['党员管理', '党员信息与花名册不一致', '核对更新党员信息'],
  ['制度上墙', '制度牌版本陈旧', '更新制度牌'],
  ['主题党日', '主题党日活动内容与计划不符', '按计划重新组织并上传记录'],
  ['党费收缴', '党费收缴台账不完整', '补齐党费台账'],
] as const;

/**
 * Two inspection campaigns of the district over its communities, set-based (one statement per
 * step): a special inspection about three months ago (42 findings, most rectified on time, some
 * late, some overdue and escalated) and this month's unannounced check (items in every state).
 */
export async function seedRectificationDemo({ db, now }: DemoSeedContext): Promise<void> {
  const district = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('code', '=', 'SFQ')
    .executeTakeFirst();
  if (!district) return;
  const inspector = await db
    .selectFrom('users')
    .select(['id', 'displayName'])
    .where('username', '=', 'district')
    .executeTakeFirst();
  const today = localDate(now);
  const campaigns = [
    {
      kind: 'special' as const,
      title: '基层党建专项检查',
      startsOn: addDays(today, -100),
      findings: 42,
      days: 6,
    },
    {
      kind: 'unannounced' as const,
      title: '本月党建工作暗访督查',
      startsOn: addDays(today, -12),
      findings: 24,
      days: 2,
    },
  ];
  const checklist = JSON.stringify(PROBLEMS.map((p) => p[0]));
  const problems = sql.join(PROBLEMS.map((p) => sql`(${p[0]}, ${p[1]}, ${p[2]})`));
  await db.transaction().execute(async (trx) => {
    for (const [n, c] of campaigns.entries()) {
      const recordedOn = addDays(c.startsOn, 1);
      const rule = await ruleFor(trx, district.path, recordedOn);
      const { deadline, reminder } = await workingDeadline(
        trx,
        recordedOn,
        rule.deadlineWorkingDays,
        rule.reminderWorkingDays,
      );
      const at = new Date(`${recordedOn}T10:00:00+08:00`);
      const campaign = await trx
        .insertInto('inspectionCampaigns')
        .values({
          orgId: district.id,
          orgPath: district.path,
          kind: c.kind,
          title: c.title,
          checklist,
          targetLevel: 'community',
          startsOn: c.startsOn,
          endsOn: addDays(c.startsOn, c.days),
          status: n === 0 ? 'closed' : 'open',
          createdBy: inspector?.id ?? null,
          createdAt: new Date(`${c.startsOn}T09:00:00+08:00`),
          closedAt: n === 0 ? new Date(`${addDays(c.startsOn, c.days)}T18:00:00+08:00`) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (inspector) {
        await trx
          .insertInto('inspectionInspectors')
          .values({ campaignId: campaign.id, userId: inspector.id, name: inspector.displayName })
          .execute();
      }
      await sql`
        insert into inspection_targets (campaign_id, org_id, org_path)
        select ${campaign.id}, o.id, o.path from orgs o
         where o.path like ${`${district.path}%`} and o.level = 'community' and o.status = 'active'`.execute(
        trx,
      );
      // Findings at every k-th target, the problem picked by the target's position.
      await sql`
        with picked as (
          select t.id, t.org_id, t.org_path, row_number() over (order by t.org_id) as k
            from inspection_targets t where t.campaign_id = ${campaign.id}),
        problems (item, description, title) as (values ${problems}),
        numbered as (select p.*, row_number() over () - 1 as j from problems p)
        insert into inspection_findings (campaign_id, target_id, org_id, org_path, checklist_item, description,
          recorded_by, recorded_by_name, recorded_at)
        select ${campaign.id}, picked.id, picked.org_id, picked.org_path, n.item, n.description,
               ${inspector?.id ?? null}::int, ${inspector?.displayName ?? '区委组织部'}, ${at}
          from picked join numbered n on n.j = (picked.k + ${n}) % ${PROBLEMS.length}
         where picked.k % 3 = ${n} order by picked.k limit ${c.findings}`.execute(trx);
      await sql`
        insert into rectification_items (org_id, org_path, issuer_org_id, issuer_path, title, source_kind, source_id,
          owner_person, required_evidence, working_days, rule_version, opened_on, reminder_on, deadline,
          created_at, updated_at)
        select f.org_id, f.org_path, ${district.id}, ${district.path},
               (select title from (values ${problems}) p (item, description, title) where p.item = f.checklist_item),
               'inspection', f.id, '社区党组织书记', '整改后的现场照片或会议记录', ${rule.deadlineWorkingDays},
               ${rule.version}, ${recordedOn}::date, ${reminder}::date, ${deadline}::date, ${at}, ${at}
          from inspection_findings f where f.campaign_id = ${campaign.id}`.execute(trx);
      await sql`
        update inspection_findings f set item_id = r.id
          from rectification_items r
         where r.source_kind = 'inspection' and r.source_id = f.id and f.campaign_id = ${campaign.id}`.execute(
        trx,
      );
      // States by position: the old campaign mostly closed on time; this month's in every state.
      const states =
        n === 0
          ? sql`case when r.id % 20 < 12 then 'closed' when r.id % 20 < 15 then 'verified'
                     when r.id % 20 < 17 then 'closed' when r.id % 20 < 19 then 'open' else 'returned' end`
          : sql`case when r.id % 5 = 0 then 'open' when r.id % 5 = 1 then 'submitted' when r.id % 5 = 2 then 'verified'
                     when r.id % 5 = 3 then 'returned' else 'open' end`;
      const submittedOn =
        n === 0
          ? sql`case when r.id % 20 < 15 then r.deadline - (r.id % 4) when r.id % 20 < 17 then r.deadline + 3 end`
          : sql`case when r.id % 5 in (1, 2, 3) then least(r.deadline, ${today}::date) - (r.id % 2) end`;
      await sql`
        update rectification_items r
           set status = ${states}, submitted_on = ${submittedOn},
               return_count = case when ${states} = 'returned' then 1 else 0 end
         where r.source_kind = 'inspection'
           and r.source_id in (select id from inspection_findings where campaign_id = ${campaign.id})`.execute(
        trx,
      );
      await sql`
        update rectification_items r
           set verified_at = case when r.status in ('verified', 'closed') then (r.submitted_on + 2)::timestamp + interval '2 hours' end,
               closed_at = case when r.status = 'closed' then (r.submitted_on + 4)::timestamp + interval '2 hours' end
         where r.source_kind = 'inspection'
           and r.source_id in (select id from inspection_findings where campaign_id = ${campaign.id})`.execute(
        trx,
      );
    }
    const mine = sql`r.issuer_path = ${district.path} and r.source_kind = 'inspection'`;
    // The timeline of each item, its evidence, and the sweep (reminders, escalation of the overdue).
    await sql`
      insert into rectification_events (item_id, kind, comment, actor_name, at)
      select r.id, e.kind, e.comment, e.actor, e.at
        from rectification_items r
        cross join lateral (values
          ('opened', r.working_days || '个工作日内整改，截止' || to_char(r.deadline, 'YYYY-MM-DD'), '区委组织部', r.created_at),
          ('submitted', '已按要求整改，附现场照片', '社区党组织书记', (r.submitted_on)::timestamp + interval '9 hours'),
          ('returned', '佐证材料不足，请补充整改前后对比照片', '街道党工委', (r.submitted_on + 1)::timestamp + interval '9 hours'),
          ('verified', '整改到位', '街道党工委', r.verified_at),
          ('closed', '同意销号', '区委组织部', r.closed_at)
        ) as e (kind, comment, actor, at)
       where ${mine} and e.at is not null
         and (e.kind <> 'returned' or r.status = 'returned')`.execute(trx);
    await sql`
      insert into rectification_evidence (item_id, filename, mime, content, uploaded_at)
      select r.id, '整改后现场照片.png', 'image/png', decode(${DEMO_PHOTO}, 'base64'), r.submitted_on::timestamp
        from rectification_items r where ${mine} and r.submitted_on is not null`.execute(trx);
    await sql`
      update rectification_items r set reminded_at = r.reminder_on::timestamp + interval '9 hours'
       where ${mine} and r.reminder_on <= ${today}::date`.execute(trx);
    await sql`
      update rectification_items r set escalated_to_org_id = o.parent_id,
             escalated_at = (r.deadline + 1)::timestamp + interval '9 hours'
        from orgs o
       where o.id = r.org_id and ${mine} and r.status in ('open', 'returned') and r.deadline < ${today}::date`.execute(
      trx,
    );
    await seedSteeringDemo(trx, district, today);
  });
}

/**
 * The rest of the district's steering year, set-based: interviews of the three communities with
 * the most overdue items, a half-yearly site visit with scores, comments and the items they
 * opened, a gap list and a catch-up task book per street (some hard problems solved), and the
 * yearly highlight selection (nominations, the published ten per category, two kept as cases).
 */
async function seedSteeringDemo(trx: Trx, district: { id: number; path: string }, today: string) {
  const year = Number(today.slice(0, 4));
  const inDistrict = `${district.path}%`;
  // 约谈: the communities with the most overdue items, by their street, with the linked findings.
  await sql`
    with worst as (
      select r.org_id, count(*) as n from rectification_items r
       where r.org_path like ${inDistrict} and r.status in ('open', 'returned') and r.deadline < ${today}::date
       group by r.org_id order by count(*) desc, r.org_id limit 3)
    insert into rectification_interviews (org_id, org_path, by_org_id, by_path, secretary_name, held_on, interviewers,
      reason, record, commitments, created_at)
    select o.id, o.path, p.id, p.path, coalesce(o.short_name, o.name) || '书记', ${addDays(today, -5)}::date,
           '街道党工委书记、组织委员', '督查发现问题逾期' || w.n || '项未整改',
           '通报逾期问题，听取书记说明原因，指出责任落实不到位，提出限期整改要求。',
           '一周内完成逾期问题整改，建立每周自查制度。', ${new Date(`${addDays(today, -5)}T10:00:00+08:00`)}
      from worst w join orgs o on o.id = w.org_id join orgs p on p.id = o.parent_id`.execute(trx);
  await sql`
    insert into rectification_interview_findings (interview_id, finding_id)
    select v.id, f.id from rectification_interviews v
      join inspection_findings f on f.org_id = v.org_id
     where v.org_path like ${inDistrict}`.execute(trx);
  await sql`
    insert into rectification_interview_notes (interview_id, note, by_name, at)
    select v.id, '已电话督促，社区正在整改，下周复查。', '街道党工委', v.created_at + interval '3 days'
      from rectification_interviews v where v.org_path like ${inDistrict}`.execute(trx);

  // 现场观摩: one per half year that has passed its visit day; the route is one community per street.
  const visitOn = addDays(today, -40);
  const sheet = JSON.stringify(VISIT_SHEET.map(([item, maxPoints]) => ({ item, maxPoints })));
  const visit = await trx
    .insertInto('siteVisits')
    .values({
      orgId: district.id,
      orgPath: district.path,
      title: `${year}年${Number(visitOn.slice(5, 7)) <= 6 ? '上' : '下'}半年基层党建现场观摩`,
      visitOn,
      scoreSheet: sheet,
      status: 'closed',
      createdBy: null,
      createdAt: new Date(`${addDays(visitOn, -10)}T09:00:00+08:00`),
      closedAt: new Date(`${visitOn}T18:00:00+08:00`),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into site_visit_stops (visit_id, seq, org_id, org_path, scores, total, comment, commented_by_name, commented_at)
    select ${visit.id}, row_number() over (order by s.code), c.id, c.path,
           (select jsonb_agg(jsonb_build_object('item', e ->> 'item',
                     'points', round((e ->> 'maxPoints')::numeric * (70 + (c.id * 7 + ord) % 28) / 100)) order by ord)
              from jsonb_array_elements(${sheet}::jsonb) with ordinality as x (e, ord)),
           null,
           (array['阵地规范、氛围浓厚，党员活动记录完整。', '特色品牌有亮点，但台账资料不够规范，需限期完善。',
                  '党建引领物业成效明显，可在全区推广。', '活动阵地使用率偏低，需限期整改。'])[1 + c.id % 4],
           '区委组织部', ${new Date(`${visitOn}T15:00:00+08:00`)}
      from orgs s
      join lateral (select c.id, c.path from orgs c where c.parent_id = s.id and c.level = 'community'
                     and c.status = 'active' order by c.code limit 1) c on true
     where s.parent_id = ${district.id} and s.level = 'street'
     order by s.code limit 6`.execute(trx);
  await sql`
    update site_visit_stops st set total = (select sum((e ->> 'points')::numeric) from jsonb_array_elements(st.scores) e)
     where st.visit_id = ${visit.id}`.execute(trx);
  const rule = await ruleFor(trx, district.path, visitOn);
  const due = await workingDeadline(trx, visitOn, 5, rule.reminderWorkingDays);
  await sql`
    insert into rectification_items (org_id, org_path, issuer_org_id, issuer_path, title, source_kind, source_id,
      owner_person, required_evidence, working_days, rule_version, opened_on, reminder_on, deadline,
      status, submitted_on, verified_at, created_at, updated_at)
    select st.org_id, st.org_path, ${district.id}, ${district.path},
           case when st.org_id % 4 = 1 then '规范党建台账资料' else '提高活动阵地使用率' end,
           'site_visit', st.id, '社区党组织书记', '整改后的台账或活动照片', 5, ${rule.version},
           ${visitOn}::date, ${due.reminder}::date, ${due.deadline}::date,
           case when st.seq % 2 = 0 then 'verified' else 'open' end,
           case when st.seq % 2 = 0 then ${due.deadline}::date - 1 end,
           case when st.seq % 2 = 0 then (${due.deadline}::date + 1)::timestamp + interval '10 hours' end,
           ${new Date(`${visitOn}T18:00:00+08:00`)}, ${new Date(`${visitOn}T18:00:00+08:00`)}
      from site_visit_stops st where st.visit_id = ${visit.id} and st.org_id % 4 in (1, 3)`.execute(trx);

  // 差距清单、赶超任务书: one of each per street, drawn up by the district, three items each.
  const opened = addDays(today, -90);
  const long = await workingDeadline(trx, opened, 40, rule.reminderWorkingDays);
  await sql`
    insert into gap_lists (org_id, org_path, issuer_org_id, issuer_path, year, kind, title, benchmark, created_at)
    select s.id, s.path, ${district.id}, ${district.path}, ${year}, k.kind,
           coalesce(s.short_name, s.name) || k.title, k.benchmark, ${new Date(`${opened}T09:00:00+08:00`)}
      from orgs s
      cross join (values ('gap_list', '对标先进差距清单', '全市基层党建示范街道'),
                         ('task_book', '赶超任务书', null)) as k (kind, title, benchmark)
     where s.parent_id = ${district.id} and s.level = 'street'`.execute(trx);
  await sql`
    insert into rectification_items (org_id, org_path, issuer_org_id, issuer_path, title, source_kind, source_id,
      owner_person, required_evidence, working_days, rule_version, opened_on, reminder_on, deadline, hard,
      status, submitted_on, verified_at, created_at, updated_at)
    select g.org_id, g.org_path, g.issuer_org_id, g.issuer_path, i.title, g.kind, g.id, '街道党工委书记', i.evidence,
           40, ${rule.version}, ${opened}::date, ${long.reminder}::date, ${long.deadline}::date, i.hard,
           case when (g.id + i.n) % 3 = 0 then 'open' when (g.id + i.n) % 3 = 1 then 'verified' else 'closed' end,
           case when (g.id + i.n) % 3 <> 0 then ${long.deadline}::date - (g.id % 9) end,
           case when (g.id + i.n) % 3 <> 0 then (${long.deadline}::date - (g.id % 9) + 2)::timestamp + interval '10 hours' end,
           g.created_at, g.created_at
      from gap_lists g
      cross join (values (1, '社区党群服务中心面积不达标', '改造后的验收材料', true),
                         (2, '两新组织党建覆盖存在空白', '新建党组织批复文件', true),
                         (3, '党员志愿服务时长低于全市平均', '志愿服务记录', false)) as i (n, title, evidence, hard)
     where g.org_path like ${inDistrict} and g.year = ${year}`.execute(trx);

  // 十大亮点: nominations from every street and some communities per category; ten published, the
  // next ones still under review or not selected; two practices kept as cases.
  await sql`
    with nominees as (
      select o.id, o.path, coalesce(o.short_name, o.name) as name, row_number() over (order by o.level desc, o.code) as k
        from orgs o
       where o.path like ${inDistrict} and o.level in ('street', 'community') and o.status = 'active'
       order by o.level desc, o.code limit 14)
    insert into highlight_nominations (year, category, org_id, org_path, reviewer_org_id, reviewer_path, title,
      person_name, summary, status, review_comment, reviewed_by_name, reviewed_at, published_at, is_case, practice,
      nominated_by_name, created_at)
    select ${year}, c.category, n.id, n.path, ${district.id}, ${district.path},
           n.name || c.suffix,
           case when c.category = 'person' then (array['李红', '王建国', '张秀英', '刘伟', '陈静', '赵明'])[1 + n.k::int % 6] end,
           '坚持党建引领，' || c.summary,
           case when n.k <= 10 then 'published' when n.k <= 12 then 'nominated' else 'rejected' end,
           case when n.k > 12 then '特色不够鲜明，可明年再报' end,
           case when n.k <= 10 or n.k > 12 then '区委组织部' end,
           case when n.k <= 10 or n.k > 12 then ${new Date(`${addDays(today, -10)}T10:00:00+08:00`)}::timestamptz end,
           case when n.k <= 10 then ${new Date(`${addDays(today, -7)}T10:00:00+08:00`)}::timestamptz end,
           n.k <= 2 and c.category = 'project',
           case when n.k <= 2 and c.category = 'project' then '成立联合党委统筹辖区资源，建立“吹哨报到”机制，问题按周清零。' end,
           n.name || '党组织', ${new Date(`${addDays(today, -30)}T10:00:00+08:00`)}
      from nominees n
      cross join (values ('project', '党建引领基层治理项目', '整合辖区资源，破解治理难题。'),
                         ('work', '党员志愿服务工作', '组织党员常态化服务群众。'),
                         ('person', '优秀社区书记', '扎根社区服务群众。')) as c (category, suffix, summary)`.execute(
    trx,
  );
}

const VISIT_SHEET: [string, number][] = [
  ['阵地建设', 25],
  ['组织生活', 25],
  ['服务群众', 25],
  ['特色亮点', 25],
];
