import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedProposalsDemo } from './proposals.demo.ts';
import { proposalsDocs } from './proposals.docs.ts';
import { proposalsRoutes } from './proposals.routes.ts';

export const proposalsModule = defineModule({
  name: 'proposals',
  docs: proposalsDocs,
  migrations,
  permissions: {
    'proposals.read': '查看群众提案',
    'proposals.participate': '参与群众提案',
    'proposals.enter': '代录群众提案',
    'proposals.manage': '办理群众提案',
    'proposals.configure': '设置提案规则',
  },
  menu: [
    {
      key: 'proposals',
      path: '/proposals',
      title: '群众提案',
      permission: ['proposals.read', 'proposals.participate'],
      for: ['branch', 'resident'],
      order: 40,
    },
  ],
  routes: proposalsRoutes,
  seedDemo: seedProposalsDemo,
});

export type { ProposalStatus } from './proposals.contract.ts';
/** For other modules: promote a service request into a proposal (keeps the link to the request). */
export { createProposalFromRequest, type PromoteRequestInput } from './proposals.service.ts';

export type { ProposalsTables } from './proposals.tables.ts';
