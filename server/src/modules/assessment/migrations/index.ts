import * as createSchemes from './20261208T140000_assessment_create-schemes.ts';

export const migrations = {
  '20261208T140000_assessment_create-schemes': createSchemes,
};
