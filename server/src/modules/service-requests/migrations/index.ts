import * as createRequests from './20261122T030100_service-requests_create-requests.ts';

export const migrations = {
  '20261122T030100_service-requests_create-requests': createRequests,
};
