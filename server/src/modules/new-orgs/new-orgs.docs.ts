import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`new-orgs.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const newOrgsDocs: RouteDocs = {
  module: 'new-orgs',
  operations: {
    'GET /api/v1/new-orgs': ['listNewOrgs', '"两新"组织列表'],
    'GET /api/v1/new-orgs/coverage': ['getNewOrgCoverage', '"两新"组织党建覆盖情况'],
    'GET /api/v1/new-orgs/{id}': ['getNewOrg', '"两新"组织详情'],
    'PATCH /api/v1/new-orgs/{id}': ['updateNewOrg', '修改"两新"组织'],
    'POST /api/v1/orgs/{id}/new-orgs': ['createNewOrg', '登记"两新"组织'],
  },
};
