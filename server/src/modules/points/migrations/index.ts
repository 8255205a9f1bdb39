import * as createPoints from './20261122T020100_points_create-points.ts';

export const migrations = {
  '20261122T020100_points_create-points': createPoints,
};
