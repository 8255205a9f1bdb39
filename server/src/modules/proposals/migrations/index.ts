import * as createProposals from './20261122T040100_proposals_create-proposals.ts';
import * as createSubmissionKeys from './20261122T041000_proposals_create-submission-keys.ts';

export const migrations = {
  '20261122T040100_proposals_create-proposals': createProposals,
  '20261122T041000_proposals_create-submission-keys': createSubmissionKeys,
};
