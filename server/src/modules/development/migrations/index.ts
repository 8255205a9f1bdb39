import * as createCases from './20261208T150100_development_create-cases.ts';
import * as createRules from './20261209T030000_development_create-rules.ts';
import * as createFiles from './20261209T030100_development_create-files.ts';

export const migrations = {
  '20261208T150100_development_create-cases': createCases,
  '20261209T030000_development_create-rules': createRules,
  '20261209T030100_development_create-files': createFiles,
};
