import { defineMessages } from '../../shared/i18n.tsx';

export const newOrgsMessages = defineMessages(
  { menu: '“两新”组织', title: '“两新”组织' },
  { menu: 'New economic and social orgs', title: 'Non-public enterprises and social organizations' },
);
