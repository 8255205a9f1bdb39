import * as createCases from './20261208T150100_development_create-cases.ts';
import * as createRules from './20261209T046000_development_create-rules.ts';
import * as createFiles from './20261209T046100_development_create-files.ts';

export const migrations = {
  '20261208T150100_development_create-cases': createCases,
  '20261209T046000_development_create-rules': createRules,
  '20261209T046100_development_create-files': createFiles,
};
