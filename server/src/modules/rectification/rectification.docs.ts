import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { campaignSchema, itemSchema } from './rectification.contract.ts';

z.globalRegistry.add(itemSchema, { id: 'RectificationItem', description: '整改事项' });
z.globalRegistry.add(campaignSchema, { id: 'InspectionCampaign', description: '督查检查' });

/** operationId (`rectification.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const rectificationDocs: RouteDocs = {
  module: 'rectification',
  operations: {
    'GET /api/v1/rectification/items': ['listItems', '整改事项列表（逾期优先）'],
    'GET /api/v1/rectification/items/{id}': ['getItem', '整改事项详情'],
    'POST /api/v1/rectification/items/{id}/evidence': ['addEvidence', '上传整改佐证'],
    'POST /api/v1/rectification/items/{id}/submit': ['submitItem', '提交整改'],
    'POST /api/v1/rectification/items/{id}/verify': ['verifyItem', '审核通过'],
    'POST /api/v1/rectification/items/{id}/return': ['returnItem', '退回整改'],
    'POST /api/v1/rectification/items/{id}/close': ['closeItem', '整改销号'],
    'GET /api/v1/rectification/evidence/{id}': ['getEvidence', '下载佐证材料'],
    'GET /api/v1/rectification/figures': ['getFigures', '督查整改统计'],
    'POST /api/v1/orgs/{id}/rectification/sweep': ['sweep', '到期提醒与逾期上报'],
    'GET /api/v1/inspections': ['listCampaigns', '督查检查列表'],
    'GET /api/v1/inspections/{id}': ['getCampaign', '督查检查详情'],
    'POST /api/v1/orgs/{id}/inspections': ['launchCampaign', '发起督查检查'],
    'POST /api/v1/inspections/{id}/findings': ['recordFinding', '记录检查发现的问题'],
    'POST /api/v1/inspections/{id}/close': ['closeCampaign', '结束检查'],
    'POST /api/v1/inspection-findings/{id}/evidence': ['addFindingEvidence', '上传问题佐证照片'],
    'GET /api/v1/rectification/interviews': ['listInterviews', '约谈记录（含下级）'],
    'GET /api/v1/rectification/interviews/{id}': ['getInterview', '约谈记录详情'],
    'GET /api/v1/rectification/interview-candidates': ['listInterviewCandidates', '屡次整改不到位的组织'],
    'POST /api/v1/orgs/{id}/rectification/interviews': ['recordInterview', '记录约谈'],
    'POST /api/v1/rectification/interviews/{id}/notes': ['followUpInterview', '约谈后续跟进'],
    'POST /api/v1/rectification/interviews/{id}/conclude': ['concludeInterview', '办结约谈'],
    'GET /api/v1/rectification/site-visits': ['listSiteVisits', '现场观摩（含下级组织的观摩）'],
    'GET /api/v1/rectification/site-visits/{id}': ['getSiteVisit', '现场观摩详情'],
    'POST /api/v1/orgs/{id}/rectification/site-visits': ['planSiteVisit', '安排现场观摩'],
    'POST /api/v1/rectification/site-visit-stops/{id}/review': [
      'reviewSiteVisitStop',
      '观摩点位评分与现场点评',
    ],
    'POST /api/v1/rectification/site-visits/{id}/close': ['closeSiteVisit', '结束现场观摩'],
    'GET /api/v1/rectification/gap-lists': ['listGapLists', '差距清单与赶超任务书'],
    'POST /api/v1/orgs/{id}/rectification/gap-lists': ['createGapList', '制定差距清单或赶超任务书'],
    'POST /api/v1/rectification/gap-lists/{id}/items': ['addGapItem', '增加差距清单事项'],
    'GET /api/v1/rectification/highlights': ['listHighlights', '亮点评选推荐与发布'],
    'POST /api/v1/orgs/{id}/rectification/highlights': ['nominateHighlight', '推荐亮点'],
    'POST /api/v1/rectification/highlights/{id}/select': ['selectHighlight', '亮点入选'],
    'POST /api/v1/rectification/highlights/{id}/reject': ['rejectHighlight', '亮点不予入选'],
    'POST /api/v1/rectification/highlights/{id}/publish': ['publishHighlight', '发布亮点'],
    'POST /api/v1/rectification/highlights/{id}/case': ['keepHighlightAsCase', '收录为典型案例'],
    'GET /api/v1/orgs/{id}/rectification/inspectors': [
      'searchInspectors',
      '可选的检查人员（本级及下级工作人员）',
    ],
    'GET /api/v1/inspections/{id}/bulletin': ['getBulletin', '督查通报（排名、典型问题）'],
    'GET /api/v1/inspections/{id}/bulletin/print': ['printBulletin', '打印督查通报'],
    'GET /api/v1/inspections/{id}/bulletin/print.pdf': ['printBulletinPdf', '督查通报 PDF'],
    'GET /api/v1/inspections/{id}/bulletin.xlsx': ['exportBulletin', '督查通报（.xlsx）'],
    'GET /api/v1/rectification/bulletin': ['getPeriodBulletin', '一段时期的督查通报'],
    'GET /api/v1/rectification/bulletin.xlsx': ['exportPeriodBulletin', '一段时期的督查通报（.xlsx）'],
  },
};
