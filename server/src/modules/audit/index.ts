import { defineModule } from '../../platform/module.ts';
import { auditDocs } from './audit.docs.ts';
import { auditRoutes } from './audit.routes.ts';
import { migrations } from './migrations/index.ts';

export const auditModule = defineModule({
  name: 'audit',
  docs: auditDocs,
  migrations,
  permissions: {
    'audit.read': '查看审计日志',
    'audit.export': '导出审计日志',
    'audit.verify': '校验审计链',
  },
  menu: [
    { key: 'audit', path: '/audit', title: '审计日志', permission: 'audit.read', for: 'admin', order: 90 },
  ],
  routes: auditRoutes,
});

export { verifyAuditChain } from './audit.service.ts';
export type { AuditTables } from './audit.tables.ts';
