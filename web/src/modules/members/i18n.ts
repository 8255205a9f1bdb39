import { defineMessages } from '../../shared/i18n.tsx';

export const membersMessages = defineMessages(
  {
    menu: '党员管理',
    'menu.import': '党员导入',
    'menu.transfers': '关系转接',
    'menu.me': '我的党员档案',
    title: '党员名册',
    'import.title': '批量导入党员',
    'transfers.title': '组织关系转接',
    'me.title': '我的党员档案',
  },
  {
    menu: 'Party members',
    'menu.import': 'Import members',
    'menu.transfers': 'Transfers',
    'menu.me': 'My member record',
    title: 'Member register',
    'import.title': 'Import members',
    'transfers.title': 'Membership transfers',
    'me.title': 'My member record',
  },
);
