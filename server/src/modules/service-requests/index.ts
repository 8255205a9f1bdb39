import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedServiceRequestsDemo } from './service-requests.demo.ts';
import { serviceRequestsRoutes } from './service-requests.routes.ts';

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
  migrations,
  routes: serviceRequestsRoutes,
  seedDemo: seedServiceRequestsDemo,
});
