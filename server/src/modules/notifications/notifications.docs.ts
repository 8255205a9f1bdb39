import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`notifications.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const notificationsDocs: RouteDocs = {
  module: 'notifications',
  operations: {
    'GET /api/v1/notifications/todos': ['listTodos', '查询本人待办'],
    'POST /api/v1/notifications/read': ['markTodosRead', '标记待办已读'],
  },
};
