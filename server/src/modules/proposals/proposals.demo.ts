import type { DemoSeedContext } from '../../platform/module.ts';
import type { ProposalStatus } from './proposals.contract.ts';

type Category =
  | 'environment'
  | 'property'
  | 'safety'
  | 'elderly_child'
  | 'facilities'
  | 'traffic'
  | 'culture'
  | 'other';

const SAMPLES: readonly { title: string; content: string; category: Category; status: ProposalStatus }[] = [
  {
    title: '小区东门增设电动自行车充电桩',
    content: '楼道里私拉电线充电隐患大，建议在东门空地集中建设充电棚和充电桩。',
    category: 'safety',
    status: 'proposal',
  },
  {
    title: '老旧小区加装电梯协商',
    content: '3号楼多为老年住户，上下楼困难，希望社区牵头协商加装电梯。',
    category: 'facilities',
    status: 'deliberation',
  },
  {
    title: '设立社区老年助餐点',
    content: '独居老人吃饭难，建议利用党群服务中心一层设立助餐点。',
    category: 'elderly_child',
    status: 'decision',
  },
  {
    title: '垃圾分类投放点改造',
    content: '现有投放点异味大、雨天积水，建议加顶棚、设洗手池并调整投放时间。',
    category: 'environment',
    status: 'execution',
  },
  {
    title: '规范小区停车秩序',
    content: '夜间车辆乱停堵塞消防通道，建议划定车位并设置夜间临时停车区。',
    category: 'traffic',
    status: 'supervision',
  },
  {
    title: '修缮儿童游乐设施',
    content: '中心花园的滑梯和秋千损坏，存在安全隐患，建议尽快修缮。',
    category: 'facilities',
    status: 'closed',
  },
];

/** Proposals in every step for the first community of each street (deterministic). */
export async function seedProposalsDemo({ db, now }: DemoSeedContext): Promise<void> {
  const rule = await db
    .selectFrom('proposalRules')
    .select(['id', 'supportThreshold'])
    .where('orgId', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!rule) return;
  const communities = await db
    .selectFrom('orgs')
    .select(['id', 'code'])
    .where('level', '=', 'community')
    .where('code', 'like', 'SFQ-__-01')
    .orderBy('code')
    .execute();
  const resident = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'resident')
    .executeTakeFirst();
  const desk = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'community')
    .executeTakeFirst();
  const day = (offset: number) => new Date(now.getTime() - offset * 86_400_000);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const order: ProposalStatus[] = [
    'proposal',
    'deliberation',
    'decision',
    'execution',
    'supervision',
    'closed',
  ];
  // Plan every proposal first, then one multi-row insert per table (a few round trips in all).
  const plan = communities.flatMap((c, ci) =>
    SAMPLES.map((s, si) => {
      const own = c.code === 'SFQ-01-01';
      const stage = order.indexOf(s.status);
      const online = own && si % 2 === 0;
      return { c, ci, s, si, own, stage, online, created: day(40 - si * 3 + ci) };
    }),
  );
  if (plan.length === 0) return;
  const inserted = await db
    .insertInto('proposals')
    .values(
      plan.map(({ c, ci, s, si, stage, online, created }) => {
        const decided = stage >= 3;
        const support =
          stage >= 2 ? rule.supportThreshold + 3 : stage === 1 ? Math.max(0, rule.supportThreshold - 4) : 0;
        return {
          orgId: c.id,
          title: s.title,
          content: s.content,
          category: s.category,
          channel: online ? ('online' as const) : ('desk' as const),
          submittedBy: online ? (resident?.id ?? null) : (desk?.id ?? null),
          proposerUserId: online ? (resident?.id ?? null) : null,
          proposerName: online ? null : ['王桂兰', '李建国', '张秀英', '刘志强', '陈淑芬', '杨德明'][si],
          status: s.status,
          publishedAt: stage >= 1 ? day(35 - si * 3 + ci) : null,
          ruleId: stage >= 1 ? rule.id : null,
          supportThreshold: stage >= 1 ? rule.supportThreshold : null,
          supportCount: support,
          decisionBody: decided ? (si % 2 ? ('council' as const) : ('representatives' as const)) : null,
          expectedVoters: decided ? 25 : null,
          votesFor: decided ? 19 : null,
          votesAgainst: decided ? 3 : null,
          votesAbstain: decided ? 1 : null,
          decisionResult: decided ? ('adopted' as const) : null,
          decisionText: decided ? `经党群议事会表决通过：${s.title}，由社区党委牵头实施。` : null,
          decidedAt: decided ? day(20 - si) : null,
          decisionDisclosedAt: decided ? day(19 - si) : null,
          resultText: stage >= 4 ? '已按决议完成实施，现予公开，请居民监督评价。' : null,
          resultDisclosedAt: stage >= 4 ? day(5) : null,
          closedAt: stage >= 5 ? day(2) : null,
          sourceType: null,
          sourceId: null,
          createdAt: created,
          updatedAt: day(Math.max(1, 10 - si)),
        };
      }),
    )
    .returning(['id', 'orgId', 'title'])
    .execute();
  const idOf = new Map(inserted.map((r) => [`${r.orgId}|${r.title}`, r.id]));
  const rows = plan.map((p) => ({ ...p, id: idOf.get(`${p.c.id}|${p.s.title}`) as number }));

  await db
    .insertInto('proposalEvents')
    .values(
      rows.flatMap(({ id, ci, si, stage, created }) => {
        const events: { kind: string; from: ProposalStatus | null; to: ProposalStatus | null; at: Date }[] = [
          { kind: 'submitted', from: null, to: 'proposal', at: created },
        ];
        if (stage >= 1)
          events.push({ kind: 'accepted', from: 'proposal', to: 'deliberation', at: day(35 - si * 3 + ci) });
        if (stage >= 2)
          events.push({
            kind: 'submitted_for_decision',
            from: 'deliberation',
            to: 'decision',
            at: day(22 - si),
          });
        if (stage >= 3) events.push({ kind: 'decided', from: 'decision', to: 'execution', at: day(20 - si) });
        if (stage >= 4)
          events.push({ kind: 'result_disclosed', from: 'execution', to: 'supervision', at: day(5) });
        if (stage >= 5) events.push({ kind: 'confirmed', from: 'supervision', to: 'closed', at: day(2) });
        return events.map((e) => ({
          proposalId: id,
          kind: e.kind,
          fromStatus: e.from,
          toStatus: e.to,
          reason: null,
          detail: '{}',
          actorId: desk?.id ?? null,
          at: e.at,
        }));
      }),
    )
    .execute();
  const deliberated = rows.filter((r) => r.stage >= 1);
  if (deliberated.length) {
    await db
      .insertInto('proposalMeetings')
      .values(
        deliberated.map(({ id, s, si }) => ({
          proposalId: id,
          kind: 'analysis' as const,
          heldOn: iso(day(30 - si)),
          attendees: 18,
          minutes: `民情分析会：居民代表、网格员、驻地单位代表就“${s.title}”充分协商，形成初步方案。`,
          recordedBy: desk?.id ?? null,
          createdAt: day(30 - si),
        })),
      )
      .execute();
  }
  const executing = rows.filter((r) => r.stage >= 3);
  if (executing.length) {
    await db
      .insertInto('proposalTasks')
      .values(
        executing.flatMap(({ id, stage }) => [
          {
            proposalId: id,
            title: '制定实施方案并公示',
            ownerName: '社区党委 张书记',
            dueOn: iso(day(12)),
            progress: 100,
            note: '方案已公示 5 天',
            createdAt: day(18),
            updatedAt: day(12),
          },
          {
            proposalId: id,
            title: '组织施工与验收',
            ownerName: '物业服务中心 周经理',
            dueOn: iso(day(-10)),
            progress: stage >= 4 ? 100 : 60,
            note: null,
            createdAt: day(18),
            updatedAt: day(3),
          },
        ]),
      )
      .execute();
  }
  const confirmed = rows.filter((r) => r.stage >= 5 && r.own);
  if (resident && confirmed.length) {
    await db
      .insertInto('proposalFeedback')
      .values(
        confirmed.map(({ id }) => ({
          proposalId: id,
          userId: resident.id,
          onBehalfName: null,
          verdict: 'confirm' as const,
          reason: '已修好，孩子们很满意',
          at: day(2),
        })),
      )
      .execute();
  }
}
