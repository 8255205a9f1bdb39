import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { serviceRequestsAuditObjects } from './service-requests.audit.ts';
import { seedServiceRequestsDemo } from './service-requests.demo.ts';
import { serviceRequestsDocs } from './service-requests.docs.ts';
import { requestPrintRoutes } from './service-requests.print.ts';
import { visitFigures } from './service-requests.queries.ts';
import { serviceRequestsRoutes } from './service-requests.routes.ts';
import { serviceRequestsTodos } from './service-requests.todos.ts';

export type { RequestEventDto, RequestLevel } from './service-requests.contract.ts';
export { escalateOverdueRequests, type OverdueSweep } from './service-requests.jobs.ts';
export { findRequestEvents, getRequest, getVisibleRequest } from './service-requests.queries.ts';
export {
  type RequestActor,
  type RequestContext,
  recordHotlineUpdate,
  submitRequest,
} from './service-requests.service.ts';

export const serviceRequestsModule = defineModule({
  name: 'service-requests',
  docs: serviceRequestsDocs,
  migrations,
  auditObjects: serviceRequestsAuditObjects,
  permissions: {
    'service_requests.read': '查看民情诉求',
    'service_requests.submit': '提交诉求',
    'service_requests.handle': '办理诉求',
    'service_requests.escalate': '上报诉求',
    'service_requests.confirm': '确认诉求办结',
    'service_requests.stats': '查看诉求统计',
    'service_requests.configure': '设置诉求规则',
  },
  menu: [
    {
      key: 'my-requests',
      path: '/my-requests',
      title: '我的诉求',
      permission: 'service_requests.confirm',
      for: 'resident',
      order: 6,
    },
    {
      key: 'service-requests',
      path: '/service-requests',
      title: '民情诉求',
      permission: 'service_requests.read',
      for: 'branch',
      order: 39,
    },
  ],
  figures: [
    {
      key: 'service_requests.satisfaction',
      title: '本月诉求回访满意率（%）',
      permission: 'service_requests.stats',
      compute: async ({ db, org, today }) => {
        const { totals } = await visitFigures(db, org.path, `${today.slice(0, 7)}-01`, today);
        return totals.satisfactionRate === null ? 0 : Math.round(totals.satisfactionRate * 100);
      },
      drill: { path: '/service-requests', query: { rating: 'any', ratedIn: 'this_month' } },
    },
    {
      key: 'service_requests.dissatisfied',
      title: '本月回访不满意或未解决（件）',
      permission: 'service_requests.stats',
      compute: async ({ db, org, today }) => {
        const { totals } = await visitFigures(db, org.path, `${today.slice(0, 7)}-01`, today);
        return totals.unsatisfied + totals.notSolved;
      },
      drill: { path: '/service-requests', query: { rating: 'negative', ratedIn: 'this_month' } },
    },
  ],
  exports: [
    {
      key: 'service_requests.ledger',
      title: '民情诉求台账（含办理过程与时限）',
      path: '/service-requests/ledger.xlsx?orgId=:id',
      permission: 'service_requests.read',
    },
  ],
  async routes(app) {
    await app.register(serviceRequestsRoutes);
    await app.register(requestPrintRoutes);
  },
  todos: serviceRequestsTodos,
  seedDemo: seedServiceRequestsDemo,
});

export { requestFacts } from './service-requests.facts.ts';
export type { ServiceRequestsTables } from './service-requests.tables.ts';
export { publishTestTimeRule } from './service-requests.testkit.ts';
