import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`co-building.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const coBuildingDocs: RouteDocs = {
  module: 'co-building',
  operations: {
    'GET /api/v1/co-building/units': ['listUnits', '共建单位列表'],
    'GET /api/v1/co-building/meetings': ['listJointMeetings', '联席会议列表'],
    'GET /api/v1/co-building/meetings/{id}': ['getJointMeeting', '联席会议详情'],
    'GET /api/v1/co-building/activities': ['listActivities', '共建活动列表'],
    'GET /api/v1/co-building/agreements': ['listAgreements', '共建协议列表'],
    'GET /api/v1/co-building/stats': ['getStats', '共驻共建统计'],
    'POST /api/v1/orgs/{id}/co-building/units': ['addUnit', '登记共建单位'],
    'POST /api/v1/orgs/{id}/co-building/meetings': ['createJointMeeting', '召开联席会议'],
    'POST /api/v1/orgs/{id}/co-building/activities': ['createActivity', '开展共建活动'],
    'POST /api/v1/orgs/{id}/co-building/agreements': ['createAgreement', '签订共建协议'],
    'POST /api/v1/co-building/issues/{id}/solve': ['solveIssue', '办结联席会议议题'],
    'GET /api/v1/co-building/ledger.xlsx': ['exportLedger', '导出共驻共建活动台账（Excel）'],
  },
};
