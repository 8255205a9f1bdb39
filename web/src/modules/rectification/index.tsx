import {
  AuditOutlined,
  CommentOutlined,
  EnvironmentOutlined,
  RiseOutlined,
  StarOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { rectificationMessages } from './i18n.ts';

const RectificationPage = lazy(() => import('./RectificationPage.tsx'));
const InspectionsPage = lazy(() => import('./InspectionsPage.tsx'));
const InterviewsPage = lazy(() => import('./InterviewsPage.tsx'));
const SiteVisitsPage = lazy(() => import('./SiteVisitsPage.tsx'));
const GapListsPage = lazy(() => import('./GapListsPage.tsx'));
const HighlightsPage = lazy(() => import('./HighlightsPage.tsx'));

export const rectificationModule = defineWebModule({
  name: 'rectification',
  messages: rectificationMessages,
  pages: [
    {
      path: '/rectification',
      element: <RectificationPage />,
      permission: 'rectification.read',
      menu: { key: 'rectification', icon: <ToolOutlined />, labelKey: 'rectification.menu.items' },
    },
    {
      path: '/inspections',
      element: <InspectionsPage />,
      permission: 'rectification.launch',
      menu: { key: 'inspections', icon: <AuditOutlined />, labelKey: 'rectification.menu.inspections' },
    },
    {
      path: '/interviews',
      element: <InterviewsPage />,
      permission: 'rectification.launch',
      menu: { key: 'interviews', icon: <CommentOutlined />, labelKey: 'rectification.menu.interviews' },
    },
    {
      path: '/site-visits',
      element: <SiteVisitsPage />,
      permission: 'rectification.launch',
      menu: { key: 'site-visits', icon: <EnvironmentOutlined />, labelKey: 'rectification.menu.visits' },
    },
    {
      path: '/gap-lists',
      element: <GapListsPage />,
      permission: 'rectification.read',
      menu: { key: 'gap-lists', icon: <RiseOutlined />, labelKey: 'rectification.menu.gaps' },
    },
    {
      path: '/highlights',
      element: <HighlightsPage />,
      permission: 'rectification.read',
      menu: { key: 'highlights', icon: <StarOutlined />, labelKey: 'rectification.menu.highlights' },
    },
  ],
});
