import { IdcardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { activationMessages } from './activation.i18n.ts';

const ActivatePage = lazy(() => import('./ActivatePage.tsx'));
const RegisterPage = lazy(() => import('./RegisterPage.tsx'));
const MemberActivationsPage = lazy(() => import('./MemberActivationsPage.tsx'));

/**
 * 实名注册: members activate their own accounts (public page) and branches issue the codes;
 * residents register with a phone number and an SMS code (public page).
 */
export const activationModule = defineWebModule({
  name: 'activation',
  messages: activationMessages,
  pages: [
    { path: '/login/activate', element: <ActivatePage /> },
    { path: '/login/register', element: <RegisterPage /> },
    {
      path: '/member-activations',
      personalData: true,
      element: <MemberActivationsPage />,
      permission: 'accounts.invite',
      menu: { key: 'member-activations', icon: <IdcardOutlined />, labelKey: 'activation.menu' },
    },
  ],
});
