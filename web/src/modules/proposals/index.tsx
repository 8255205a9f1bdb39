import { CommentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { proposalsMessages } from './i18n.ts';

const ProposalListPage = lazy(() => import('./ProposalListPage.tsx'));
const ProposalNewPage = lazy(() => import('./ProposalNewPage.tsx'));
const ProposalDetailPage = lazy(() => import('./ProposalDetailPage.tsx'));

const ACCESS = ['proposals.read', 'proposals.participate'] as const;

/** Resident proposals in five steps (C26, C27): phone-width pages for residents, the desk for officials. */
export const proposalsModule = defineWebModule({
  name: 'proposals',
  messages: proposalsMessages,
  pages: [
    {
      path: '/proposals',
      element: <ProposalListPage />,
      permission: ACCESS,
      menu: { key: 'proposals', icon: <CommentOutlined />, labelKey: 'proposals.menu' },
    },
    {
      path: '/proposals/new',
      element: <ProposalNewPage />,
      permission: ['proposals.participate', 'proposals.enter'],
    },
    { path: '/proposals/:id', element: <ProposalDetailPage />, permission: ACCESS },
  ],
});
