import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { chinaDate } from '../../platform/clock.ts';
import { pathWithin } from '../../platform/scope.ts';
import { addLedgerRows, mountLedger, workbookBuffer } from '../../platform/spreadsheet.ts';
import type { ProposalChannel } from './proposals.contract.ts';
import { STEP_LABELS } from './proposals.service.ts';

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
      addLedgerRows(
        wb,
        '提案台账',
        [
          { header: '编号', width: 8, value: (r) => r.id },
          { header: '组织', width: 24, value: (r) => r.orgName },
          { header: '标题', width: 30, value: (r) => r.title },
          { header: '类别', width: 10, value: (r) => CATEGORY[r.category] ?? r.category },
          { header: '来源', width: 10, value: (r) => CHANNEL[r.channel] },
          { header: '提出日期', width: 11, value: (r) => day(r.createdAt) },
          { header: '公示日期', width: 11, value: (r) => day(r.publishedAt) },
          { header: '附议人数', width: 8, value: (r) => r.supportCount },
          { header: '附议门槛', width: 8, value: (r) => r.supportThreshold },
          { header: '当前环节', width: 9, value: (r) => STEP_LABELS[r.status] },
          { header: '表决主体', width: 12, value: (r) => (r.decisionBody ? BODY[r.decisionBody] : '') },
          { header: '应到', width: 6, value: (r) => r.expectedVoters },
          { header: '赞成', width: 6, value: (r) => r.votesFor },
          { header: '反对', width: 6, value: (r) => r.votesAgainst },
          { header: '弃权', width: 6, value: (r) => r.votesAbstain },
          { header: '表决结果', width: 8, value: (r) => (r.decisionResult ? RESULT[r.decisionResult] : '') },
          { header: '决议日期', width: 11, value: (r) => day(r.decidedAt) },
          { header: '决议内容', width: 36, value: (r) => r.decisionText },
          { header: '办理结果', width: 36, value: (r) => r.resultText },
          { header: '办结日期', width: 11, value: (r) => day(r.closedAt) },
          { header: '居民认可', width: 8, value: (r) => Number(r.confirms ?? 0) },
          { header: '要求重办', width: 8, value: (r) => Number(r.reopens ?? 0) },
          { header: '退回重办次数', width: 10, value: (r) => r.reopenCount },
        ],
        rows,
      );

      const titles = new Map(rows.map((r) => [r.id, r.title]));
      const ids = rows.map((r) => r.id);
      const tasks = [];
      for (let i = 0; i < ids.length; i += 1000) {
        tasks.push(
          ...(await db
            .selectFrom('proposalTasks')
            .select(['proposalId', 'title', 'ownerName', 'dueOn', 'progress', 'note'])
            .where('proposalId', 'in', ids.slice(i, i + 1000))
            .orderBy('proposalId')
            .orderBy('id')
            .execute()),
        );
      }
      addLedgerRows(
        wb,
        '落实任务',
        [
          { header: '提案编号', width: 8, value: (t) => t.proposalId },
          { header: '提案标题', width: 30, value: (t) => titles.get(t.proposalId) },
          { header: '任务', width: 30, value: (t) => t.title },
          { header: '责任人', width: 12, value: (t) => t.ownerName },
          { header: '完成时限', width: 11, value: (t) => t.dueOn },
          { header: '进度（%）', width: 8, value: (t) => t.progress },
          { header: '说明', width: 36, value: (t) => t.note },
        ],
        tasks,
      );
      return { buffer: await workbookBuffer(wb), rows: rows.length };
    },
  });
}
