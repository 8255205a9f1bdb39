import * as createCases from './20261208T150100_development_create-cases.ts';

export const migrations = {
  '20261208T150100_development_create-cases': createCases,
};
