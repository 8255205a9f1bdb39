import { defineMessages } from '../../shared/i18n.tsx';

export const cockpitMessages = defineMessages(
  { menu: '驾驶舱', title: '党建驾驶舱' },
  { menu: 'Cockpit', title: 'Party-building cockpit' },
);
