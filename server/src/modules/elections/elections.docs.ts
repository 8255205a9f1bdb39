import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { adjustmentSchema, electionSchema, termSchema } from './elections.contract.ts';

z.globalRegistry.add(termSchema, { id: 'OrgTerm', description: '组织任期' });
z.globalRegistry.add(electionSchema, { id: 'Election', description: '换届选举' });
z.globalRegistry.add(adjustmentSchema, { id: 'TermAdjustment', description: '延期或提前换届申请' });

/** operationId (`elections.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const electionsDocs: RouteDocs = {
  module: 'elections',
  operations: {
    'GET /api/v1/orgs/{id}/term': ['getTerm', '组织任期与换届提醒'],
    'GET /api/v1/elections/terms': ['listTerms', '下级组织任期（到期、逾期）'],
    'POST /api/v1/orgs/{id}/terms': ['startTerm', '登记任期'],
    'POST /api/v1/orgs/{id}/term/adjustments': ['requestAdjustment', '申请延期或提前换届'],
    'GET /api/v1/elections/adjustments': ['listAdjustments', '延期或提前换届申请'],
    'POST /api/v1/elections/adjustments/{id}/approve': ['approveAdjustment', '批准延期或提前换届'],
    'POST /api/v1/elections/adjustments/{id}/reject': ['rejectAdjustment', '不批准延期或提前换届'],
    'GET /api/v1/elections': ['listElections', '换届选举'],
    'GET /api/v1/elections/{id}': ['getElection', '换届选举详情'],
    'POST /api/v1/orgs/{id}/elections': ['requestElection', '换届请示'],
    'POST /api/v1/elections/{id}/approve': ['approveElection', '批复换届请示'],
    'POST /api/v1/elections/{id}/reject': ['rejectElection', '不予批复换届'],
    'POST /api/v1/elections/{id}/checklist': ['updateChecklist', '更新换届准备工作'],
    'POST /api/v1/elections/{id}/candidates': ['nominate', '上报候选人'],
    'POST /api/v1/elections/{id}/review': ['reviewCandidates', '审查同意候选人'],
    'POST /api/v1/elections/{id}/vote': ['recordVote', '登记选举结果'],
    'POST /api/v1/elections/{id}/officers': ['electOfficers', '登记书记副书记'],
    'POST /api/v1/elections/{id}/confirm': ['confirmElection', '批准选举结果'],
  },
};
