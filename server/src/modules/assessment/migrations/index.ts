import * as createSchemes from './20261208T140000_assessment_create-schemes.ts';
import * as debriefingsDimensions from './20261209T045000_assessment_debriefings-dimensions.ts';

export const migrations = {
  '20261208T140000_assessment_create-schemes': createSchemes,
  '20261209T045000_assessment_debriefings-dimensions': debriefingsDimensions,
};
