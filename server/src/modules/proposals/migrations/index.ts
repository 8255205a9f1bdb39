import * as createProposals from './20261122T040100_proposals_create-proposals.ts';

export const migrations = {
  '20261122T040100_proposals_create-proposals': createProposals,
};
