import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { arrearsItem, calculation, declarationSchema } from './dues.contract.ts';

z.globalRegistry.add(calculation, { id: 'DuesCalculation', description: '党费计算结果' });
z.globalRegistry.add(arrearsItem, { id: 'DuesArrears', description: '党员欠缴党费情况' });
z.globalRegistry.add(declarationSchema, { id: 'DuesDeclaration', description: '党费基数申报' });

/** operationId (`dues.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const duesDocs: RouteDocs = {
  module: 'dues',
  operations: {
    'GET /api/v1/dues/calculate': ['calculate', '按基数和类别计算月交党费'],
    'GET /api/v1/dues/rules': ['listRules', '党费标准版本'],
    'GET /api/v1/dues/declarations': ['listDeclarations', '党费基数申报'],
    'POST /api/v1/orgs/{id}/dues/declarations': ['declareBase', '申报党费基数'],
    'POST /api/v1/dues/declarations/{id}/approve': ['approveDeclaration', '审核通过党费基数'],
    'POST /api/v1/dues/declarations/{id}/reject': ['rejectDeclaration', '退回党费基数申报'],
    'GET /api/v1/orgs/{id}/dues/ledger': ['getLedger', '党费收缴台账'],
    'GET /api/v1/orgs/{id}/dues/ledger.xlsx': ['exportLedger', '导出党费台账'],
    'POST /api/v1/orgs/{id}/dues/payments': ['recordPayment', '登记党费交纳'],
    'GET /api/v1/dues/arrears': ['listArrears', '欠缴党费党员'],
    'GET /api/v1/dues/summary': ['getFigures', '党费收缴概况（按下级组织）'],
    'POST /api/v1/orgs/{id}/dues/reasons': ['recordReason', '登记未交纳原因'],
    'GET /api/v1/dues/movements': ['listMovements', '党费收缴、上缴与返还'],
    'POST /api/v1/orgs/{id}/dues/movements': ['recordMovement', '登记党费收缴、上缴或返还'],
    'GET /api/v1/dues/mine': ['getMine', '我的党费'],
  },
};
