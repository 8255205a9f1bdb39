import { IdcardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { activationMessages } from './activation.i18n.ts';

const ActivatePage = lazy(() => import('./ActivatePage.tsx'));
const MemberActivationsPage = lazy(() => import('./MemberActivationsPage.tsx'));

/** 实名注册: members activate their own accounts (public page) and branches issue the codes. */
export const activationModule = defineWebModule({
  name: 'activation',
  messages: activationMessages,
  pages: [
    { path: '/login/activate', element: <ActivatePage /> },
    {
      path: '/member-activations',
      personalData: true,
      element: <MemberActivationsPage />,
      permission: 'accounts.invite',
      menu: { key: 'member-activations', icon: <IdcardOutlined />, labelKey: 'activation.menu' },
    },
  ],
});
