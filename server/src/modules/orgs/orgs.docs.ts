import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { orgSchema } from './orgs.contract.ts';

z.globalRegistry.add(orgSchema, { id: 'Organization', description: '党组织' });

/** operationId (`orgs.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const orgsDocs: RouteDocs = {
  module: 'orgs',
  operations: {
    'GET /api/v1/orgs': ['listOrgs', '组织树列表'],
    'GET /api/v1/orgs/search': ['searchOrgs', '在本辖区内按名称查找组织'],
    'GET /api/v1/orgs/{id}': ['getOrg', '组织详情'],
    'PATCH /api/v1/orgs/{id}': ['updateOrg', '修改组织信息'],
    'GET /api/v1/orgs/{id}/history': ['listOrgHistory', '组织变更记录'],
    'POST /api/v1/orgs/{id}/children': ['createChildOrg', '新建下级组织'],
    'POST /api/v1/orgs/{id}/move': ['moveOrg', '调整组织隶属关系'],
    'POST /api/v1/orgs/{id}/close': ['closeOrg', '撤销组织'],
    'GET /api/v1/orgs/{id}/part-time-members': ['listPartTimeMembers', '兼职委员列表'],
    'POST /api/v1/orgs/{id}/part-time-members': ['addPartTimeMember', '增补兼职委员'],
    'POST /api/v1/orgs/{id}/part-time-members/{memberId}/end': ['endPartTimeMember', '兼职委员离任'],
    'GET /api/v1/org-imports/template': ['getOrgImportTemplate', '下载组织导入模板'],
    'POST /api/v1/orgs/{id}/org-imports': ['uploadOrgImport', '上传组织导入文件'],
    'GET /api/v1/org-imports/jobs/{jobId}': ['getOrgImportJob', '组织导入任务状态'],
    'POST /api/v1/org-imports/jobs/{jobId}/commit': ['commitOrgImport', '确认组织导入'],
  },
};
