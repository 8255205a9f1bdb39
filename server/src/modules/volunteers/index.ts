import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedVolunteersDemo } from './volunteers.demo.ts';
import { volunteersDocs } from './volunteers.docs.ts';
import { volunteersRoutes } from './volunteers.routes.ts';

export const volunteersModule = defineModule({
  name: 'volunteers',
  docs: volunteersDocs,
  migrations,
  permissions: {
    'volunteers.read': '查看志愿服务',
    'volunteers.manage': '管理志愿服务',
    'volunteers.participate': '参加志愿服务',
  },
  menu: [
    {
      key: 'volunteers',
      path: '/volunteers',
      title: '志愿服务',
      permission: ['volunteers.read', 'volunteers.participate'],
      for: ['branch', 'member', 'resident'],
      order: 43,
    },
  ],
  routes: volunteersRoutes,
  seedDemo: seedVolunteersDemo,
});

export { volunteerHourFacts } from './volunteers.facts.ts';
export type { VolunteersTables } from './volunteers.tables.ts';
