import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId and Chinese summary of each route, for the OpenAPI document. */
export const developmentDocs: RouteDocs = {
  module: 'development',
  operations: {
    'GET /api/v1/development-rules': ['getDevelopmentRules', '发展党员时限规则与步骤'],
    'POST /api/v1/development-rules': ['addDevelopmentRuleVersion', '新增发展党员时限规则版本'],
    'GET /api/v1/orgs/{id}/development': ['listDevelopmentCases', '发展党员工作进度'],
    'GET /api/v1/orgs/{id}/development/summary': ['summarizeDevelopment', '发展党员分阶段统计'],
    'POST /api/v1/orgs/{id}/development': ['applyToJoin', '登记入党申请'],
    'GET /api/v1/development/{id}': ['getDevelopmentCase', '发展对象详情'],
    'POST /api/v1/development/{id}/files': ['uploadDevelopmentFile', '上传本步骤形成的材料'],
    'GET /api/v1/development/{id}/files/{fileId}': ['downloadDevelopmentFile', '下载发展材料'],
    'POST /api/v1/development/{id}/complete': ['completeDevelopmentStep', '完成发展步骤'],
    'POST /api/v1/development/{id}/approve': ['approveDevelopmentStep', '上级党委办理发展步骤'],
    'POST /api/v1/development/{id}/assess': ['assessActivist', '登记半年考察'],
    'POST /api/v1/development/{id}/clear-relative': ['clearRelativeFlag', '核查优亲厚友提示'],
  },
};
