import { defineMessages } from '../../shared/i18n.tsx';

export const cockpitMessages = defineMessages(
  {
    menu: '驾驶舱',
    title: '党建驾驶舱',
    org: '选择组织',
    asTable: '以表格查看',
    asChart: '以图表查看',
    chartDescription: '{title}图表：{items}',
    item: '{label} {count}',
    columnLabel: '项目',
    columnCount: '数量',
  },
  {
    menu: 'Cockpit',
    title: 'Party-building cockpit',
    org: 'Choose an organization',
    asTable: 'View as table',
    asChart: 'View as chart',
    chartDescription: '{title} chart: {items}',
    item: '{label} {count}',
    columnLabel: 'Item',
    columnCount: 'Count',
  },
);
