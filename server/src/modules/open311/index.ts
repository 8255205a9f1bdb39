import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { open311Docs } from './open311.docs.ts';
import { open311RootRoutes, open311Routes } from './open311.routes.ts';

export const open311Module = defineModule({
  name: 'open311',
  docs: open311Docs,
  migrations,
  permissions: {
    'open311.manage_keys': '管理热线接口密钥',
    'open311.manage_services': '设置热线服务定义',
  },
  menu: [
    {
      key: 'open311-keys',
      path: '/open311-keys',
      title: '热线接口密钥',
      permission: 'open311.manage_keys',
      for: 'admin',
      order: 86,
    },
    {
      key: 'open311-services',
      path: '/open311-services',
      title: '热线服务定义',
      permission: 'open311.manage_services',
      for: ['district', 'admin'],
      order: 87,
    },
  ],
  routes: open311Routes,
  rootRoutes: open311RootRoutes,
});

export type { Open311Tables } from './open311.tables.ts';
