import type { FigureContext } from '../../platform/module.ts';
import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { seedRectificationDemo } from './rectification.demo.ts';
import { rectificationDocs } from './rectification.docs.ts';
import { rectificationFigures } from './rectification.queries.ts';
import { rectificationRoutes } from './rectification.routes.ts';

export { sweepRectificationDaily } from './rectification.jobs.ts';
export { type NewItem, openRectificationItem, sweepItems } from './rectification.service.ts';

type FigureKey = keyof Awaited<ReturnType<typeof rectificationFigures>>;
const figure =
  (key: FigureKey) =>
  async ({ db, org, today }: FigureContext) =>
    (await rectificationFigures(db, org.path, Number(today.slice(0, 4)), today))[key];

/**
 * 督查整改 (C14): inspection campaigns (专项检查, 暗访) with findings and evidence, and the
 * rectification items every finding opens (限时整改: working-day deadline, reminder, escalation,
 * verification, return, closing). Inspections live here, not in a module of their own: a finding
 * and its item are one transaction, and the other sources of items (site-visit comments, gap
 * lists) open theirs through `openRectificationItem`.
 */
export const rectificationModule = defineModule({
  name: 'rectification',
  docs: rectificationDocs,
  migrations,
  permissions: {
    'rectification.read': '查看督查整改',
    'rectification.launch': '发起督查检查',
    'rectification.inspect': '记录检查问题',
    'rectification.rectify': '提交整改',
    'rectification.verify': '审核整改',
  },
  menu: [
    {
      key: 'inspections',
      path: '/inspections',
      title: '督查检查',
      permission: 'rectification.launch',
      for: 'street',
      order: 45,
    },
    {
      key: 'rectification',
      path: '/rectification',
      title: '限时整改',
      permission: 'rectification.read',
      for: 'branch',
      order: 46,
    },
    {
      key: 'site-visits',
      path: '/site-visits',
      title: '现场观摩',
      permission: 'rectification.launch',
      for: 'street',
      order: 47,
    },
    {
      key: 'gap-lists',
      path: '/gap-lists',
      title: '差距清单',
      permission: 'rectification.read',
      for: 'branch',
      order: 48,
    },
    {
      key: 'highlights',
      path: '/highlights',
      title: '亮点评选',
      permission: 'rectification.read',
      for: 'branch',
      order: 49,
    },
    {
      key: 'interviews',
      path: '/interviews',
      title: '约谈',
      permission: 'rectification.launch',
      for: 'street',
      order: 47,
    },
  ],
  figures: [
    {
      key: 'rectification.findings',
      title: '本年检查发现问题',
      permission: 'rectification.read',
      compute: figure('findings'),
      drill: { path: '/rectification', query: { sourceKind: 'inspection' } },
    },
    {
      key: 'rectification.on_time',
      title: '按时整改到位',
      permission: 'rectification.read',
      compute: figure('onTime'),
      drill: { path: '/rectification', query: { status: 'verified' } },
    },
    {
      key: 'rectification.overdue',
      title: '逾期未整改',
      permission: 'rectification.read',
      compute: figure('overdue'),
      drill: { path: '/rectification', query: { status: 'overdue' } },
    },
    {
      key: 'rectification.returned',
      title: '退回重新整改',
      permission: 'rectification.read',
      compute: figure('returned'),
      drill: { path: '/rectification', query: { status: 'returned' } },
    },
    {
      key: 'rectification.hard_solved',
      title: '攻克难题',
      permission: 'rectification.read',
      compute: figure('hardSolved'),
      drill: { path: '/rectification', query: { hard: 'true', status: 'verified' } },
    },
  ],
  routes: rectificationRoutes,
  seedDemo: seedRectificationDemo,
});

export { rectificationFacts } from './rectification.facts.ts';
export type { RectificationTables } from './rectification.tables.ts';
