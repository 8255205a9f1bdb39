import { AuditOutlined, StarOutlined, TrophyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { pointsMessages } from './i18n.ts';

const MyPointsPage = lazy(() => import('./MyPointsPage.tsx'));
const RankingPage = lazy(() => import('./RankingPage.tsx'));
const RequestsPage = lazy(() => import('./RequestsPage.tsx'));

/** Member points (C07): a member's own points at phone width; rankings and totals for secretaries. */
export const pointsModule = defineWebModule({
  name: 'points',
  messages: pointsMessages,
  pages: [
    {
      path: '/points/me',
      element: <MyPointsPage />,
      permission: 'points.read_own',
      menu: { key: 'points-me', icon: <StarOutlined />, labelKey: 'points.menu' },
    },
    {
      path: '/points/ranking',
      element: <RankingPage />,
      permission: 'points.read',
      menu: { key: 'points-ranking', icon: <TrophyOutlined />, labelKey: 'points.menu.ranking' },
    },
    {
      path: '/points/requests',
      element: <RequestsPage />,
      permission: ['points.request', 'points.approve'],
      menu: { key: 'points-requests', icon: <AuditOutlined />, labelKey: 'points.menu.requests' },
    },
  ],
});
