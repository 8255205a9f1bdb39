import { sql } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.ts';
import { rebuildHeldSummaries } from './compliance.ts';
import { addDays, chinaDate, periodOf } from './periods.ts';

/**
 * 示范区 organizational life: for the branches of the first street (SFQ-01), signed 支委会 and 主题党日
 * in the two months before the demo date (every seventh branch misses one, so supervision has red
 * cells), attendance of every member for the 主题党日, and their attendance points. The current
 * month is left open: the branch secretary's walk-through plans, records and signs it.
 */
export async function seedOrgLifeDemo({ db, now }: DemoSeedContext): Promise<void> {
  const today = chinaDate(now);
  const thisMonth = periodOf('monthly', today);
  const months = [periodOf('monthly', addDays(thisMonth.start, -1))];
  months.unshift(periodOf('monthly', addDays(months[0].start, -1)));
  const catalogue = await db
    .selectFrom('orgLifeCatalogues')
    .select('id')
    .where('profile', '=', 'default')
    .orderBy('effectiveFrom', 'desc')
    .executeTakeFirstOrThrow();
  const street = await db.selectFrom('orgs').select('path').where('code', '=', 'SFQ-01').executeTakeFirst();
  if (!street) return;
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'branch')
    .executeTakeFirst();
  const authorId = author?.id ?? 0;
  await db.transaction().execute(async (trx) => {
    // The demo branch (第一网格党支部, SFQ-01-01-G1) gets a committee: its first three full members.
    await sql`
      insert into member_posts (member_id, org_id, title, started_on, ended_on)
      select m.id, b.id, p.title, ${months[0].start}::date - 365, null
        from orgs b
        cross join lateral (
          select m.id, row_number() over (order by m.id) as n
            from members m join orgs mo on mo.id = m.org_id
           where (mo.id = b.id or mo.parent_id = b.id) and m.status = 'full'
           order by m.id limit 3) m
        join (values (1, '支部书记'), (2, '组织委员'), (3, '宣传委员')) p(n, title) on p.n = m.n
       where b.code = 'SFQ-01-01-G1'
    `.execute(trx);
    for (const [i, month] of months.entries()) {
      await sql`
        insert into org_life_meetings (org_id, type_code, catalogue_id, status, topic, planned_on, place, host_name,
               recorder_name, held_on, minutes, filed_by, filed_at, recorded_by, recorded_at, signed_by, signed_at, updated_at)
        select o.id, t.code, ${catalogue.id}, 'signed', t.topic, d, '党群服务中心', '支部书记', '组织委员', d,
               t.minutes, ${authorId}, ${now}, ${authorId}, ${now}, ${authorId}, ${now}, ${now}
          from orgs o
         cross join (values
           ('committee_meeting', '研究本月党建和网格治理工作', '通报上月工作，研究本月主题党日安排和网格民情办理。'),
           ('theme_day', '主题党日：走访困难群众', '集中学习，分组走访网格内困难群众，收集民情诉求。')
         ) t(code, topic, minutes)
         cross join lateral (select (${month.start}::date + ((o.id % 20) || ' days')::interval)::date as d) dd
         where o.path like ${`${street.path}%`} and o.kind = 'branch' and o.status = 'active'
           and not (t.code = 'committee_meeting' and (o.id + ${i}) % 7 = 0)
      `.execute(trx);
    }
    const since = months[0].start;
    await sql`
      insert into org_life_attendance (meeting_id, member_id, member_name, can_vote, status, reason)
      select m.id, mem.id, mem.name, mem.status = 'full',
             case when (mem.id + m.id) % 9 = 0 then 'leave' when (mem.id + m.id) % 23 = 0 then 'absent' else 'present' end,
             case when (mem.id + m.id) % 9 = 0 then '外出务工' end
        from org_life_meetings m
        join orgs mo on mo.id = m.org_id or mo.parent_id = m.org_id
        join members mem on mem.org_id = mo.id and mem.status in ('probationary', 'full') and mem.joined_on <= m.held_on
       where m.type_code = 'theme_day' and m.held_on >= ${since}
      on conflict do nothing
    `.execute(trx);
    await sql`
      update org_life_meetings m set expected_count = a.n, present_count = a.p, absent_count = a.ab, leave_count = a.l
        from (select meeting_id, count(*)::int n, count(*) filter (where status = 'present')::int p,
                     count(*) filter (where status = 'absent')::int ab, count(*) filter (where status = 'leave')::int l
                from org_life_attendance group by meeting_id) a
       where a.meeting_id = m.id
    `.execute(trx);
    // Attendance points under the default rule set (主题党日 2 a time, within its yearly cap).
    await sql`
      insert into points_entries (member_id, org_id, year, rule_code, rule_set_id, source_type, source_id, points,
                                  reason, subject, for_date, author_id, at)
      select a.member_id, m.org_id, extract(year from m.held_on)::int, 'org_life.theme_day', rs.id,
             'org_life_meeting', m.id::text, 2, m.topic, m.topic, m.held_on, ${authorId}, ${now}
        from org_life_attendance a
        join org_life_meetings m on m.id = a.meeting_id
        cross join (select id from points_rule_sets where profile = 'default' order by effective_from desc limit 1) rs
       where a.status = 'present' and m.type_code = 'theme_day' and m.held_on >= ${since}
    `.execute(trx);
    await rebuildHeldSummaries(trx);
  });
}
