import { TrophyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { assessmentMessages } from './i18n.ts';

const AssessmentPage = lazy(() => import('./AssessmentPage.tsx'));

export const assessmentModule = defineWebModule({
  name: 'assessment',
  messages: assessmentMessages,
  pages: [
    {
      path: '/assessment',
      element: <AssessmentPage />,
      permission: 'assessment.read',
      menu: { key: 'assessment', icon: <TrophyOutlined />, labelKey: 'assessment.menu' },
    },
  ],
});
