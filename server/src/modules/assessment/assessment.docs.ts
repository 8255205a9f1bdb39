import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { contractScore, debriefingSchema, schemeSchema, scoreDetailSchema } from './assessment.contract.ts';

z.globalRegistry.add(schemeSchema, { id: 'AssessmentScheme', description: '考核方案' });
z.globalRegistry.add(contractScore, { id: 'AssessmentScore', description: '考核得分' });
z.globalRegistry.add(debriefingSchema, { id: 'AssessmentDebriefing', description: '述职评议会' });
z.globalRegistry.add(scoreDetailSchema, { id: 'AssessmentScoreDetail', description: '考核得分详情' });

/** operationId (`assessment.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const assessmentDocs: RouteDocs = {
  module: 'assessment',
  operations: {
    'POST /api/v1/orgs/{id}/assessment/schemes': ['createScheme', '新建考核方案（新版本）'],
    'GET /api/v1/assessment/schemes': ['listSchemes', '考核方案列表'],
    'GET /api/v1/assessment/schemes/{id}': ['getScheme', '考核方案详情'],
    'POST /api/v1/assessment/schemes/{id}/publish': ['publishScheme', '发布考核方案'],
    'POST /api/v1/assessment/schemes/{id}/recompute': ['recomputeScores', '重新计算考核得分'],
    'GET /api/v1/assessment/scores': ['listScores', '组织及下级的考核得分'],
    'GET /api/v1/assessment/board': ['getBoard', '考核得分一览'],
    'GET /api/v1/assessment/scores/{id}': ['getScore', '考核得分详情（指标、记录、依据）'],
    'POST /api/v1/assessment/scores/{id}/review': ['reviewIndicator', '人工指标评分'],
    'POST /api/v1/assessment/scores/{id}/appeal': ['appealScore', '对得分提出申诉'],
    'POST /api/v1/assessment/scores/{id}/answer': ['answerAppeal', '答复申诉'],
    'POST /api/v1/assessment/scores/{id}/veto': ['vetoStars', '否决降星'],
    'GET /api/v1/assessment/stars': ['listStars', '星级评定'],
    'POST /api/v1/orgs/{id}/assessment/stars/publish': ['publishStars', '发布星级评定'],
    'POST /api/v1/orgs/{id}/assessment/rewards': ['recordReward', '登记连续三年五星奖励'],
    'GET /api/v1/assessment/debriefings': ['listDebriefings', '述职评议会列表'],
    'GET /api/v1/assessment/debriefings/{id}': ['getDebriefing', '述职评议会详情（述职与评议）'],
    'POST /api/v1/orgs/{id}/assessment/debriefings': ['createDebriefing', '召开述职评议会'],
    'POST /api/v1/assessment/debriefings/{id}/reports': ['addDebriefingReport', '登记述职'],
    'POST /api/v1/assessment/debriefings/{id}/rate': ['rateDebriefingReport', '按评议表评议打分'],
    'POST /api/v1/assessment/debriefings/{id}/close': ['closeDebriefing', '结束评议并计入考核'],
    'GET /api/v1/orgs/{id}/assessment/goal-weights.xlsx': [
      'exportGoalWeights',
      '导出党建工作在年度目标中的权重',
    ],
  },
};
