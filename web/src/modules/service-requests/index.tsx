import { MessageOutlined, SolutionOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { serviceRequestsMessages } from './i18n.ts';

const MyRequestsPage = lazy(() => import('./MyRequestsPage.tsx'));
const RequestDeskPage = lazy(() => import('./RequestDeskPage.tsx'));

/** Resident requests (民情诉求): the resident's phone page and the official's desk. */
export const serviceRequestsModule = defineWebModule({
  name: 'service-requests',
  messages: serviceRequestsMessages,
  pages: [
    {
      path: '/my-requests',
      element: <MyRequestsPage />,
      permission: 'service_requests.confirm',
      menu: {
        key: 'my-requests',
        icon: <MessageOutlined />,
        labelKey: 'service-requests.menu.mine',
      },
    },
    {
      path: '/service-requests',
      personalData: true,
      element: <RequestDeskPage />,
      permission: 'service_requests.read',
      menu: {
        key: 'service-requests',
        icon: <SolutionOutlined />,
        labelKey: 'service-requests.menu.desk',
      },
    },
  ],
});
