import { sql } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.ts';
import { localDate } from '../work-calendar/index.ts';

/**
 * A year of dues in the demo district, set-based: every member in the register has an approved
 * base for this year (category from the register, base deterministic from the id, the amount by
 * the 2008 brackets); January to last month is paid on time by most, late by some (every 13th),
 * in advance for the next three months by a few (every 19th); every 11th has the last two months
 * unpaid and every 17th the last seven (flagged for the branch). Communities remit to their street
 * and the district returns dues to 两新 organizations.
 */
export async function seedDuesDemo({ db, now, pglite }: DemoSeedContext): Promise<void> {
  const district = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('code', '=', 'SFQ')
    .executeTakeFirst();
  if (!district) return;
  const today = localDate(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const approver = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'community')
    .executeTakeFirst();
  await db.transaction().execute(async (trx) => {
    // Every row below is derived from existing members and organizations: on the embedded engine
    // (always the superuser) the per-row foreign-key checks are skipped for this transaction.
    if (pglite) await sql`set local session_replication_role = replica`.execute(trx);
    await sql`
      insert into dues_declarations (member_id, org_id, org_path, year, from_month, category, base_cents,
        monthly_cents, rule_version, status, decided_by, decided_at, created_at)
      select m.id, m.org_id, o.path, ${year}, 1, c.category, c.base,
             case c.category
               when 'farmer' then 100
               when 'student' then 20
               when 'unemployed' then 20
               when 'retired' then round(c.base * (case when c.base <= 500000 then 0.005 else 0.01 end))
               else round(c.base * (case when c.base <= 300000 then 0.005 when c.base <= 500000 then 0.01
                                        when c.base <= 1000000 then 0.015 else 0.02 end))
             end,
             '2008.1', 'approved', ${approver?.id ?? null}, ${now}, ${now}
        from members m
        join orgs o on o.id = m.org_id
        cross join lateral (select
          case m.category when 'in_service' then 'employed' when 'retired' then 'retired'
            when 'student' then 'student' when 'farmer' then 'farmer' when 'unemployed' then 'unemployed'
            else 'other' end as category,
          (200000 + (m.id * 7919) % 1300000)::bigint as base) c
       where o.path like ${`${district.path}%`}
         and m.status in ('probationary', 'full', 'lost_contact')
    `.execute(trx);
    // Paid months: January to last month (minus the arrears), plus three months ahead for every 19th.
    await sql`
      insert into dues_payments (member_id, org_id, org_path, month, due_cents, paid_cents, paid_on, channel,
        receipt_no, created_at)
      select d.member_id, d.org_id, d.org_path, make_date(${year}, g.mo, 1), d.monthly_cents, d.monthly_cents,
             case when d.member_id % 13 = 0 then least(make_date(${year}, g.mo, 1) + interval '40 days',
                    ${today}::date)::date
                  when g.mo >= ${month} then ${today}::date
                  else make_date(${year}, g.mo, 10) end,
             (array['cash', 'wechat', 'alipay', 'bank', 'payroll'])[1 + d.member_id % 5],
             'DF' || ${year} || lpad(g.mo::text, 2, '0') || '-' || d.member_id,
             ${now}
        from dues_declarations d
        cross join generate_series(1, least(12, ${month} + 2)) as g(mo)
       where d.org_path like ${`${district.path}%`}
         and d.year = ${year}
         and (g.mo < ${month} or d.member_id % 19 = 0)
         and not (d.member_id % 11 = 0 and g.mo >= ${month} - 2)
         and not (d.member_id % 17 = 0 and g.mo >= ${month} - 7)
       order by d.member_id, g.mo
    `.execute(trx);
    // Monthly collection recorded by each community, remitted to its street (last month's payments
    // summed per branch once, then per community by path: no scan of the payments per community).
    await sql`
      insert into dues_movements (org_id, org_path, kind, counterpart_org_id, amount_cents, on_date, note, created_at)
      select o.id, o.path, k.kind, case when k.kind = 'remitted' then o.parent_id end, s.total,
             ${today}::date - 5, case when k.kind = 'remitted' then '按月上缴' else '本月收缴' end, ${now}
        from (select c.id, sum(b.total)::bigint as total
                from (select p.org_path, sum(p.paid_cents) as total from dues_payments p
                       where p.month = date_trunc('month', ${today}::date - 30)::date
                       group by p.org_path) b
                join orgs c on c.level = 'community' and b.org_path like c.path || '%'
               group by c.id) s
        join orgs o on o.id = s.id
        cross join (values ('collected'), ('remitted')) as k(kind)
       where o.path like ${`${district.path}%`} and s.total > 0
    `.execute(trx);
    await sql`
      insert into dues_movements (org_id, org_path, kind, counterpart_org_id, amount_cents, on_date, note, created_at)
      select ${district.id}, ${district.path}, 'returned', o.id, 2000000, ${today}::date - 20,
             '返还党费用于两新组织党建工作', ${now}
        from orgs o
       where o.path like ${`${district.path}%`} and o.unit_type = 'non_public_enterprise'
       order by o.id limit 12
    `.execute(trx);
  });
}
