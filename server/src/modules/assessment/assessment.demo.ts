import { sql } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.ts';
import { loadOrg } from '../../platform/org-scope.ts';
import type { IndicatorInput, SchemeInput } from './assessment.contract.ts';
import { getScheme } from './assessment.queries.ts';
import { createScheme, publishScheme, recomputeScheme } from './assessment.service.ts';

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
    starRules: { five: 90, four: 80, three: 70, two: 60 },
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
    await publishScheme(ctx, created);
    // The street review group's manual scores: 70–100 % of each weight, fixed per branch and indicator.
    await sql`
      update assessment_indicator_scores x
         set points = round(i.weight * (0.7 + ((c.org_id * 7 + i.seq * 13) % 31) / 100.0), 1),
             reviewer_name = '街道党建考核组', evidence = '现场查阅台账、会议记录和活动照片',
             comment = '年度考核现场评分', scored_at = ${now},
             reviewer_id = (select id from users where username = 'district'),
             explanation = '评审人街道党建考核组评分：年度考核现场评分（佐证：现场查阅台账、会议记录和活动照片）'
        from assessment_indicators i, assessment_scores c
       where i.id = x.indicator_id and c.id = x.score_id and i.method = 'manual' and c.scheme_id = ${id}`.execute(
      trx,
    );
    await recomputeScheme(ctx, id);
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
