import * as createRequests from './20261122T030100_service-requests_create-requests.ts';
import * as createReturnVisits from './20261207T142001_service-requests_create-return-visits.ts';

export const migrations = {
  '20261122T030100_service-requests_create-requests': createRequests,
  '20261207T142001_service-requests_create-return-visits': createReturnVisits,
};
