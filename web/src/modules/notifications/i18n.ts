import { defineMessages } from '../../shared/i18n.tsx';

export const notificationsMessages = defineMessages(
  {
    title: '我的待办',
    intro: '需要您处理或知晓的事项：各业务模块按您的职责和本人记录列出。',
    bell: '待办',
    'bell.unread': '待办：{count} 条未读',
    'bell.none': '待办：没有未读',
    empty: '暂无待办',
    markAll: '全部标为已读',
    unread: '未读',
    overdue: '已超期',
    open: '查看',
  },
  {
    title: 'My to-do list',
    intro: 'What you need to handle or know, listed by each module from your duties and your own records.',
    bell: 'To-do',
    'bell.unread': 'To-do: {count} unread',
    'bell.none': 'To-do: nothing unread',
    empty: 'Nothing to do',
    markAll: 'Mark all as read',
    unread: 'Unread',
    overdue: 'Overdue',
    open: 'Open',
  },
);
