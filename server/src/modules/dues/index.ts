import { defineModule } from '../../platform/module.ts';
import { seedDuesDemo } from './dues.demo.ts';
import { duesDocs } from './dues.docs.ts';
import { countUnpaidLastMonth } from './dues.queries.ts';
import { duesRoutes } from './dues.routes.ts';
import { migrations } from './migrations/index.ts';

/**
 * 党费 (C05): the calculator on versioned rules (brackets on the whole base by category), yearly
 * base declarations approved by the level above the branch, the branch's monthly ledger with
 * advance and late payments and its export, arrears with the six-month flag (the software flags
 * and records, it never removes a member), and fund movements (collection, remittance, returns).
 */
export const duesModule = defineModule({
  name: 'dues',
  docs: duesDocs,
  migrations,
  permissions: {
    'dues.read': '查看党费',
    'dues.record': '登记党费',
    'dues.approve': '审核党费基数',
    'dues.read_own': '查看本人党费',
  },
  menu: [
    { key: 'dues', path: '/dues', title: '党费收缴', permission: 'dues.read', for: 'branch', order: 38 },
    {
      key: 'my-dues',
      path: '/my-dues',
      title: '我的党费',
      permission: 'dues.read_own',
      for: 'member',
      order: 12,
    },
  ],
  figures: [
    {
      key: 'dues.unpaid',
      title: '上月未交党费人数',
      permission: 'dues.read',
      compute: ({ db, org, today }) => countUnpaidLastMonth(db, org.path, today),
      drill: { path: '/dues', query: { tab: 'arrears' } },
    },
  ],
  routes: duesRoutes,
  seedDemo: seedDuesDemo,
});

export type { DuesTables } from './dues.tables.ts';
