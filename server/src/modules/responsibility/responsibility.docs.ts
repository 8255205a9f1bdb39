import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { itemSchema, listSchema } from './responsibility.contract.ts';

z.globalRegistry.add(listSchema, { id: 'ResponsibilityList', description: '责任清单' });
z.globalRegistry.add(itemSchema, { id: 'ResponsibilityItem', description: '责任清单事项' });

/** operationId (`responsibility.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const responsibilityDocs: RouteDocs = {
  module: 'responsibility',
  operations: {
    'GET /api/v1/responsibility/kinds': ['listKinds', '清单类型'],
    'GET /api/v1/responsibility/lists': ['listLists', '组织年度责任清单'],
    'GET /api/v1/responsibility/lists/{id}': ['getList', '清单详情与签字记录'],
    'POST /api/v1/orgs/{id}/responsibility/lists': ['createList', '制定清单'],
    'POST /api/v1/orgs/{id}/responsibility/take': ['takeFromAbove', '承接上级清单'],
    'POST /api/v1/responsibility/lists/{id}/items': ['addItem', '新增清单事项'],
    'POST /api/v1/responsibility/lists/{id}/sign': ['signList', '签字背书'],
    'GET /api/v1/responsibility/items': ['listItems', '下级清单事项（逾期优先）'],
    'POST /api/v1/responsibility/items/{id}/revise': ['reviseItem', '修改清单事项'],
    'POST /api/v1/responsibility/items/{id}/progress': ['reportProgress', '报告事项进展'],
    'GET /api/v1/responsibility/items/{id}/progress': ['listProgress', '事项进展记录'],
    'POST /api/v1/responsibility/progress/{id}/attachments': ['addAttachment', '上传进展附件'],
    'GET /api/v1/responsibility/attachments/{id}': ['getAttachment', '下载进展附件'],
    'GET /api/v1/responsibility/breakthroughs': ['listBreakthroughs', '书记突破项目（含下级，逾期优先）'],
    'GET /api/v1/responsibility/breakthroughs/{id}': ['getBreakthrough', '突破项目详情'],
    'POST /api/v1/orgs/{id}/responsibility/breakthroughs': ['createBreakthrough', '确定书记突破项目'],
    'POST /api/v1/responsibility/breakthroughs/{id}/milestones': ['reachMilestone', '完成项目节点'],
    'POST /api/v1/responsibility/breakthroughs/{id}/finish': ['finishBreakthrough', '突破项目完成'],
    'GET /api/v1/responsibility/report-rounds': ['listReportRounds', '写实调度轮次'],
    'POST /api/v1/orgs/{id}/responsibility/report-rounds': ['requestReports', '发起季度写实调度'],
    'GET /api/v1/responsibility/reports': ['listReports', '写实调度报告（含下级）'],
    'GET /api/v1/responsibility/reports/{id}': ['getReport', '调度报告详情'],
    'POST /api/v1/responsibility/reports/{id}/save': ['saveReport', '保存调度报告'],
    'POST /api/v1/responsibility/reports/{id}/refresh': ['refreshReport', '重新提取清单进展'],
    'POST /api/v1/responsibility/reports/{id}/submit': ['submitReport', '报送调度报告'],
    'POST /api/v1/responsibility/reports/{id}/return': ['returnReport', '退回调度报告'],
    'POST /api/v1/responsibility/reports/{id}/accept': ['acceptReport', '调度报告审核通过'],
  },
};
