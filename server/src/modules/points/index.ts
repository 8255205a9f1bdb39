import { defineModule } from '../../platform/module.ts';
import { migrations } from './migrations/index.ts';
import { pointsRoutes } from './points.routes.ts';

export {
  type AwardInput,
  type AwardResult,
  awardPoints,
  reverseEntry,
  reverseSource,
} from './points.service.ts';
export { type PointsRule, ruleSetFor } from './rules.ts';

export const pointsModule = defineModule({ name: 'points', migrations, routes: pointsRoutes });
