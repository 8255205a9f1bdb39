import {
  AuditOutlined,
  IdcardOutlined,
  IssuesCloseOutlined,
  SettingOutlined,
  SwapOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import { defineWebModule } from '../../app/module.ts';
import { membersMessages } from './i18n.ts';

const MembersPage = lazy(() => import('./MembersPage.tsx'));
const MemberDetailPage = lazy(() => import('./MemberDetailPage.tsx'));
const ImportPage = lazy(() => import('./ImportPage.tsx'));
const TransfersPage = lazy(() => import('./TransfersPage.tsx'));
const MyMemberPage = lazy(() => import('./MyMemberPage.tsx'));
const RulesPage = lazy(() => import('./RulesPage.tsx'));
const ExportRequestsPage = lazy(() => import('./ExportRequestsPage.tsx'));
const ConflictsPage = lazy(() => import('./ConflictsPage.tsx'));

/** The member register: list, detail, reveal, import, export, transfers and party birthdays. */
export const membersModule = defineWebModule({
  name: 'members',
  messages: membersMessages,
  pages: [
    {
      path: '/members',
      personalData: true,
      element: <MembersPage />,
      permission: 'members.read',
      menu: { key: 'members', icon: <TeamOutlined />, labelKey: 'members.menu' },
    },
    {
      path: '/members/:id',
      personalData: true,
      element: <MemberDetailPage />,
      permission: ['members.read', 'members.read_self'],
    },
    {
      path: '/member-import',
      element: <ImportPage />,
      permission: 'members.import',
      menu: { key: 'member-import', icon: <UploadOutlined />, labelKey: 'members.menu.import' },
    },
    {
      path: '/member-transfers',
      personalData: true,
      element: <TransfersPage />,
      permission: 'members.transfer',
      menu: {
        key: 'member-transfers',
        icon: <SwapOutlined />,
        labelKey: 'members.menu.transfers',
      },
    },
    {
      path: '/member-rules',
      element: <RulesPage />,
      permission: 'members.read',
      menu: { key: 'member-rules', icon: <SettingOutlined />, labelKey: 'members.menu.rules' },
    },
    {
      path: '/member-export-requests',
      personalData: true,
      element: <ExportRequestsPage />,
      permission: ['members.export_unmasked', 'members.approve_export'],
      menu: {
        key: 'member-export-requests',
        icon: <AuditOutlined />,
        labelKey: 'members.menu.exportRequests',
      },
    },
    {
      path: '/member-registration-conflicts',
      personalData: true,
      element: <ConflictsPage />,
      permission: 'members.transfer',
      menu: {
        key: 'member-registration-conflicts',
        icon: <IssuesCloseOutlined />,
        labelKey: 'members.menu.conflicts',
      },
    },
    {
      path: '/me/member',
      personalData: true,
      element: <MyMemberPage />,
      permission: 'members.read_self',
      menu: { key: 'me-member', icon: <IdcardOutlined />, labelKey: 'members.menu.me' },
    },
  ],
});
