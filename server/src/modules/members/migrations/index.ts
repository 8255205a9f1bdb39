import * as createMembers from './20261122T010000_members_create-members.ts';
import * as birthdayRollups from './20261122T100100_members_birthday-rollups.ts';
import * as createImportJobs from './20261122T110000_members_create-import-jobs.ts';
import * as orderRollupWrites from './20261207T020000_members_order-rollup-writes.ts';
import * as personalData from './20261207T060001_members_personal-data.ts';
import * as educationSynonyms from './20261207T130000_members_education-synonyms.ts';
import * as joinAgeProbationSetup from './20261207T133000_members_join-age-probation-setup-rules.ts';

export const migrations = {
  '20261122T010000_members_create-members': createMembers,
  '20261122T100100_members_birthday-rollups': birthdayRollups,
  '20261122T110000_members_create-import-jobs': createImportJobs,
  '20261207T020000_members_order-rollup-writes': orderRollupWrites,
  '20261207T060001_members_personal-data': personalData,
  '20261207T130000_members_education-synonyms': educationSynonyms,
  '20261207T133000_members_join-age-probation-setup-rules': joinAgeProbationSetup,
};
