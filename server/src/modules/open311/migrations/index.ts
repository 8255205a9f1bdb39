import * as createApiKeys from './20261122T030200_open311_create-api-keys.ts';
import * as createServiceAttributes from './20261207T123000_open311_create-service-attributes.ts';

export const migrations = {
  '20261122T030200_open311_create-api-keys': createApiKeys,
  '20261207T123000_open311_create-service-attributes': createServiceAttributes,
};
