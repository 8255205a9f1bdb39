import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { requestSchema } from './service-requests.contract.ts';

z.globalRegistry.add(requestSchema, { id: 'ServiceRequest', description: '民情诉求' });

/** operationId (`service-requests.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const serviceRequestsDocs: RouteDocs = {
  module: 'service-requests',
  operations: {
    'GET /api/v1/service-request-categories': ['listCategories', '诉求分类列表'],
    'POST /api/v1/service-request-categories': ['createCategory', '新建诉求分类'],
    'PATCH /api/v1/service-request-categories/{id}': ['updateCategory', '修改诉求分类'],
    'GET /api/v1/service-requests/rules/current': ['getCurrentRule', '当前办理时限规则'],
    'POST /api/v1/service-requests/rules': ['createRule', '发布办理时限规则'],
    'POST /api/v1/orgs/{id}/service-requests': ['submitRequest', '登记诉求'],
    'GET /api/v1/service-requests': ['listRequests', '诉求列表'],
    'GET /api/v1/service-requests/stats': ['getStats', '诉求统计'],
    'POST /api/v1/orgs/{id}/service-requests/escalate-overdue': ['escalateOverdue', '超期诉求上报'],
    'GET /api/v1/service-requests/{id}': ['getRequest', '诉求详情'],
    'GET /api/v1/service-requests/{id}/history': ['listRequestHistory', '诉求办理过程'],
    'GET /api/v1/service-requests/{id}/photo': ['getRequestPhoto', '诉求照片'],
    'GET /api/v1/service-requests/{id}/print': ['printRequest', '打印诉求办理单'],
    'GET /api/v1/service-requests/{id}/print.pdf': ['printRequestPdf', '诉求办理单 PDF'],
    'POST /api/v1/service-requests/{id}/resolve-on-spot': ['resolveOnSpot', '当场解决'],
    'POST /api/v1/service-requests/{id}/transfer': ['transferRequest', '登记转办'],
    'POST /api/v1/service-requests/{id}/escalate': ['escalateRequest', '上报上级'],
    'POST /api/v1/service-requests/{id}/complete': ['completeRequest', '办结'],
    'POST /api/v1/service-requests/{id}/confirm': ['confirmRequest', '满意度回访（评价并确认办结）'],
    'POST /api/v1/service-requests/{id}/reopen': ['reopenRequest', '问题没有解决，重新办理'],
    'POST /api/v1/service-requests/{id}/rating': ['correctRating', '修改满意度评价'],
    'GET /api/v1/service-requests/ledger.xlsx': ['exportLedger', '导出诉求台账（Excel）'],
    'POST /api/v1/service-requests/{id}/promote': ['promoteToProposal', '转为提案'],
    'GET /api/v1/service-request-notifications': ['listNotifications', '诉求消息'],
    'POST /api/v1/service-request-notifications/read': ['markNotificationsRead', '消息标为已读'],
  },
};
