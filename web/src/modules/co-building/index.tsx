import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { coBuildingMessages } from './i18n.ts';

const CoBuildingPage = lazy(() => import('./CoBuildingPage.tsx'));

/** 共驻共建 (C23): resident units, joint meetings with problems solved, activities, agreements, figures. */
export const coBuildingModule = defineWebModule({
  name: 'co-building',
  messages: coBuildingMessages,
  pages: [
    {
      path: '/co-building',
      element: <CoBuildingPage />,
      permission: 'co_building.read',
      menu: { key: 'co-building', icon: <ApartmentOutlined />, labelKey: 'co-building.menu' },
    },
  ],
});
