import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { proposalSchema } from './proposals.contract.ts';

z.globalRegistry.add(proposalSchema, { id: 'Proposal', description: '提案' });

/** operationId (`proposals.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const proposalsDocs: RouteDocs = {
  module: 'proposals',
  operations: {
    'GET /api/v1/proposals': ['listProposals', '提案列表'],
    'GET /api/v1/proposals/stats': ['getProposalStats', '提案统计'],
    'GET /api/v1/proposals/{id}': ['getProposal', '提案详情'],
    'POST /api/v1/orgs/{id}/proposals': ['createProposal', '提交提案'],
    'POST /api/v1/proposals/{id}/accept': ['acceptProposal', '受理提案'],
    'POST /api/v1/proposals/{id}/decline': ['declineProposal', '不予受理提案'],
    'POST /api/v1/proposals/{id}/support': ['supportProposal', '附议提案'],
    'POST /api/v1/proposals/{id}/comments': ['commentProposal', '评论提案'],
    'POST /api/v1/proposals/{id}/meetings': ['scheduleDeliberation', '安排协商会议'],
    'POST /api/v1/proposals/{id}/submit-for-decision': ['submitForDecision', '提交决策'],
    'POST /api/v1/proposals/{id}/decision': ['decideProposal', '决策'],
    'POST /api/v1/proposals/{id}/tasks': ['addProposalTask', '分解执行任务'],
    'POST /api/v1/proposals/{id}/disclosures': ['discloseProposal', '公开提案进展'],
    'POST /api/v1/proposals/{id}/feedback': ['giveFeedback', '反馈评价'],
    'POST /api/v1/proposals/{id}/return': ['returnProposal', '退回提案'],
    'PATCH /api/v1/proposals/{id}/tasks/{taskId}': ['updateProposalTask', '更新执行任务'],
    'GET /api/v1/orgs/{id}/proposal-rule': ['getProposalRule', '提案规则'],
    'POST /api/v1/orgs/{id}/proposal-rules': ['setProposalRule', '设置提案规则'],
    'GET /api/v1/proposals/ledger.xlsx': ['exportProposalsLedger', '导出群众提案台账（Excel）'],
  },
};
