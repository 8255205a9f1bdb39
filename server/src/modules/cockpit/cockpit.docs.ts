import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`cockpit.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const cockpitDocs: RouteDocs = {
  module: 'cockpit',
  operations: {
    'GET /api/v1/cockpit': ['getCockpit', '驾驶舱数据'],
  },
};
