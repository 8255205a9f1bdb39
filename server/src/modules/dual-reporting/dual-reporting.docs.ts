import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`dual-reporting.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const dualReportingDocs: RouteDocs = {
  module: 'dual-reporting',
  operations: {
    'GET /api/v1/dual-reporting/units': ['listUnits', '报到单位列表'],
    'GET /api/v1/dual-reporting/units/{id}': ['getUnit', '报到单位详情'],
    'POST /api/v1/orgs/{id}/dual-reporting/units': ['registerUnit', '单位报到'],
    'POST /api/v1/dual-reporting/units/{id}/members': ['registerUnitMembers', '在职党员报到'],
    'POST /api/v1/orgs/{id}/dual-reporting/needs': ['addNeed', '登记需求清单'],
    'POST /api/v1/dual-reporting/units/{id}/resources': ['addResource', '登记资源清单'],
    'GET /api/v1/dual-reporting/projects': ['listProjects', '项目清单'],
    'GET /api/v1/dual-reporting/projects/{id}': ['getProject', '项目详情'],
    'POST /api/v1/dual-reporting/projects/{id}/claim': ['claimProject', '认领项目'],
    'POST /api/v1/dual-reporting/projects/{id}/complete': ['completeProject', '完成项目'],
    'POST /api/v1/dual-reporting/registrations/{id}/services': ['recordService', '登记报到服务'],
    'GET /api/v1/dual-reporting/services': ['listServices', '报到服务列表'],
    'POST /api/v1/dual-reporting/services/{id}/confirm': ['confirmService', '确认报到服务'],
    'POST /api/v1/dual-reporting/services/{id}/reject': ['rejectService', '驳回报到服务'],
    'GET /api/v1/dual-reporting/stats': ['getStats', '双报到统计'],
  },
};
