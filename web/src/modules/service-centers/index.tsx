import { ShopOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { serviceCentersMessages } from './i18n.ts';

const CentersPage = lazy(() => import('./CentersPage.tsx'));
const CenterDetailPage = lazy(() => import('./CenterDetailPage.tsx'));

/** Party-mass service centres (党群服务中心): catalogue, opening hours, rooms and bookings. */
export const serviceCentersModule = defineWebModule({
  name: 'service-centers',
  messages: serviceCentersMessages,
  pages: [
    {
      path: '/service-centers',
      element: <CentersPage />,
      permission: 'service_centers.read',
      menu: { key: 'service-centers', icon: <ShopOutlined />, labelKey: 'service-centers.menu' },
    },
    { path: '/service-centers/:id', element: <CenterDetailPage />, permission: 'service_centers.read' },
  ],
});
