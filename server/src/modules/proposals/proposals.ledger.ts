import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { chinaDate } from '../../platform/clock.ts';
import { pathWithin } from '../../platform/scope.ts';
import { addLedgerSheet, escapeFormula, mountLedger, workbookBuffer } from '../../platform/spreadsheet.ts';
import type { ProposalChannel, ProposalStatus } from './proposals.contract.ts';

const STATUS: Record<ProposalStatus, string> = {
  proposal: '提案',
  deliberation: '协商',
  decision: '决策',
  execution: '执行',
  supervision: '监督',
  closed: '已办结',
  declined: '不予受理',
};
const CHANNEL: Record<ProposalChannel, string> = {
  online: '网上提交',
  desk: '窗口代录',
  request: '诉求转入',
};
const CATEGORY: Record<string, string> = {
  environment: '环境卫生',
  property: '物业管理',
  safety: '平安建设',
  elderly_child: '一老一小',
  facilities: '设施改造',
  traffic: '交通停车',
  culture: '文化活动',
  other: '其他',
};
const BODY = { representatives: '居民代表会议', council: '党群议事会' } as const;
const RESULT = { adopted: '通过', rejected: '未通过' } as const;

const day = (at: Date | null) => (at ? chinaDate(at) : '');
const text = (v: string | null | undefined) => escapeFormula(v ?? '');

/**
 * 群众提案台账 (`GET /proposals/ledger.xlsx?orgId&from&to`): the proposals of the subtree received in
 * the period, one row each through the five steps (support, the vote, the resolution, the result,
 * residents' verdicts), and a sheet of their execution tasks. Proposers' names are not exported.
 */
export function mountProposalsLedger(app: FastifyInstance): void {
  mountLedger(app, {
    path: '/proposals/ledger.xlsx',
    access: 'proposals.read',
    tags: ['proposals'],
    title: '群众提案台账',
    describe: '群众提案台账（.xlsx：提案台账、落实任务两张表）',
    audit: 'proposals.export',
    async build(db, scope) {
      let q = db
        .selectFrom('proposals as p')
        .innerJoin('orgs as o', 'o.id', 'p.orgId')
        .select([
          'p.id',
          'o.name as orgName',
          'p.title',
          'p.category',
          'p.channel',
          'p.status',
          'p.createdAt',
          'p.publishedAt',
          'p.supportCount',
          'p.supportThreshold',
          'p.decisionBody',
          'p.expectedVoters',
          'p.votesFor',
          'p.votesAgainst',
          'p.votesAbstain',
          'p.decisionResult',
          'p.decisionText',
          'p.decidedAt',
          'p.resultText',
          'p.closedAt',
          'p.reopenCount',
        ])
        .select((eb) => [
          eb
            .selectFrom('proposalFeedback as f')
            .whereRef('f.proposalId', '=', 'p.id')
            .where('f.verdict', '=', 'confirm')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('confirms'),
          eb
            .selectFrom('proposalFeedback as f')
            .whereRef('f.proposalId', '=', 'p.id')
            .where('f.verdict', '=', 'reopen')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('reopens'),
        ])
        .where((eb) => pathWithin(eb, 'o.path', scope.paths));
      if (scope.fromAt) q = q.where('p.createdAt', '>=', scope.fromAt);
      if (scope.toAt) q = q.where('p.createdAt', '<=', scope.toAt);
      const rows = await q.orderBy('o.path').orderBy('p.createdAt').orderBy('p.id').limit(20_000).execute();

      const wb = new ExcelJS.Workbook();
      const sheet = addLedgerSheet(wb, '提案台账', [
        { header: '编号', key: 'id', width: 8 },
        { header: '组织', key: 'org', width: 24 },
        { header: '标题', key: 'title', width: 30 },
        { header: '类别', key: 'category', width: 10 },
        { header: '来源', key: 'channel', width: 10 },
        { header: '提出日期', key: 'created', width: 11 },
        { header: '公示日期', key: 'published', width: 11 },
        { header: '附议人数', key: 'support', width: 8 },
        { header: '附议门槛', key: 'threshold', width: 8 },
        { header: '当前环节', key: 'status', width: 9 },
        { header: '表决主体', key: 'body', width: 12 },
        { header: '应到', key: 'expected', width: 6 },
        { header: '赞成', key: 'for', width: 6 },
        { header: '反对', key: 'against', width: 6 },
        { header: '弃权', key: 'abstain', width: 6 },
        { header: '表决结果', key: 'result', width: 8 },
        { header: '决议日期', key: 'decided', width: 11 },
        { header: '决议内容', key: 'decision', width: 36 },
        { header: '办理结果', key: 'outcome', width: 36 },
        { header: '办结日期', key: 'closed', width: 11 },
        { header: '居民认可', key: 'confirms', width: 8 },
        { header: '要求重办', key: 'reopens', width: 8 },
        { header: '退回重办次数', key: 'reopenCount', width: 10 },
      ]);
      for (const r of rows) {
        sheet.addRow({
          id: r.id,
          org: text(r.orgName),
          title: text(r.title),
          category: CATEGORY[r.category] ?? text(r.category),
          channel: CHANNEL[r.channel],
          created: day(r.createdAt),
          published: day(r.publishedAt),
          support: r.supportCount,
          threshold: r.supportThreshold,
          status: STATUS[r.status],
          body: r.decisionBody ? BODY[r.decisionBody] : '',
          expected: r.expectedVoters,
          for: r.votesFor,
          against: r.votesAgainst,
          abstain: r.votesAbstain,
          result: r.decisionResult ? RESULT[r.decisionResult] : '',
          decided: day(r.decidedAt),
          decision: text(r.decisionText),
          outcome: text(r.resultText),
          closed: day(r.closedAt),
          confirms: Number(r.confirms ?? 0),
          reopens: Number(r.reopens ?? 0),
          reopenCount: r.reopenCount,
        });
      }

      const tasks = addLedgerSheet(wb, '落实任务', [
        { header: '提案编号', key: 'proposal', width: 8 },
        { header: '提案标题', key: 'title', width: 30 },
        { header: '任务', key: 'task', width: 30 },
        { header: '责任人', key: 'owner', width: 12 },
        { header: '完成时限', key: 'due', width: 11 },
        { header: '进度（%）', key: 'progress', width: 8 },
        { header: '说明', key: 'note', width: 36 },
      ]);
      const titles = new Map(rows.map((r) => [r.id, r.title]));
      const ids = rows.map((r) => r.id);
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = await db
          .selectFrom('proposalTasks')
          .select(['proposalId', 'title', 'ownerName', 'dueOn', 'progress', 'note'])
          .where('proposalId', 'in', ids.slice(i, i + 1000))
          .orderBy('proposalId')
          .orderBy('id')
          .execute();
        for (const t of chunk) {
          tasks.addRow({
            proposal: t.proposalId,
            title: text(titles.get(t.proposalId)),
            task: text(t.title),
            owner: text(t.ownerName),
            due: t.dueOn,
            progress: t.progress,
            note: text(t.note),
          });
        }
      }
      return { buffer: await workbookBuffer(wb), rows: rows.length };
    },
  });
}
