import * as createAccounts from './20261121T100200_accounts_create-accounts.ts';

export const migrations = {
  '20261121T100200_accounts_create-accounts': createAccounts,
};
