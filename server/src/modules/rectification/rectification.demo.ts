import { sql } from 'kysely';
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
  });
}
