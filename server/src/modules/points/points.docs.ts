import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`points.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const pointsDocs: RouteDocs = {
  module: 'points',
  operations: {
    'GET /api/v1/points/me': ['getMyPoints', '我的积分'],
    'GET /api/v1/points/rules': ['listPointRules', '积分规则'],
    'GET /api/v1/orgs/{id}/points/ranking': ['getPointRanking', '积分排名'],
    'GET /api/v1/orgs/{id}/points/ranking.csv': ['downloadPointRanking', '下载积分排名'],
    'GET /api/v1/points/members/{id}/entries': ['listMemberPointEntries', '党员积分明细'],
    'POST /api/v1/orgs/{id}/points/requests': ['requestPoints', '申报积分'],
    'GET /api/v1/points/requests': ['listPointRequests', '积分申报列表'],
    'POST /api/v1/points/requests/{id}/decision': ['decidePointRequest', '审核积分申报'],
    'POST /api/v1/points/entries/{id}/reverse': ['reversePointEntry', '冲销积分'],
    'POST /api/v1/points/requests/{id}/approve': ['approvePointsRequest', '通过积分申请'],
    'POST /api/v1/points/requests/{id}/reject': ['rejectPointsRequest', '不予通过积分申请'],
  },
};
