import * as createAccounts from './20261121T100200_accounts_create-accounts.ts';
import * as createInstanceKeys from './20261207T010000_accounts_create-instance-keys.ts';
import * as createRateLimits from './20261207T040000_accounts_create-rate-limits.ts';
import * as separateRoleClasses from './20261207T050001_accounts_separate-role-classes.ts';
import * as createPasswordResets from './20261207T050002_accounts_create-password-resets.ts';
import * as addGridRoles from './20261207T142002_accounts_add-grid-roles.ts';
import * as createActivations from './20261208T150000_accounts_create-activations.ts';

export const migrations = {
  '20261121T100200_accounts_create-accounts': createAccounts,
  '20261207T010000_accounts_create-instance-keys': createInstanceKeys,
  '20261207T040000_accounts_create-rate-limits': createRateLimits,
  '20261207T050001_accounts_separate-role-classes': separateRoleClasses,
  '20261207T050002_accounts_create-password-resets': createPasswordResets,
  '20261207T142002_accounts_add-grid-roles': addGridRoles,
  '20261208T150000_accounts_create-activations': createActivations,
};
