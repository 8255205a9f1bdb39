import * as createApiKeys from './20261122T030200_open311_create-api-keys.ts';

export const migrations = {
  '20261122T030200_open311_create-api-keys': createApiKeys,
};
