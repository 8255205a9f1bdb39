import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import {
  apiKeySchema,
  open311RequestSchema,
  serviceDefinitionSchema,
  serviceSchema,
} from './open311.contract.ts';

z.globalRegistry.add(open311RequestSchema, { id: 'Open311ServiceRequest', description: 'Open311 诉求' });
z.globalRegistry.add(serviceSchema, { id: 'Open311Service', description: 'Open311 服务' });
z.globalRegistry.add(serviceDefinitionSchema, {
  id: 'Open311ServiceDefinition',
  description: 'Open311 服务定义',
});
z.globalRegistry.add(apiKeySchema, { id: 'ApiKey', description: '接口密钥' });

/** operationId (`open311.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const open311Docs: RouteDocs = {
  module: 'open311',
  operations: {
    'GET /api/v1/open311-keys': ['listKeys', '接口密钥列表'],
    'POST /api/v1/orgs/{id}/open311-keys': ['createKey', '签发接口密钥'],
    'POST /api/v1/open311-keys/{id}/revoke': ['revokeKey', '停用接口密钥'],
    'GET /api/v1/open311-services': ['listServiceSettings', '热线服务定义列表（含属性）'],
    'PUT /api/v1/open311-services/{code}/attributes': ['setServiceAttributes', '设置服务属性（服务定义）'],
    'GET /api/v1/service-requests/{id}/open311': ['getRequestDetails', '热线诉求的补充信息'],
    'POST /api/v1/service-requests/{id}/open311/reveal-email': [
      'revealRequestEmail',
      '查看热线诉求的完整邮箱（留痕）',
    ],
    'GET /open311/discovery.json': ['discovery', 'Open311 服务发现文档', { security: 'none' }],
    'GET /open311/v2/services.json': ['listServices', 'Open311 服务列表'],
    'GET /open311/v2/services/{service_code}.json': ['getServiceDefinition', 'Open311 服务定义'],
    'GET /open311/v2/requests.json': ['listRequests', 'Open311 诉求列表'],
    'POST /open311/v2/requests.json': ['postRequest', 'Open311 提交诉求'],
    'GET /open311/v2/requests/{id}.json': ['getRequest', 'Open311 诉求详情'],
    'GET /open311/v2/servicerequestupdates.json': ['listUpdates', 'Open311 诉求更新列表'],
    'POST /open311/v2/servicerequestupdates.json': ['postUpdate', 'Open311 提交诉求更新'],
  },
};
