import { ApiOutlined, AppstoreOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { open311Messages } from './i18n.ts';

const Open311KeysPage = lazy(() => import('./Open311KeysPage.tsx'));
const Open311ServicesPage = lazy(() => import('./Open311ServicesPage.tsx'));

/** API keys of the city hotline's Open311 GeoReport v2 interchange (system administrator). */
export const open311Module = defineWebModule({
  name: 'open311',
  messages: open311Messages,
  pages: [
    {
      path: '/open311-keys',
      element: <Open311KeysPage />,
      permission: 'open311.manage_keys',
      menu: { key: 'open311-keys', icon: <ApiOutlined />, labelKey: 'open311.menu' },
    },
    {
      path: '/open311-services',
      element: <Open311ServicesPage />,
      permission: 'open311.manage_services',
      menu: { key: 'open311-services', icon: <AppstoreOutlined />, labelKey: 'open311.services.menu' },
    },
  ],
});
