import { SolutionOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { developmentMessages } from './i18n.ts';

const DevelopmentPage = lazy(() => import('./DevelopmentPage.tsx'));
const DevelopmentRulesPage = lazy(() => import('./DevelopmentRulesPage.tsx'));

/** 发展党员: the pipeline per branch and its supervision by the level above. */
export const developmentModule = defineWebModule({
  name: 'development',
  messages: developmentMessages,
  pages: [
    {
      path: '/development',
      personalData: true,
      element: <DevelopmentPage />,
      permission: 'development.read',
      menu: { key: 'development', icon: <SolutionOutlined />, labelKey: 'development.menu' },
    },
    { path: '/development/rules', element: <DevelopmentRulesPage />, permission: 'development.read' },
  ],
});
