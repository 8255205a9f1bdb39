import { AuditOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { auditMessages } from './i18n.ts';

const AuditPage = lazy(() => import('./AuditPage.tsx'));

/** The audit log viewer (audit administrator): filters, CSV export, hash-chain verification. */
export const auditModule = defineWebModule({
  name: 'audit',
  messages: auditMessages,
  pages: [
    {
      path: '/audit',
      personalData: true,
      element: <AuditPage />,
      permission: 'audit.read',
      menu: { key: 'audit', icon: <AuditOutlined />, labelKey: 'audit.menu' },
    },
  ],
});
