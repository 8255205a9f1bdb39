import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { orgsMessages } from './i18n.ts';
import { OrgTree } from './OrgTree.tsx';

const OrgListPage = lazy(() => import('./OrgListPage.tsx'));
const OrgDetailPage = lazy(() => import('./OrgDetailPage.tsx'));

/** Organization tree (C01, C02): search, detail, create, rename, move, close, part-time members. */
export const orgsModule = defineWebModule({
  name: 'orgs',
  messages: orgsMessages,
  pages: [
    {
      path: '/orgs',
      element: <OrgListPage />,
      permission: 'orgs.read',
      menu: { key: 'orgs', icon: <ApartmentOutlined />, labelKey: 'orgs.menu' },
    },
    { path: '/orgs/:id', element: <OrgDetailPage />, permission: 'orgs.read' },
  ],
  sidePanel: { permission: 'orgs.read', component: OrgTree },
});
