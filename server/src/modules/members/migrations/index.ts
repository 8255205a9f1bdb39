import * as createMembers from './20261122T010000_members_create-members.ts';

export const migrations = {
  '20261122T010000_members_create-members': createMembers,
};
