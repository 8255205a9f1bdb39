import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedProposalsDemo } from './proposals.demo.ts';
import { proposalsRoutes } from './proposals.routes.ts';

export const proposalsModule = defineModule({
  name: 'proposals',
  migrations,
  routes: proposalsRoutes,
  seedDemo: seedProposalsDemo,
});

export type { ProposalStatus } from './proposals.contract.ts';
/** For other modules: promote a service request into a proposal (keeps the link to the request). */
export { createProposalFromRequest, type PromoteRequestInput } from './proposals.service.ts';
