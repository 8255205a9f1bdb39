import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`org-life.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const orgLifeDocs: RouteDocs = {
  module: 'org-life',
  operations: {
    'GET /api/v1/org-life/catalogue': ['getCatalogue', '组织生活必做清单'],
    'GET /api/v1/org-life/catalogues': ['listCatalogues', '组织生活清单版本'],
    'POST /api/v1/org-life/catalogues': ['createCatalogue', '发布组织生活清单'],
    'PUT /api/v1/orgs/{id}/org-life-profile': ['setOrgLifeProfile', '设置组织生活档案'],
    'GET /api/v1/org-life/compliance': ['listCompliance', '组织生活完成情况'],
    'GET /api/v1/org-life/compliance/summary': ['getComplianceSummary', '组织生活完成情况汇总'],
    'GET /api/v1/org-life/supervision': ['listSupervision', '组织生活督导'],
    'GET /api/v1/orgs/{id}/org-life/calendar': ['getOrgLifeCalendar', '组织生活日历'],
    'GET /api/v1/org-life/digest': ['getDigest', '组织生活提醒摘要'],
    'GET /api/v1/org-life/meetings': ['listMeetings', '组织生活活动列表'],
    'POST /api/v1/orgs/{id}/meetings': ['createMeeting', '备案组织生活活动'],
    'GET /api/v1/org-life/meetings/{id}': ['getMeeting', '组织生活活动详情'],
    'PATCH /api/v1/org-life/meetings/{id}': ['updateMeeting', '修改组织生活活动'],
    'GET /api/v1/org-life/meetings/{id}/roster': ['getMeetingRoster', '活动应到人员名单'],
    'PUT /api/v1/org-life/meetings/{id}/record': ['saveMeetingRecord', '填写活动纪实'],
    'POST /api/v1/org-life/meetings/{id}/sign': ['signMeeting', '签到'],
    'POST /api/v1/org-life/meetings/{id}/amendments': ['addMeetingAmendment', '补充活动纪实'],
    'POST /api/v1/org-life/meetings/{id}/cancel': ['cancelMeeting', '取消活动'],
    'POST /api/v1/org-life/meetings/{id}/inspection': ['inspectMeeting', '督导检查活动'],
    'POST /api/v1/org-life/meetings/{id}/attachments': ['uploadMeetingAttachment', '上传活动附件'],
    'GET /api/v1/org-life/attachments/{id}': ['getAttachment', '下载活动附件'],
    'GET /api/v1/orgs/{id}/org-life/ledger.xlsx': ['downloadOrgLifeLedger', '下载组织生活台账'],
  },
};
