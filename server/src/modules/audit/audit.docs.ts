import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`audit.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const auditDocs: RouteDocs = {
  module: 'audit',
  operations: {
    'GET /api/v1/audit': ['listAuditLog', '查询审计日志'],
    'GET /api/v1/audit/export': ['exportAuditLog', '导出审计日志'],
    'GET /api/v1/audit/verify': ['verifyAuditChain', '校验审计链完整性'],
  },
};
