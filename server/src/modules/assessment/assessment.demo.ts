import { sql } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.ts';
import { loadOrg } from '../../platform/org-scope.ts';
import type { IndicatorInput, SchemeInput } from './assessment.contract.ts';
import { getScheme } from './assessment.queries.ts';
import { createScheme, publishScheme } from './assessment.service.ts';

const RULE = '《济宁市机关党建工作规范化建设清单》（7个方面40项指标，逐项赋分、逐项扣分）';

/** The 7 aspects and their indicators: [aspect, [name, weight, automatic part?][]]. */
const ASPECTS: [string, [string, number, Partial<IndicatorInput>?][]][] = [
  [
    '政治建设和思想建设',
    [
      ['理论学习中心组学习', 3],
      [
        '"三会一课"按期召开',
        4,
        { method: 'threshold', source: 'org_life.meetings', params: { min: 12, partial: 0.5 } },
      ],
      ['主题党日活动', 3],
      ['意识形态工作责任制', 2],
      ['党员教育培训', 2],
      ['学习强国等平台使用', 2],
    ],
  ],
  [
    '落实党建工作责任制',
    [
      [
        '责任清单事项按期完成',
        4,
        { method: 'deduction', source: 'responsibility.on_time', params: { perOccurrence: 1, floor: 0 } },
      ],
      ['书记抓党建述职评议', 3],
      ['党建工作纳入年度目标', 2],
      ['党建工作经费保障', 2],
      ['专题研究党建工作', 2],
    ],
  ],
  [
    '组织建设',
    [
      ['组织生活会议记录规范', 3, { method: 'ratio', source: 'org_life.meetings', params: { target: 20 } }],
      ['支部班子配备', 3],
      ['按期换届', 2],
      ['发展党员工作', 2],
      ['党费收缴使用管理', 2],
      ['党员组织关系管理', 2],
    ],
  ],
  [
    '党员队伍建设',
    [
      [
        '党员积分管理',
        3,
        {
          method: 'threshold',
          source: 'points.members',
          params: { min: 50, partial: 0.6, measure: 'amount' },
        },
      ],
      ['民主评议党员', 3],
      [
        '党员志愿服务时长',
        3,
        { method: 'ratio', source: 'volunteers.hours', params: { target: 100, measure: 'amount' } },
      ],
      ['流动党员管理', 2],
      ['关怀帮扶困难党员', 2],
    ],
  ],
  [
    '作风建设',
    [
      [
        '督查问题按时整改',
        4,
        { method: 'deduction', source: 'rectification.on_time', params: { perOccurrence: 2, floor: 0 } },
      ],
      ['落实中央八项规定精神', 3],
      ['廉政风险防控', 2],
      ['警示教育', 2],
      ['纪律作风专项整治', 2],
    ],
  ],
  [
    '服务群众',
    [
      ['群众诉求办结', 4, { method: 'ratio', source: 'requests.completion' }],
      ['群众诉求满意度', 4, { method: 'ratio', source: 'requests.satisfaction' }],
      [
        '在职党员双报到服务',
        3,
        { method: 'ratio', source: 'dual_reporting.hours', params: { target: 50, measure: 'amount' } },
      ],
      ['为民办实事项目', 2],
      ['结对共建活动', 2],
      ['党员先锋岗示范岗', 2],
    ],
  ],
  [
    '党建阵地与创新',
    [
      ['党员活动阵地建设', 2],
      ['党建品牌创建', 2],
      ['党务公开', 2],
      ['档案台账规范', 2],
      ['信息化平台应用', 2],
      ['特色工作创新', 2],
      ['年度考核加分事项', 2],
    ],
  ],
];

/** The demo scheme: 40 indicators in 7 aspects, 100 points. */
export function demoScheme(year: number): SchemeInput {
  let n = 0;
  const indicators: IndicatorInput[] = ASPECTS.flatMap(([aspect, list], a) =>
    list.map(([name, weight, auto]) => {
      n += 1;
      return {
        aspect,
        code: `${a + 1}.${String(n).padStart(2, '0')}`,
        name,
        weight,
        method: auto?.method ?? 'manual',
        // Records kept day to day are daily supervision; rectification and responsibility items
        // come from special inspections; what the review group scores is the year-end assessment.
        dimension: !auto?.source
          ? 'year_end'
          : auto.source.startsWith('rectification') || auto.source.startsWith('responsibility')
            ? 'special'
            : 'daily',
        source: auto?.source ?? null,
        params: auto?.params ?? {},
        ruleSource: `${RULE}第${a + 1}部分`,
      };
    }),
  );
  return {
    year,
    title: `${year}年度基层党组织党建工作考核方案`,
    effectiveFrom: `${year}-01-01`,
    source: RULE,
    gradeRules: { excellent: 90, good: 80, fair: 60, excellentShare: 0.3 },
    starRules: {
      five: 90,
      four: 80,
      three: 70,
      two: 60,
      fiveStarReward: {
        amount: 30000,
        source: '连续三年评为五星级党组织的，奖励3万元，由委员按履职情况分配',
      },
    },
    dimensions: {
      weights: { daily: 30, special: 20, yearEnd: 30, debriefing: 20 },
      source: '《济宁市基层党组织"四维量化"考核办法》：日常督查30%、专项检查20%、年终考核30%、述职评议20%',
      goalWeights: {
        partyDepartment: 50,
        street: 30,
        source: '区委《年度综合考核实施办法》：党建工作在党委部门年度目标中占50%，在街道占30%',
      },
      debriefing: {
        anonymous: true,
        form: [
          { key: 'duty', label: '履行第一责任人职责', max: 30 },
          { key: 'results', label: '抓党建工作成效', max: 30 },
          { key: 'problems', label: '问题整改落实', max: 20 },
          { key: 'masses', label: '群众认可度', max: 20 },
        ],
      },
    },
    indicators,
  };
}

/**
 * A published scheme of the demo district for this year, every branch's score computed from its
 * records (manual indicators scored by the street's review group), star ratings for three years
 * (three earlier years published; every tenth branch five stars three years running, with the reward).
 */
export async function seedAssessmentDemo({ db, now }: DemoSeedContext): Promise<void> {
  const district = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('code', '=', 'SFQ')
    .executeTakeFirst();
  if (!district) return;
  const year = now.getUTCFullYear();
  const scheme = demoScheme(year);
  const audit = async () => {};
  await db.transaction().execute(async (trx) => {
    const ctx = { trx, audit, now };
    const org = await loadOrg(trx, district.id);
    if (!org) return;
    const id = await createScheme(ctx, org, scheme);
    const created = await getScheme(trx, id);
    if (!created) return;
    // 三级联述职联评: every community's branch secretaries report at its debriefing meeting; the
    // district's and the street's reviewers rate them anonymously on the scheme's form.
    await sql`
      insert into assessment_debriefings (scheme_id, host_org_id, host_org_path, title, held_on, anonymous, status, created_at, closed_at)
      select ${id}, c.id, c.path, c.name || ${`${year}年度支部书记抓党建述职评议会`}::text, ${`${year}-12-10`}::date, true, 'closed', ${now}::timestamptz, ${now}::timestamptz
        from orgs c
       where c.path like ${`${district.path}%`} and c.level = 'community' and c.status = 'active'
         and exists (select 1 from orgs b where b.parent_id = c.id and b.kind in ('branch', 'general_branch') and b.status = 'active')`.execute(
      trx,
    );
    await sql`
      insert into assessment_debriefing_reports (debriefing_id, org_id, org_path, secretary_name, summary, score, ratings)
      select d.id, b.id, b.path, '支部书记',
             '围绕"三会一课"、为民办实事和问题整改，报告本年度抓党建工作情况、存在问题和下步打算。', null, 0
        from assessment_debriefings d
        join orgs b on b.parent_id = d.host_org_id and b.kind in ('branch', 'general_branch') and b.status = 'active'
       where d.scheme_id = ${id}`.execute(trx);
    await sql`
      insert into assessment_debriefing_ratings (report_id, reviewer_id, reviewer_name, items, score, comment, rated_at)
      select r.id, u.id, null, v.items, v.score, '述职内容翔实，问题查摆到位', ${now}::timestamptz
        from assessment_debriefing_reports r
        join assessment_debriefings d on d.id = r.debriefing_id and d.scheme_id = ${id}
        cross join (select id from users where username in ('district', 'approver', 'street')) u,
        lateral (select 22 + (r.org_id + u.id) % 9 as duty, 21 + (r.org_id * 3 + u.id) % 10 as results,
                        14 + (r.org_id + u.id * 5) % 7 as problems, 15 + (r.org_id * 7 + u.id) % 6 as masses) p,
        lateral (select jsonb_build_object('duty', p.duty, 'results', p.results, 'problems', p.problems, 'masses', p.masses) as items,
                        (p.duty + p.results + p.problems + p.masses)::numeric as score) v`.execute(trx);
    await sql`
      update assessment_debriefing_reports r
         set score = a.score, ratings = a.n
        from (select report_id, round(avg(score), 2) as score, count(*)::int as n
                from assessment_debriefing_ratings group by report_id) a
       where a.report_id = r.id`.execute(trx);
    // Published: every branch computed once from its records, with the street review group's
    // scores of the manual indicators (70–100 % of each weight, fixed per branch and indicator).
    const reviewer = await trx
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'district')
      .executeTakeFirst();
    await publishScheme(ctx, created, {
      reviewed: (orgId, ind) => ({
        indicatorId: ind.id,
        points: Math.round(ind.weight * (0.7 + ((orgId * 7 + ind.seq * 13) % 31) / 100) * 10) / 10,
        // Left empty: a reviewer's explanation is read from the reviewer, comment and evidence.
        explanation: '',
        facts: [],
        reviewerId: reviewer?.id ?? null,
        reviewerName: '街道党建考核组',
        evidence: '现场查阅台账、会议记录和活动照片',
        comment: '年度考核现场评分',
        scoredAt: now.toISOString(),
      }),
    });
    // Three earlier years, published: every tenth branch five stars each year (recognized, with
    // last year's reward shared by its committee), the others around this year's rating.
    for (const back of [1, 2, 3]) {
      await sql`
        insert into assessment_star_ratings (org_id, org_path, year, computed_stars, stars, status, published_at)
        select r.org_id, r.org_path, ${year - back}, v.stars, v.stars, 'published', ${now}
          from assessment_star_ratings r,
               lateral (select case when r.org_id % 10 = 0 then 5
                                    else greatest(1, least(4, r.stars + ((r.org_id + ${back}) % 3) - 1)) end as stars) v
         where r.year = ${year}
        on conflict (org_id, year) do nothing`.execute(trx);
    }
    await sql`
      insert into assessment_rewards (org_id, org_path, year, amount, recipients, note, recorded_at)
      select r.org_id, r.org_path, ${year - 1}, 30000,
             '[{"name":"支部书记","amount":12000},{"name":"组织委员","amount":9000},{"name":"宣传委员","amount":9000}]'::jsonb,
             '连续三年五星级党组织奖励金，按委员履职情况分配', ${now}
        from assessment_star_ratings r
       where r.year = ${year - 1} and r.org_id % 10 = 0 and r.stars = 5
      on conflict (org_id, year) do nothing`.execute(trx);
  });
}
